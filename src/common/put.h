/* put.h: byte writers, for the generator's hand-written JSON encoders and
 * the engine's time formatting. Each writes at OUT, which has room, and
 * returns the end of what it wrote. Static inline so that every caller
 * keeps them inlined. */
#ifndef LOGPROC_PUT_H
#define LOGPROC_PUT_H

#include <stdint.h>
#include <string.h>

static const char put_hex_digits[] = "0123456789abcdef";

/* Copies LENGTH bytes of TEXT to OUT. */
static inline char *
put(char *out, const char *text, size_t length)
{
	memcpy(out, text, length);
	return out + length;
}

#define PUT_LITERAL(out, text) put((out), (text), sizeof(text) - 1)

/* Copies the NUL-terminated TEXT to OUT. */
static inline char *
put_text(char *out, const char *text)
{
	return put(out, text, strlen(text));
}

/* Writes the WIDTH low decimal digits of VALUE, zero-padded. */
static inline char *
put_digits(char *out, uint64_t value, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
	return out + width;
}

/* Writes VALUE in decimal without padding. */
static inline char *
put_uint(char *out, uint64_t value)
{
	char digits[20];
	int count = 0;

	do {
		digits[count++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	while (count > 0)
		*out++ = digits[--count];
	return out;
}

/* Writes VALUE as 8 lower-case hex digits. */
static inline char *
put_hex32(char *out, uint32_t value)
{
	int shift;

	for (shift = 28; shift >= 0; shift -= 4)
		*out++ = put_hex_digits[(value >> shift) & 0xf];
	return out;
}

/* Writes LENGTH bytes of TEXT as the body of a JSON string: quote,
 * backslash and control characters escaped; other bytes, including
 * non-ASCII ones, copied as they are. At most 6 bytes per byte. */
static inline char *
put_escaped_n(char *out, const char *text, size_t length)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + length;

	for (; p < end; p++) {
		if (*p == '"' || *p == '\\') {
			*out++ = '\\';
			*out++ = (char)*p;
		} else if (*p == '\n') {
			*out++ = '\\';
			*out++ = 'n';
		} else if (*p < 0x20) {
			out = PUT_LITERAL(out, "\\u00");
			*out++ = put_hex_digits[*p >> 4];
			*out++ = put_hex_digits[*p & 0xf];
		} else
			*out++ = (char)*p;
	}
	return out;
}

/* Writes the NUL-terminated TEXT as the body of a JSON string, like
 * put_escaped_n() but \u00XX for every control character. */
static inline char *
put_escaped(char *out, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			*out++ = '\\';
			*out++ = (char)*p;
		} else if (*p < 0x20) {
			out = PUT_LITERAL(out, "\\u00");
			*out++ = put_hex_digits[*p >> 4];
			*out++ = put_hex_digits[*p & 0xf];
		} else
			*out++ = (char)*p;
	}
	return out;
}

#endif /* LOGPROC_PUT_H */
