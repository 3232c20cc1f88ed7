/* check_engine_view.c: engine_view, engine_pause, engine_set_workers. */
#include "config.h"

#include "suites.h"

Suite *
engine_view_suite(void)
{
	return suite_create("engine_view");
}
