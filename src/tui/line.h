/* line.h: one row of the dashboard, built before any curses call: its
 * text, already escaped and cut to its width, and spans that give each
 * part a role (a color) in the scheme. Untrusted text (file names, log
 * content) goes in through line_add_untrusted, which escapes control
 * characters, escape sequences and anything without a width. */
#ifndef LOGPROC_LINE_H
#define LOGPROC_LINE_H

#include <stddef.h>

#include "tui/role.h"

#define LINE_BYTES 2048
#define LINE_SPANS 32

enum line_align {
	LINE_LEFT,
	LINE_RIGHT,
	LINE_TAIL		/* left, but a cut keeps the end */
};

struct line_span {
	enum role role;
	size_t start, end;		/* bytes of text */
};

struct line {
	char text[LINE_BYTES];
	size_t length;
	int columns;			/* display width of text */
	struct line_span spans[LINE_SPANS];
	size_t span_count;
};

void line_set_utf8(int utf8);
int line_utf8(void);
void line_clear(struct line *line);
int line_width(const char *text);
void line_add(struct line *line, enum role role, const char *text,
    int width, enum line_align align);
void line_add_untrusted(struct line *line, enum role role, const char *text,
    int width, enum line_align align);
void line_addf(struct line *line, enum role role, int width,
    enum line_align align, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void line_pad(struct line *line, enum role role, int width);
void line_truncate(struct line *line, int columns);
void line_append(struct line *line, const struct line *other);
char *line_escape(const char *text);

#endif /* LOGPROC_LINE_H */
