/* suites.h: the Check suites of the unit test program, one per module. */
#ifndef LOGPROC_SUITES_H
#define LOGPROC_SUITES_H

#include <check.h>

Suite *parse_suite(void);
Suite *record_suite(void);
Suite *rotate_suite(void);
Suite *catalog_suite(void);
Suite *malform_suite(void);
Suite *stamp_suite(void);
Suite *histogram_suite(void);
Suite *agg_suite(void);
Suite *timestamp_suite(void);
Suite *reader_suite(void);
Suite *segment_suite(void);
Suite *dispatch_suite(void);
Suite *ckpt_suite(void);
Suite *engine_suite(void);
Suite *engine_view_suite(void);
Suite *tui_text_suite(void);
Suite *tui_layout_suite(void);
Suite *tui_model_suite(void);
Suite *fastpath_suite(void);
Suite *arena_suite(void);
Suite *tables_suite(void);
Suite *log_suite(void);
Suite *level_suite(void);
Suite *duration_suite(void);
Suite *schema_suite(void);

#endif /* LOGPROC_SUITES_H */
