/* check_main.c: runs every unit test suite; exit 0 when all pass. */
#include "config.h"

#include <stdlib.h>

#include "suites.h"

int
main(void)
{
	SRunner *runner = srunner_create(parse_suite());
	int failed;

	srunner_add_suite(runner, record_suite());
	srunner_add_suite(runner, rotate_suite());
	srunner_add_suite(runner, catalog_suite());
	srunner_add_suite(runner, malform_suite());
	srunner_add_suite(runner, stamp_suite());
	srunner_add_suite(runner, histogram_suite());
	srunner_add_suite(runner, agg_suite());
	srunner_add_suite(runner, timestamp_suite());
	srunner_add_suite(runner, reader_suite());
	srunner_add_suite(runner, segment_suite());
	srunner_add_suite(runner, dispatch_suite());
	srunner_add_suite(runner, ckpt_suite());
	srunner_add_suite(runner, engine_suite());
	srunner_add_suite(runner, engine_view_suite());
	srunner_add_suite(runner, tui_text_suite());
	srunner_add_suite(runner, tui_layout_suite());
	srunner_add_suite(runner, tui_model_suite());
	srunner_add_suite(runner, fastpath_suite());
	srunner_add_suite(runner, arena_suite());
	srunner_add_suite(runner, tables_suite());
	srunner_add_suite(runner, log_suite());
	srunner_add_suite(runner, level_suite());
	srunner_add_suite(runner, duration_suite());
	srunner_add_suite(runner, schema_suite());
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
