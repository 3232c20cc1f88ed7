/* rows.h: the text of every row of the dashboard, built from an engine
 * view and the model for a given width, as lines (text plus roles). The
 * drawing code only places these lines; everything shown is decided and
 * tested here, without a terminal. */
#ifndef LOGPROC_ROWS_H
#define LOGPROC_ROWS_H

#include <stddef.h>

#include "engine/engine.h"
#include "tui/line.h"
#include "tui/model.h"

struct rows_context {
	const struct model *model;
	const struct engine_view *view;
	double now;			/* seconds, the model's clock */
	const char *logs_dir;		/* untrusted: escaped when shown */
	const char *pattern;
};

/* The columns of the segment rows for one width; 0 means not shown. */
struct rows_segment_columns {
	int name, state, size, offset, bar, percent, lines, worker;
};

#define ROWS_HEADER 3
#define ROWS_STATS_MAX 64

void rows_header(const struct rows_context *context, int columns,
    struct line lines[ROWS_HEADER]);
void rows_title(const struct rows_context *context, enum model_panel panel,
    int columns, struct line *line);
void rows_segment_columns(int columns, struct rows_segment_columns *out);
void rows_segment_heading(int columns, struct line *line);
void rows_segment(const struct engine_segment_view *segment, int columns,
    struct line *line);
void rows_worker_heading(int columns, struct line *line);
void rows_worker(const struct rows_context *context, unsigned index,
    int columns, struct line *line);
size_t rows_stats(const struct rows_context *context, int columns,
    size_t max, struct line *lines);
void rows_event(const struct engine_event *event, int columns,
    struct line *line);
void rows_stats_title(int columns, struct line *line);
void rows_footer(int columns, struct line *line);
size_t rows_help(struct line *lines, size_t max);
void rows_too_small(int rows, int columns, struct line *line);
const char *rows_segment_state(enum segment_state state);
const char *rows_worker_state(enum engine_worker_state state);

#endif /* LOGPROC_ROWS_H */
