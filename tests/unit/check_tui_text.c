/* check_tui_text.c: stub, to be written. */
#include "config.h"

#include "suites.h"

Suite *
tui_text_suite(void)
{
	return suite_create("tui_text");
}
