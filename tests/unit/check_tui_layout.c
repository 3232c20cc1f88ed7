/* check_tui_layout.c: stub, to be written. */
#include "config.h"

#include "suites.h"

Suite *
tui_layout_suite(void)
{
	return suite_create("tui_layout");
}
