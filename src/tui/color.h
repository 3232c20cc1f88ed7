/* color.h: the attributes of each role, in color or in monochrome. */
#ifndef LOGPROC_COLOR_H
#define LOGPROC_COLOR_H

#include "tui/role.h"
#include "tui/tui-curses.h"

void color_init(void);
int color_enabled(void);
attr_t color_attr(enum role role);

#endif /* LOGPROC_COLOR_H */
