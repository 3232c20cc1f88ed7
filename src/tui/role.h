/* role.h: what a piece of the dashboard is, which the color scheme turns
 * into attributes (color.c). Roles, not colors, so that monochrome and
 * NO_COLOR need no other code. */
#ifndef LOGPROC_ROLE_H
#define LOGPROC_ROLE_H

enum role {
	ROLE_NORMAL,
	ROLE_DIM,		/* secondary text */
	ROLE_LABEL,		/* "records", "lag", ... in the header */
	ROLE_VALUE,		/* their values */
	ROLE_TITLE,		/* a panel's title bar */
	ROLE_TITLE_FOCUS,	/* the focused panel's title bar */
	ROLE_COLUMN,		/* column headings */
	ROLE_PENDING,
	ROLE_PROCESSING,
	ROLE_COMPLETE,
	ROLE_FAILED,
	ROLE_BAR,		/* the filled part of a bar */
	ROLE_BAR_EMPTY,
	ROLE_SPARK,
	ROLE_DEBUG,		/* the levels */
	ROLE_INFO,
	ROLE_WARNING,
	ROLE_ERROR,
	ROLE_FATAL,
	ROLE_STATE_RUNNING,	/* the engine's state in the header */
	ROLE_STATE_PAUSED,
	ROLE_STATE_STOPPING,
	ROLE_KEY,		/* a key in the footer and help */
	ROLE_BORDER,
	ROLE_COUNT
};

#endif /* LOGPROC_ROLE_H */
