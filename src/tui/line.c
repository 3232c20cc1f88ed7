/* line.c: building the dashboard's rows as text plus roles, with widths
 * counted in terminal columns (a CJK character takes two, an ellipsis
 * one). Text is measured with the locale's own multibyte functions, since
 * gettext hands messages over in the locale's character set. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/escape.h"
#include "common/xmalloc.h"
#include "tui/line.h"

static int utf8_terminal;	/* the locale is UTF-8: more than ASCII shows */

void
line_set_utf8(int utf8)
{
	utf8_terminal = utf8;
}

int
line_utf8(void)
{
	return utf8_terminal;
}

void
line_clear(struct line *line)
{
	line->length = 0;
	line->text[0] = '\0';
	line->columns = 0;
	line->span_count = 0;
}

/* Measures the character at TEXT (LENGTH bytes left): returns its bytes
 * and sets *COLUMNS. An invalid byte counts as one byte, one column. */
static size_t
char_size(const char *text, size_t length, int *columns)
{
	mbstate_t state;
	wchar_t wc;
	size_t size;
	int width;

	memset(&state, 0, sizeof state);
	size = mbrtowc(&wc, text, length, &state);
	if (size == (size_t)-1 || size == (size_t)-2 || size == 0) {
		*columns = 1;
		return 1;
	}
	width = wcwidth(wc);
	*columns = width < 0 ? 1 : width;
	return size;
}

/* Returns the display width of TEXT in columns. */
int
line_width(const char *text)
{
	size_t length = strlen(text), at = 0;
	int columns, total = 0;

	while (at < length) {
		at += char_size(text + at, length - at, &columns);
		total += columns;
	}
	return total;
}

/* Returns how many bytes of TEXT fit in WIDTH columns; *USED gets their
 * width. */
static size_t
fit(const char *text, int width, int *used)
{
	size_t length = strlen(text), at = 0, size;
	int columns;

	*used = 0;
	while (at < length) {
		size = char_size(text + at, length - at, &columns);
		if (*used + columns > width)
			break;
		*used += columns;
		at += size;
	}
	return at;
}

/* Appends LENGTH bytes of TEXT, WIDTH columns wide, as ROLE. */
static void
append(struct line *line, enum role role, const char *text, size_t length,
    int width)
{
	struct line_span *span;

	if (length > LINE_BYTES - 1 - line->length)
		return;		/* wider than any terminal: drop it */
	span = line->span_count > 0 ? &line->spans[line->span_count - 1] : NULL;
	if (span == NULL || span->role != role || span->end != line->length) {
		if (line->span_count == LINE_SPANS)
			return;
		span = &line->spans[line->span_count++];
		span->role = role;
		span->start = line->length;
	}
	memcpy(line->text + line->length, text, length);
	line->length += length;
	line->text[line->length] = '\0';
	span->end = line->length;
	line->columns += width;
}

/* Appends WIDTH spaces as ROLE. */
void
line_pad(struct line *line, enum role role, int width)
{
	static const char spaces[] = "                                ";
	int chunk;

	while (width > 0) {
		chunk = width < (int)sizeof spaces - 1 ? width :
		    (int)sizeof spaces - 1;
		append(line, role, spaces, (size_t)chunk, chunk);
		width -= chunk;
	}
}

/* Returns 1 if offset AT of TEXT falls inside a \xNN escape made by
 * line_escape(), where a cut would leave "c3" looking like text. */
static int
inside_escape(const char *text, size_t at)
{
	size_t back;

	for (back = 1; back <= 3 && back <= at; back++) {
		if (text[at - back] == '\\' && text[at - back + 1] == 'x')
			return 1;
	}
	return 0;
}

/* Returns the offset of the shortest end of TEXT (NATURAL columns wide)
 * that fits in WIDTH columns, not inside an escape; *USED gets its
 * width. */
static size_t
fit_tail(const char *text, int natural, int width, int *used)
{
	size_t length = strlen(text), at = 0;
	int columns;

	*used = natural;
	while (at < length && (*used > width || inside_escape(text, at))) {
		at += char_size(text + at, length - at, &columns);
		*used -= columns;
	}
	return at;
}

/* Appends the cut TEXT: an ellipsis and the end of it (TAIL), or the
 * start of it and an ellipsis, in WIDTH columns. */
static void
add_cut(struct line *line, enum role role, const char *text, int natural,
    int width, int tail)
{
	const char *ellipsis = utf8_terminal ? "\xe2\x80\xa6" : "~";
	size_t bytes;
	int used;

	if (width <= 0)
		return;
	if (tail) {
		bytes = fit_tail(text, natural, width - 1, &used);
		append(line, role, ellipsis, strlen(ellipsis), 1);
		append(line, role, text + bytes, strlen(text + bytes), used);
	} else {
		bytes = fit(text, width - 1, &used);
		append(line, role, text, bytes, used);
		append(line, role, ellipsis, strlen(ellipsis), 1);
	}
	line_pad(line, role, width - 1 - used);
}

/* Appends TEXT (trusted: our own, in the locale's character set) as ROLE
 * in exactly WIDTH columns: padded as ALIGN says, or cut with an
 * ellipsis. A negative WIDTH takes the text as it is. */
void
line_add(struct line *line, enum role role, const char *text, int width,
    enum line_align align)
{
	int natural = line_width(text);

	if (width < 0) {
		append(line, role, text, strlen(text), natural);
		return;
	}
	if (natural > width) {
		add_cut(line, role, text, natural, width, align == LINE_TAIL);
		return;
	}
	if (align == LINE_RIGHT)
		line_pad(line, role, width - natural);
	append(line, role, text, strlen(text), natural);
	if (align != LINE_RIGHT)
		line_pad(line, role, width - natural);
}

/* Appends printf-style text as line_add does. */
void
line_addf(struct line *line, enum role role, int width,
    enum line_align align, const char *fmt, ...)
{
	char text[LINE_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	line_add(line, role, text, width, align);
}

/* Appends the escape of the character of SIZE bytes at TEXT to OUT if
 * the terminal cannot show it as it is; returns 1 if it did. */
static int
escape_char(const char *text, size_t size, char *out, size_t out_size)
{
	wchar_t wc;
	mbstate_t state;
	size_t i, used = 0;

	if (size == 1)
		return 0;	/* escape_string left only printable ASCII */
	memset(&state, 0, sizeof state);
	if (utf8_terminal && mbrtowc(&wc, text, size, &state) == size &&
	    wcwidth(wc) > 0)
		return 0;
	for (i = 0; i < size && used + 5 < out_size; i++)
		used += (size_t)snprintf(out + used, out_size - used, "\\x%02x",
		    (unsigned char)text[i]);
	return 1;
}

/* Returns an escaped copy of untrusted TEXT (to free) that is safe on the
 * terminal: control characters, escape sequences and invalid UTF-8 as
 * escape_string() shows them; characters without a width (format and
 * direction marks) as \xNN bytes; and, unless the terminal is UTF-8,
 * every byte that is not ASCII. */
char *
line_escape(const char *text)
{
	char *safe = escape_string(text), *out, escaped[32];
	size_t length = strlen(safe), at = 0, used = 0, size;

	out = xreallocarray(NULL, length + 1, 4);	/* a byte: \xNN at most */
	while (at < length) {
		size = 1;
		if ((unsigned char)safe[at] >= 0x80)
			while (at + size < length &&
			    ((unsigned char)safe[at + size] & 0xc0) == 0x80)
				size++;
		if (escape_char(safe + at, size, escaped, sizeof escaped)) {
			memcpy(out + used, escaped, strlen(escaped));
			used += strlen(escaped);
		} else {
			memcpy(out + used, safe + at, size);
			used += size;
		}
		at += size;
	}
	out[used] = '\0';
	free(safe);
	return out;
}

/* Appends untrusted TEXT, escaped, as line_add does. */
void
line_add_untrusted(struct line *line, enum role role, const char *text,
    int width, enum line_align align)
{
	char *safe = line_escape(text);

	line_add(line, role, safe, width, align);
	free(safe);
}

/* Cuts LINE to COLUMNS display columns, spans and all. */
void
line_truncate(struct line *line, int columns)
{
	size_t keep;
	int used;
	size_t i;

	if (line->columns <= columns)
		return;
	keep = fit(line->text, columns, &used);
	line->text[keep] = '\0';
	line->length = keep;
	line->columns = used;
	for (i = 0; i < line->span_count && line->spans[i].start < keep; i++) {
		if (line->spans[i].end > keep)
			line->spans[i].end = keep;
	}
	line->span_count = i;
}

/* Appends OTHER, its roles kept, to LINE. */
void
line_append(struct line *line, const struct line *other)
{
	size_t i;

	for (i = 0; i < other->span_count; i++)
		append(line, other->spans[i].role, other->text +
		    other->spans[i].start, other->spans[i].end -
		    other->spans[i].start, 0);
	line->columns += other->columns;
}
