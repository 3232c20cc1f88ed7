/* color.c: one attribute table per scheme. The color scheme is used when
 * the terminal has colors and NO_COLOR is not set (no-color.org: any
 * non-empty value turns colors off); otherwise the monochrome scheme
 * tells roles apart with bold, dim, reverse and underline, and every
 * state also has its text label. */
#include "config.h"

#include <stdlib.h>

#include "tui/color.h"

struct scheme_entry {
	short foreground;	/* -1: the terminal's default */
	short background;
	attr_t attributes;
};

static const struct scheme_entry color_scheme[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL },
	[ROLE_DIM] = { -1, -1, A_DIM },
	[ROLE_LABEL] = { COLOR_CYAN, -1, A_NORMAL },
	[ROLE_VALUE] = { -1, -1, A_BOLD },
	[ROLE_TITLE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
	[ROLE_TITLE_FOCUS] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ROLE_COLUMN] = { -1, -1, A_BOLD },
	[ROLE_PENDING] = { COLOR_YELLOW, -1, A_NORMAL },
	[ROLE_PROCESSING] = { COLOR_CYAN, -1, A_BOLD },
	[ROLE_COMPLETE] = { COLOR_GREEN, -1, A_NORMAL },
	[ROLE_FAILED] = { COLOR_RED, -1, A_BOLD },
	[ROLE_BAR] = { COLOR_GREEN, -1, A_NORMAL },
	[ROLE_BAR_EMPTY] = { -1, -1, A_DIM },
	[ROLE_SPARK] = { COLOR_CYAN, -1, A_NORMAL },
	[ROLE_DEBUG] = { COLOR_BLUE, -1, A_BOLD },
	[ROLE_INFO] = { COLOR_GREEN, -1, A_NORMAL },
	[ROLE_WARNING] = { COLOR_YELLOW, -1, A_BOLD },
	[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD },
	[ROLE_FATAL] = { COLOR_MAGENTA, -1, A_BOLD },
	[ROLE_STATE_RUNNING] = { COLOR_GREEN, -1, A_BOLD },
	[ROLE_STATE_PAUSED] = { COLOR_YELLOW, -1, A_BOLD },
	[ROLE_STATE_STOPPING] = { COLOR_RED, -1, A_BOLD },
	[ROLE_KEY] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
	[ROLE_BORDER] = { COLOR_BLUE, -1, A_NORMAL },
};

static const attr_t mono_scheme[ROLE_COUNT] = {
	[ROLE_NORMAL] = A_NORMAL,
	[ROLE_DIM] = A_DIM,
	[ROLE_LABEL] = A_NORMAL,
	[ROLE_VALUE] = A_BOLD,
	[ROLE_TITLE] = A_REVERSE,
	[ROLE_TITLE_FOCUS] = A_REVERSE | A_BOLD,
	[ROLE_COLUMN] = A_UNDERLINE,
	[ROLE_PENDING] = A_NORMAL,
	[ROLE_PROCESSING] = A_BOLD,
	[ROLE_COMPLETE] = A_DIM,
	[ROLE_FAILED] = A_BOLD | A_UNDERLINE,
	[ROLE_BAR] = A_NORMAL,
	[ROLE_BAR_EMPTY] = A_DIM,
	[ROLE_SPARK] = A_NORMAL,
	[ROLE_DEBUG] = A_DIM,
	[ROLE_INFO] = A_NORMAL,
	[ROLE_WARNING] = A_BOLD,
	[ROLE_ERROR] = A_BOLD | A_UNDERLINE,
	[ROLE_FATAL] = A_REVERSE,
	[ROLE_STATE_RUNNING] = A_BOLD,
	[ROLE_STATE_PAUSED] = A_REVERSE,
	[ROLE_STATE_STOPPING] = A_BOLD | A_UNDERLINE,
	[ROLE_KEY] = A_REVERSE,
	[ROLE_BORDER] = A_DIM,
};

static int colors_on;

/* Chooses the scheme; call after initscr. */
void
color_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	int role;

	colors_on = has_colors() && (no_color == NULL || *no_color == '\0') &&
	    start_color() == OK;
	if (!colors_on)
		return;
	use_default_colors();
	for (role = 0; role < ROLE_COUNT; role++)
		init_pair((short)(role + 1), color_scheme[role].foreground,
		    color_scheme[role].background);
}

int
color_enabled(void)
{
	return colors_on;
}

/* Returns the attributes that show ROLE. */
attr_t
color_attr(enum role role)
{
	if (!colors_on)
		return mono_scheme[role];
	return color_scheme[role].attributes | (attr_t)COLOR_PAIR(role + 1);
}
