/* escape.c: file names, option values and log content come from outside
 * and may hold escape sequences that would reprogram the terminal. Before
 * such text is printed, every control character (C0, DEL and the C1 range
 * U+0080..U+009F), every byte that is not part of valid UTF-8, and the
 * backslash itself are written as \xNN; valid printable UTF-8 is kept. */
#include "config.h"

#include <string.h>

#include "common/escape.h"
#include "common/xmalloc.h"

/* Returns the length of the valid UTF-8 sequence at P (of at most
 * AVAILABLE bytes) and its code point in *CODE, or 0 if it is not one. */
static size_t
sequence_length(const unsigned char *p, size_t available,
    unsigned long *code)
{
	size_t length, i;

	if (*p < 0x80) {
		*code = *p;
		return 1;
	}
	if (*p >= 0xc2 && *p <= 0xdf)
		length = 2, *code = *p & 0x1f;
	else if (*p >= 0xe0 && *p <= 0xef)
		length = 3, *code = *p & 0x0f;
	else if (*p >= 0xf0 && *p <= 0xf4)
		length = 4, *code = *p & 0x07;
	else
		return 0;
	if (length > available)
		return 0;
	for (i = 1; i < length; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*code = (*code << 6) | (p[i] & 0x3f);
	}
	if ((length == 3 && *code < 0x800) || (length == 4 && *code < 0x10000) ||
	    (*code >= 0xd800 && *code <= 0xdfff) || *code > 0x10ffff)
		return 0;
	return length;
}

/* Returns the length of the printable UTF-8 sequence at P, or 0 if it
 * must be escaped: a control character (C0, DEL, C1), a backslash, or a
 * byte that is not valid UTF-8. */
static size_t
printable_length(const unsigned char *p, size_t available)
{
	unsigned long code;
	size_t length = sequence_length(p, available, &code);

	if (length == 0 || code < 0x20 || code == '\\' ||
	    (code >= 0x7f && code <= 0x9f))
		return 0;
	return length;
}

/* Returns 1 if the LENGTH bytes of TEXT are valid UTF-8. */
int
escape_is_utf8(const char *text, size_t length)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned long code;
	size_t i = 0, run;

	while (i < length) {
		if ((run = sequence_length(p + i, length - i, &code)) == 0)
			return 0;
		i += run;
	}
	return 1;
}

/* Returns an allocated copy of the LENGTH bytes of TEXT that is safe to
 * print. The caller frees it. */
char *
escape_text(const char *text, size_t length)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)text;
	char *out = xreallocarray(NULL, length + 1, 4), *q = out;
	size_t i = 0, run;

	while (i < length) {
		run = printable_length(p + i, length - i);
		if (run > 0) {
			memcpy(q, p + i, run);
			q += run;
			i += run;
			continue;
		}
		*q++ = '\\';
		*q++ = 'x';
		*q++ = hex[p[i] >> 4];
		*q++ = hex[p[i] & 0xf];
		i++;
	}
	*q = '\0';
	return out;
}

/* escape_text() of a NUL-terminated string. */
char *
escape_string(const char *text)
{
	return escape_text(text, strlen(text));
}
