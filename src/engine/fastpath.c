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
#include "engine/fastpath-lex.h"

#define MAX_KEYS 32		/* members checked for duplicates */

struct scanner {
	struct fastpath_lex lx;
	struct fastpath_record *record;
	unsigned known_seen;		/* bit per enum fastpath_field */
	const unsigned char *keys[MAX_KEYS];	/* other members' keys */
	size_t key_lengths[MAX_KEYS];
	size_t key_count;
};

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

/* Scans the value at s->lx.p, storing it in VALUE (NULL: not a known
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
	switch (*s->lx.p) {
	case '"':
		if (scan_string(&s->lx, &text, &value->length, &escaped) != 0 ||
		    (escaped && needs_text))
			return -1;
		value->type = FASTPATH_STRING;
		value->text = (const char *)text;
		return 0;
	case 't':
	case 'f':
	case 'n':
		value->type = FASTPATH_LITERAL;
		return skip_literal(&s->lx, *s->lx.p == 't' ? "true" :
		    *s->lx.p == 'f' ? "false" : "null");
	default:
		if (*s->lx.p != '-' && (*s->lx.p < '0' || *s->lx.p > '9'))
			return -1;	/* nested, or not JSON */
		value->type = FASTPATH_INTEGER;
		return scan_integer(&s->lx, &value->integer);
	}
}

/* Scans one member at s->lx.p ("key": value); returns -1 if left to
 * Jansson. */
static int
scan_member(struct scanner *s)
{
	const unsigned char *key;
	enum fastpath_field field;
	size_t length;
	int escaped;

	if (*s->lx.p != '"')
		return -1;
	field = quoted_field(s->lx.p + 1, (size_t)(s->lx.end - s->lx.p - 1), &length);
	if (field != FASTPATH_FIELDS) {
		key = s->lx.p + 1;
		s->lx.p += 1 + length;
		length--;
	} else if (scan_string(&s->lx, &key, &length, &escaped) != 0 || escaped)
		return -1;
	else
		field = known_field(key, length);
	if (note_key(s, key, length, field) != 0)
		return -1;
	skip_space(&s->lx);
	if (s->lx.p >= s->lx.end || *s->lx.p != ':')
		return -1;
	s->lx.p++;
	skip_space(&s->lx);
	if (s->lx.p >= s->lx.end)
		return -1;
	return scan_value(s, field == FASTPATH_FIELDS ? NULL :
	    &s->record->fields[field], field == FASTPATH_TIMESTAMP ||
	    field == FASTPATH_LEVEL || field == FASTPATH_SERVICE);
}

/* Scans the members of the object whose '{' is before s->lx.p, and its
 * closing brace; returns -1 if left to Jansson. */
static int
scan_members(struct scanner *s)
{
	skip_space(&s->lx);
	if (s->lx.p < s->lx.end && *s->lx.p == '}') {
		s->lx.p++;
		return 0;
	}
	for (;;) {
		if (s->lx.p >= s->lx.end || scan_member(s) != 0)
			return -1;
		skip_space(&s->lx);
		if (s->lx.p >= s->lx.end)
			return -1;
		if (*s->lx.p++ == '}')
			return 0;
		if (s->lx.p[-1] != ',')
			return -1;
		skip_space(&s->lx);
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

	for (i = 0; i < FASTPATH_FIELDS; i++) {
		record->fields[i].type = FASTPATH_ABSENT;
		record->fields[i].path = NULL;
	}
	s.lx.begin = s.lx.p = (const unsigned char *)line;
	s.lx.end = s.lx.p + length;
	s.record = record;
	s.known_seen = 0;
	s.key_count = 0;
	skip_space(&s.lx);
	if (s.lx.p >= s.lx.end || *s.lx.p != '{')
		return FASTPATH_UNSURE;
	s.lx.p++;
	if (scan_members(&s) != 0)
		return FASTPATH_UNSURE;
	skip_space(&s.lx);
	return s.lx.p == s.lx.end ? FASTPATH_OK : FASTPATH_UNSURE;
}
