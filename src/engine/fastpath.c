/* fastpath.c: the record scanner. One pass over the line, validating as
 * it goes, in the grammar of RFC 8259 as Jansson reads it (duplicate keys
 * refused): an object of members whose values are strings, integers of
 * up to 18 digits, true, false or null. It gives up (FASTPATH_UNSURE) on
 * anything else, valid or not, and Jansson decides: nested values, real
 * numbers (Jansson refuses an overflowing one), \u0000 and surrogates,
 * escapes in a key or in the timestamp, level and service (whose values
 * are needed unescaped), invalid UTF-8, control characters, more than
 * MAX_KEYS members, and anything but whitespace after the object. */
#include "config.h"

#include <string.h>

#include "engine/fastpath.h"

#define MAX_KEYS 32		/* members checked for duplicates */
#define MAX_DIGITS 18		/* any 18-digit integer fits in int64_t */

struct scanner {
	const unsigned char *begin, *p, *end;
	struct fastpath_record *record;
	unsigned known_seen;		/* bit per enum fastpath_field */
	const unsigned char *keys[MAX_KEYS];	/* other members' keys */
	size_t key_lengths[MAX_KEYS];
	size_t key_count;
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
static unsigned
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
static size_t
plain_length(const struct scanner *s, const unsigned char *p)
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
static size_t
plain_length(const struct scanner *s, const unsigned char *p)
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

static void
skip_space(struct scanner *s)
{
	const unsigned char *p = s->p;

	while (p < s->end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	s->p = p;
}

/* Steps over one valid UTF-8 sequence of two or more bytes at s->p (as
 * Jansson checks them: no overlong forms, no surrogates, nothing above
 * U+10FFFF); returns -1 if it is not one. */
static int
skip_utf8(struct scanner *s)
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

static int
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
static int
skip_escape(struct scanner *s)
{
	unsigned code = 0;
	int i, digit;

	if (s->p >= s->end)
		return -1;
	if (strchr("\"\\/bfnrt", *s->p) != NULL && *s->p != '\0') {
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
static int
scan_string(struct scanner *s, const unsigned char **text, size_t *length,
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

/* Scans the integer at s->p into *VALUE; returns -1 for what is not an
 * integer of at most MAX_DIGITS digits (a real, a bad number). */
static int
scan_integer(struct scanner *s, int64_t *value)
{
	int negative = 0, digits = 0;
	int64_t number = 0;

	if (*s->p == '-') {
		negative = 1;
		s->p++;
	}
	if (s->p < s->end && *s->p == '0')
		s->p++, digits = 1;
	else
		while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
			if (++digits > MAX_DIGITS)
				return -1;
			number = number * 10 + (*s->p++ - '0');
		}
	if (digits == 0 || (s->p < s->end && (*s->p == '.' || *s->p == 'e' ||
	    *s->p == 'E' || (*s->p >= '0' && *s->p <= '9'))))
		return -1;
	*value = negative ? -number : number;
	return 0;
}

/* Steps over the literal WORD at s->p; returns -1 if it is not there. */
static int
skip_literal(struct scanner *s, const char *word)
{
	size_t length = strlen(word);

	if ((size_t)(s->end - s->p) < length || memcmp(s->p, word, length) != 0)
		return -1;
	s->p += length;
	return 0;
}

/* Returns which known field KEY (LENGTH bytes) names, or FASTPATH_FIELDS
 * for another. The length picks the candidate; a comparison of constant
 * size is compiled inline. */
static enum fastpath_field
known_field(const unsigned char *key, size_t length)
{
	switch (length) {
	case 5:
		return memcmp(key, "level", 5) == 0 ? FASTPATH_LEVEL :
		    FASTPATH_FIELDS;
	case 7:
		if (memcmp(key, "service", 7) == 0)
			return FASTPATH_SERVICE;
		if (memcmp(key, "message", 7) == 0)
			return FASTPATH_MESSAGE;
		return memcmp(key, "user_id", 7) == 0 ? FASTPATH_USER_ID :
		    FASTPATH_FIELDS;
	case 9:
		return memcmp(key, "timestamp", 9) == 0 ? FASTPATH_TIMESTAMP :
		    FASTPATH_FIELDS;
	case 10:
		return memcmp(key, "request_id", 10) == 0 ?
		    FASTPATH_REQUEST_ID : FASTPATH_FIELDS;
	case 11:
		return memcmp(key, "duration_ms", 11) == 0 ?
		    FASTPATH_DURATION : FASTPATH_FIELDS;
	default:
		return FASTPATH_FIELDS;
	}
}

/* Returns 1 if the AVAILABLE bytes at P begin with the LENGTH bytes of
 * WORD. Called with constants, the comparison is compiled inline. */
static inline int
begins_with(const unsigned char *p, size_t available, const char *word,
    size_t length)
{
	return available >= length && memcmp(p, word, length) == 0;
}

/* Returns the known field whose name and closing quote the AVAILABLE
 * bytes at P (just after a key's opening quote) begin with, and sets
 * *SIZE to their count; FASTPATH_FIELDS if none. A key so found holds
 * no escape and needs no other scan. */
static enum fastpath_field
quoted_field(const unsigned char *p, size_t available, size_t *size)
{
	enum fastpath_field field = FASTPATH_FIELDS;

	if (available == 0)
		return FASTPATH_FIELDS;
	switch (*p) {
	case 't':
		if (begins_with(p, available, "timestamp\"", *size = 10))
			field = FASTPATH_TIMESTAMP;
		break;
	case 'l':
		if (begins_with(p, available, "level\"", *size = 6))
			field = FASTPATH_LEVEL;
		break;
	case 's':
		if (begins_with(p, available, "service\"", *size = 8))
			field = FASTPATH_SERVICE;
		break;
	case 'm':
		if (begins_with(p, available, "message\"", *size = 8))
			field = FASTPATH_MESSAGE;
		break;
	case 'r':
		if (begins_with(p, available, "request_id\"", *size = 11))
			field = FASTPATH_REQUEST_ID;
		break;
	case 'u':
		if (begins_with(p, available, "user_id\"", *size = 8))
			field = FASTPATH_USER_ID;
		break;
	case 'd':
		if (begins_with(p, available, "duration_ms\"", *size = 12))
			field = FASTPATH_DURATION;
		break;
	}
	return field;
}

/* Notes the member KEY; returns -1 if it came before (a duplicate) or
 * there are too many to check. */
static int
note_key(struct scanner *s, const unsigned char *key, size_t length,
    enum fastpath_field field)
{
	size_t i;

	if (field != FASTPATH_FIELDS) {
		if (s->known_seen & (1u << field))
			return -1;
		s->known_seen |= 1u << field;
		return 0;
	}
	for (i = 0; i < s->key_count; i++) {
		if (s->key_lengths[i] == length &&
		    memcmp(s->keys[i], key, length) == 0)
			return -1;
	}
	if (s->key_count == MAX_KEYS)
		return -1;
	s->keys[s->key_count] = key;
	s->key_lengths[s->key_count++] = length;
	return 0;
}

/* Scans the value at s->p, storing it in VALUE (NULL: not a known
 * field). NEEDS_TEXT: the field's string is used as its value, so it
 * must hold no escapes. Returns -1 if the value is left to Jansson. */
static int
scan_value(struct scanner *s, struct fastpath_value *value, int needs_text)
{
	struct fastpath_value ignored;
	const unsigned char *text;
	int escaped;

	if (value == NULL)
		value = &ignored;
	switch (*s->p) {
	case '"':
		if (scan_string(s, &text, &value->length, &escaped) != 0 ||
		    (escaped && needs_text))
			return -1;
		value->type = FASTPATH_STRING;
		value->text = (const char *)text;
		return 0;
	case 't':
	case 'f':
	case 'n':
		value->type = FASTPATH_LITERAL;
		return skip_literal(s, *s->p == 't' ? "true" :
		    *s->p == 'f' ? "false" : "null");
	default:
		if (*s->p != '-' && (*s->p < '0' || *s->p > '9'))
			return -1;	/* nested, or not JSON */
		value->type = FASTPATH_INTEGER;
		return scan_integer(s, &value->integer);
	}
}

/* Scans one member at s->p ("key": value); returns -1 if left to
 * Jansson. */
static int
scan_member(struct scanner *s)
{
	const unsigned char *key;
	enum fastpath_field field;
	size_t length;
	int escaped;

	if (*s->p != '"')
		return -1;
	field = quoted_field(s->p + 1, (size_t)(s->end - s->p - 1), &length);
	if (field != FASTPATH_FIELDS) {
		key = s->p + 1;
		s->p += 1 + length;
		length--;
	} else if (scan_string(s, &key, &length, &escaped) != 0 || escaped)
		return -1;
	else
		field = known_field(key, length);
	if (note_key(s, key, length, field) != 0)
		return -1;
	skip_space(s);
	if (s->p >= s->end || *s->p != ':')
		return -1;
	s->p++;
	skip_space(s);
	if (s->p >= s->end)
		return -1;
	return scan_value(s, field == FASTPATH_FIELDS ? NULL :
	    &s->record->fields[field], field == FASTPATH_TIMESTAMP ||
	    field == FASTPATH_LEVEL || field == FASTPATH_SERVICE);
}

/* Scans the members of the object whose '{' is before s->p, and its
 * closing brace; returns -1 if left to Jansson. */
static int
scan_members(struct scanner *s)
{
	skip_space(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (s->p >= s->end || scan_member(s) != 0)
			return -1;
		skip_space(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p++ == '}')
			return 0;
		if (s->p[-1] != ',')
			return -1;
		skip_space(s);
	}
}

/* Scans LINE (LENGTH bytes, its ending removed). Returns FASTPATH_OK if
 * it is a valid flat JSON object, with RECORD holding its known fields
 * (strings point into LINE), or FASTPATH_UNSURE: then RECORD means
 * nothing, and Jansson must read the line. */
enum fastpath_result
fastpath_scan(const char *line, size_t length, struct fastpath_record *record)
{
	struct scanner s;
	int i;

	for (i = 0; i < FASTPATH_FIELDS; i++)
		record->fields[i].type = FASTPATH_ABSENT;
	s.begin = s.p = (const unsigned char *)line;
	s.end = s.p + length;
	s.record = record;
	s.known_seen = 0;
	s.key_count = 0;
	skip_space(&s);
	if (s.p >= s.end || *s.p != '{')
		return FASTPATH_UNSURE;
	s.p++;
	if (scan_members(&s) != 0)
		return FASTPATH_UNSURE;
	skip_space(&s);
	return s.p == s.end ? FASTPATH_OK : FASTPATH_UNSURE;
}
