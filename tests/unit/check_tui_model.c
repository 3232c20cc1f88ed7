/* check_tui_model.c: stub, to be written. */
#include "config.h"

#include "suites.h"

Suite *
tui_model_suite(void)
{
	return suite_create("tui_model");
}
