/* draw.h: putting the rows on the terminal, one frame at a time. */
#ifndef LOGPROC_DRAW_H
#define LOGPROC_DRAW_H

#include "tui/layout.h"
#include "tui/rows.h"

void draw_frame(const struct rows_context *context,
    const struct layout *layout);
size_t draw_visible(const struct layout *layout, enum model_panel panel);

#endif /* LOGPROC_DRAW_H */
