/* fastpath-lex.h: the fast path's lexer, shared by the logproc scanner
 * (fastpath.c) and the scanner of other schemas (fastpath-table.c): one
 * validating step over a string, a number, a literal or white space, in
 * the grammar of RFC 8259 as Jansson reads it. Static inline, so that
 * each scanner's loop is compiled with them. */
#ifndef LOGPROC_FASTPATH_LEX_H
#define LOGPROC_FASTPATH_LEX_H

#include <stdint.h>
#include <string.h>

#define MAX_DIGITS 18

#if defined(__GNUC__)
#define LEX_HOT static inline __attribute__((always_inline))
#else
#define LEX_HOT static inline
#endif		/* any 18-digit integer fits in int64_t */

/* Where a scan stands in its line. */
struct fastpath_lex {
	const unsigned char *begin, *p, *end;
};

/* Bytes that stand for themselves in a string: printable ASCII but the
 * quote and the backslash. */
static const unsigned char plain[256] = {
	[0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x30] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x40] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x50] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	[0x60] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x70] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

/* With SSE2 (every x86-64), 16 bytes at a time. Returns a mask with a bit
 * set for each of the 16 bytes at P that is not plain: a quote, a
 * backslash, or below 0x20 as a signed byte, which takes the control
 * characters and every byte of 0x80 and up at once. */
static inline unsigned
special_mask(const unsigned char *p)
{
	__m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
	__m128i backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'));
	__m128i low = _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20));

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(quote,
	    _mm_or_si128(backslash, low)));
}

/* Returns how many bytes from P on are plain, in one step for most
 * strings. Fewer than 16 bytes before the end of the line are looked at
 * through the line's last 16, shifted, so nothing past it is read. */
static inline size_t
plain_length(const struct fastpath_lex *s, const unsigned char *p)
{
	const unsigned char *start = p;
	size_t left;
	unsigned mask;

	for (; s->end - p >= 16; p += 16) {
		if ((mask = special_mask(p)) != 0)
			return (size_t)(p - start) + (unsigned)__builtin_ctz(mask);
	}
	left = (size_t)(s->end - p);
	if (left == 0 || s->end - s->begin < 16) {
		while (p < s->end && plain[*p])
			p++;
		return (size_t)(p - start);
	}
	mask = special_mask(s->end - 16) >> (16 - left);
	return (size_t)(p - start) + (mask != 0 ?
	    (unsigned)__builtin_ctz(mask) : left);
}
#else
/* Elsewhere, 8 bytes at a time in a 64-bit word: the high bit of a byte
 * of the mask is set for a quote, a backslash, a control character or a
 * byte of 0x80 and up (borrows may flag plain bytes too, but only after
 * one that is not); then byte by byte, which needs no byte order. */
static inline size_t
plain_length(const struct fastpath_lex *s, const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	const unsigned char *start = p;
	uint64_t word, quote, backslash;

	for (; s->end - p >= 8; p += 8) {
		memcpy(&word, p, sizeof word);
		quote = word ^ (ones * '"');
		backslash = word ^ (ones * '\\');
		if ((((quote - ones) & ~quote) | ((backslash - ones) &
		    ~backslash) | ((word - ones * 0x20) & ~word) | word) & highs)
			break;
	}
	while (p < s->end && plain[*p])
		p++;
	return (size_t)(p - start);
}
#endif

static inline void
skip_space(struct fastpath_lex *s)
{
	const unsigned char *p = s->p;

	while (p < s->end && *p <= ' ' && (*p == ' ' || *p == '\t' ||
	    *p == '\n' || *p == '\r'))
		p++;
	s->p = p;
}

/* Steps over one valid UTF-8 sequence of two or more bytes at s->p (as
 * Jansson checks them: no overlong forms, no surrogates, nothing above
 * U+10FFFF); returns -1 if it is not one. */
static inline int
skip_utf8(struct fastpath_lex *s)
{
	const unsigned char *p = s->p;
	size_t length, available = (size_t)(s->end - p), i;
	unsigned long code;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		length = 2, code = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		length = 3, code = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		length = 4, code = p[0] & 0x07;
	else
		return -1;
	if (length > available)
		return -1;
	for (i = 1; i < length; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		code = code << 6 | (p[i] & 0x3f);
	}
	if ((length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) ||
	    (length == 4 && (code < 0x10000 || code > 0x10ffff)))
		return -1;
	s->p += length;
	return 0;
}

static inline int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Steps over the escape at s->p (after its backslash); returns -1 if it
 * is invalid or one left to Jansson (\u0000, a surrogate). */
static inline int
skip_escape(struct fastpath_lex *s)
{
	unsigned code = 0;
	int i, digit;

	if (s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n':
	case 'r': case 't':
		s->p++;
		return 0;
	}
	if (*s->p != 'u' || s->end - s->p < 5)
		return -1;
	for (i = 1; i <= 4; i++) {
		if ((digit = hex_value(s->p[i])) < 0)
			return -1;
		code = code << 4 | (unsigned)digit;
	}
	if (code == 0 || (code >= 0xd800 && code <= 0xdfff))
		return -1;
	s->p += 5;
	return 0;
}

/* Scans the string at s->p (its opening quote); *TEXT and *LENGTH get its
 * content as written, *ESCAPED whether it holds escapes. Returns -1 if
 * it is invalid or left to Jansson. */
LEX_HOT int
scan_string(struct fastpath_lex *s, const unsigned char **text, size_t *length,
    int *escaped)
{
	const unsigned char *start = s->p + 1, *p = start;

	*escaped = 0;
	for (;;) {
		p += plain_length(s, p);
		if (p >= s->end)
			return -1;
		if (*p == '"')
			break;
		s->p = p;
		if (*p == '\\') {
			s->p++;
			*escaped = 1;
			if (skip_escape(s) != 0)
				return -1;
		} else if (*p < 0x80 || skip_utf8(s) != 0)
			return -1;	/* a control character, or bad UTF-8 */
		p = s->p;
	}
	*text = start;
	*length = (size_t)(p - start);
	s->p = p + 1;
	return 0;
}

/* Returns 1 if the 8 bytes at P are all decimal digits: each byte's high
 * half is 3, and adding 6 to its low half does not carry out of it. */
static inline int
eight_digits(const unsigned char *p)
{
	uint64_t word;

	memcpy(&word, p, sizeof word);
	return ((word & UINT64_C(0xf0f0f0f0f0f0f0f0)) |
	    (((word + UINT64_C(0x0606060606060606)) &
	    UINT64_C(0xf0f0f0f0f0f0f0f0)) >> 4)) ==
	    UINT64_C(0x3333333333333333);
}

/* Returns the number the 8 digits at P write. Where the bytes of a word
 * are in reading order (little-endian), three multiplications join them
 * pairwise: digits into pairs, pairs into fours, fours into the eight. */
static inline int64_t
eight_digits_value(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t word;

	memcpy(&word, p, sizeof word);
	word = (word & UINT64_C(0x0f0f0f0f0f0f0f0f)) * 2561 >> 8;
	word = (word & UINT64_C(0x00ff00ff00ff00ff)) * 6553601 >> 16;
	return (int64_t)((word & UINT64_C(0x0000ffff0000ffff)) *
	    UINT64_C(42949672960001) >> 32);
#else
	int64_t number = 0;
	int i;

	for (i = 0; i < 8; i++)
		number = number * 10 + (p[i] - '0');
	return number;
#endif
}

/* Scans the integer at s->p into *VALUE; returns -1 for what is not an
 * integer of at most MAX_DIGITS digits (a real, a bad number). It works
 * on a local copy of the position, which the compiler keeps in a
 * register: each digit's store would otherwise go to memory. */
LEX_HOT int
scan_integer(struct fastpath_lex *s, int64_t *value)
{
	const unsigned char *p = s->p, *end = s->end, *digits;
	int negative = 0;
	int64_t number = 0;

	if (*p == '-') {
		negative = 1;
		p++;
	}
	digits = p;
	if (p < end && *p == '0')
		p++;
	else {
		while (end - p >= 8 && p - digits <= MAX_DIGITS - 8 &&
		    eight_digits(p)) {
			number = number * 100000000 + eight_digits_value(p);
			p += 8;
		}
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (p - digits == MAX_DIGITS)
				return -1;
			number = number * 10 + (*p - '0');
		}
	}
	if (p == digits || (p < end && (*p == '.' || *p == 'e' ||
	    *p == 'E' || (*p >= '0' && *p <= '9'))))
		return -1;
	*value = negative ? -number : number;
	s->p = p;
	return 0;
}

/* Steps over the literal WORD at s->p; returns -1 if it is not there. */
static inline int
skip_literal(struct fastpath_lex *s, const char *word)
{
	size_t length = strlen(word);

	if ((size_t)(s->end - s->p) < length || memcmp(s->p, word, length) != 0)
		return -1;
	s->p += length;
	return 0;
}

#endif /* LOGPROC_FASTPATH_LEX_H */
