/* fastpath-table.c: the fast path for any schema. A table built from the
 * schema's paths says which keys to look for, object by object: a key
 * holds a field, or leads into a nested object (a node of the table), or
 * both. Each way of reading a dotted path (the key as written, or any
 * split into nested keys) gets a rank in the order extract.c tries them,
 * the candidate paths in schema order, so that the value kept for a
 * field is the one Jansson's lookup would find. The scan validates the
 * whole line as fastpath.c does, nested objects and arrays too
 * (duplicate keys refused at every level), and gives up
 * (FASTPATH_UNSURE) on what it does not handle: escapes in keys or in a
 * time, level or service, integers of more than 18 digits, reals that
 * may overflow, nesting deeper than DEPTH_MAX, more than MAX_KEYS keys in
 * an object. */
#include "config.h"

#include <float.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/fastpath.h"
#include "engine/fastpath-lex.h"

#define NODE_KEYS 16		/* keys looked for in one object */
#define NODES 16		/* objects with keys to look for */
#define MAX_KEYS 32		/* members of an object checked for duplicates */
#define DEPTH_MAX 16		/* nesting scanned */
#define PATH_DEPTH 8		/* nested objects a path may cross (extract.c) */
#define SPLITS_MAX 64		/* readings of one path ranked */
#define REAL_MAX 64		/* bytes of a real converted */
#define NO_RANK UINT32_MAX
#define SLOTS 64		/* hash slots of a node's keys, a power of 2 */

struct table_key {
	const char *text;		/* one part of a path, not NUL-ended */
	size_t length;
	int field;			/* enum schema_field, or -1 */
	uint32_t rank;
	const char *path;		/* the candidate path it reads */
	int child;			/* node of the object it leads into, or -1 */
	uint32_t bit;			/* 1 << its index in its node */
};

struct table_node {
	struct table_key keys[NODE_KEYS];
	size_t count;
	uint8_t slots[SLOTS];		/* by key_hash: a key's index + 1, 0 */
	uint8_t next[NODE_KEYS];	/* the next key of its slot, the same */
	uint8_t firsts[256];		/* plain keys by their first byte */
	uint8_t next_first[NODE_KEYS];	/* the next of the same first byte */
	int unplain;			/* a key not all plain_byte */
};

struct fastpath_table {
	struct table_node nodes[NODES];	/* nodes[0]: the line's object */
	size_t node_count;
	unsigned text_fields;		/* bits: strings used as text */
};

/* The keys of one object so far, checked for duplicates: BLOOM has the
 * key_bit of each, so that most keys are new at a glance. */
struct members {
	const unsigned char *keys[MAX_KEYS];	/* the keys not in the table */
	size_t lengths[MAX_KEYS];
	size_t count;
	uint64_t bloom;
	uint32_t known;			/* bit per index of a table key */
};

struct scan {
	struct fastpath_lex lx;
	const struct fastpath_table *table;
	struct fastpath_record *record;
	uint32_t ranks[FASTPATH_FIELDS];
	int depth;
};

/* A hash of the key TEXT of LENGTH bytes, from its length and its
 * first and last bytes: cheap, and it tells apart the keys of a schema
 * and most keys of a line. */
static inline size_t
key_hash(const unsigned char *text, size_t length)
{
	return length == 0 ? 0 :
	    length ^ (size_t)text[0] * 7 ^ (size_t)text[length - 1] * 13;
}

/* The bit of a key in a set of keys (struct members). */
static inline uint64_t
key_bit(const unsigned char *text, size_t length)
{
	return UINT64_C(1) << (key_hash(text, length) & 63);
}

/* Returns the key of NODE named by the LENGTH bytes of TEXT, or NULL. */
static const struct table_key *
find_key(const struct table_node *node, const unsigned char *text,
    size_t length)
{
	const struct table_key *key;
	unsigned i;

	for (i = node->slots[key_hash(text, length) & (SLOTS - 1)]; i != 0;
	    i = node->next[i - 1]) {
		key = &node->keys[i - 1];
		if (key->length == length &&
		    memcmp(key->text, text, length) == 0)
			return key;
	}
	return NULL;
}

/* Returns 1 if the LENGTH bytes of TEXT are all plain: then a key of
 * the line that holds them as written, quote after, is that key. */
static int
all_plain(const char *text, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++)
		if (!plain[(unsigned char)text[i]])
			return 0;
	return length > 0;
}

/* Files the key of index INDEX of NODE under its first byte, if plain,
 * for quoted_key. */
static void
file_first(struct table_node *node, size_t index)
{
	const struct table_key *key = &node->keys[index];
	unsigned char first;

	if (!all_plain(key->text, key->length)) {
		node->unplain = 1;
		return;
	}
	first = (unsigned char)key->text[0];
	node->next_first[index] = node->firsts[first];
	node->firsts[first] = (uint8_t)(index + 1);
}

/* Returns the plain key of NODE that the bytes at P (just after a key's
 * opening quote, up to END) begin with, its closing quote after it, or
 * NULL. Such a key needs no other scan. */
static inline const struct table_key *
quoted_key(const struct table_node *node, const unsigned char *p,
    const unsigned char *end)
{
	const struct table_key *key;
	unsigned i;

	if (p == end)
		return NULL;
	for (i = node->firsts[*p]; i != 0; i = node->next_first[i - 1]) {
		key = &node->keys[i - 1];
		if ((size_t)(end - p) > key->length &&
		    p[key->length] == '"' &&
		    memcmp(p, key->text, key->length) == 0)
			return key;
	}
	return NULL;
}

/* Returns NODE's key TEXT (LENGTH bytes), added if missing, or NULL when
 * the node is full. */
static struct table_key *
add_key(struct table_node *node, const char *text, size_t length)
{
	struct table_key *key = (struct table_key *)find_key(node,
	    (const unsigned char *)text, length);
	size_t slot;

	if (key != NULL || node->count == NODE_KEYS)
		return key;
	slot = key_hash((const unsigned char *)text, length) & (SLOTS - 1);
	node->next[node->count] = node->slots[slot];
	node->slots[slot] = (uint8_t)(node->count + 1);
	key = &node->keys[node->count++];
	key->text = text;
	key->length = length;
	key->field = -1;
	key->rank = NO_RANK;
	key->child = -1;
	key->bit = UINT32_C(1) << (node->count - 1);
	file_first(node, node->count - 1);
	return key;
}

/* Adds one reading of a path: its PARTS (COUNT of them, each a start and
 * length), leading to FIELD at RANK. Returns -1 if the table cannot hold
 * it. */
static int
add_reading(struct fastpath_table *table, const char *const *parts,
    const size_t *lengths, size_t count, int field, uint32_t rank,
    const char *path)
{
	struct table_key *key = NULL;
	size_t node = 0, i;

	for (i = 0; i < count; i++) {
		if ((key = add_key(&table->nodes[node], parts[i],
		    lengths[i])) == NULL)
			return -1;
		if (i + 1 == count)
			break;
		if (key->child < 0) {
			if (table->node_count == NODES)
				return -1;
			key->child = (int)table->node_count++;
		}
		node = (size_t)key->child;
	}
	if (key == NULL || (key->field >= 0 && key->field != field))
		return -1;	/* two fields at one key: left to Jansson */
	if (key->field < 0 || rank < key->rank) {
		key->field = field;
		key->rank = rank;
		key->path = path;
	}
	return 0;
}

/* What enumerating the readings of one path needs. */
struct readings {
	struct fastpath_table *table;
	int field;
	uint32_t base;			/* the candidate's rank, times SPLITS_MAX */
	uint32_t order;			/* readings so far */
	const char *path;
	const char *parts[PATH_DEPTH + 1];
	size_t lengths[PATH_DEPTH + 1];
};

/* Adds the readings of the LENGTH bytes of REST, nested under the DEPTH
 * parts already in R, in extract.c's order: REST as one key, then each
 * split at a dot, the shortest first part first. Returns -1 if the
 * table cannot hold them. */
static int
add_readings(struct readings *r, const char *rest, size_t length,
    size_t depth)
{
	size_t i;

	if (r->order == SPLITS_MAX)
		return -1;
	r->parts[depth] = rest;
	r->lengths[depth] = length;
	if (add_reading(r->table, r->parts, r->lengths, depth + 1, r->field,
	    r->base + r->order++, r->path) != 0)
		return -1;
	if (depth == PATH_DEPTH)
		return 0;
	for (i = 1; i + 1 < length; i++) {
		if (rest[i] != '.')
			continue;
		r->parts[depth] = rest;
		r->lengths[depth] = i;
		if (add_readings(r, rest + i + 1, length - i - 1, depth + 1) != 0)
			return -1;
	}
	return 0;
}

/* Builds the fast path's table for SCHEMA (a plain or docker one; for
 * docker, its own fields: the inner schema has a table of its own).
 * Returns it allocated, or NULL if the schema's paths do not fit one
 * (its lines then all go to Jansson). The table points into SCHEMA,
 * which must outlive it. */
struct fastpath_table *
fastpath_table_new(const struct schema *schema)
{
	struct fastpath_table *table;
	struct readings r;
	size_t field, i;

	if (schema->wrapper == SCHEMA_OTLP)
		return NULL;
	table = xcalloc(1, sizeof *table);
	table->node_count = 1;
	table->text_fields = 1u << SCHEMA_TIME | 1u << SCHEMA_LEVEL |
	    1u << SCHEMA_SERVICE;
	for (field = 0; field < SCHEMA_FIELDS; field++) {
		for (i = 0; i < SCHEMA_MAX_PATHS && schema->paths[field][i]; i++) {
			memset(&r, 0, sizeof r);
			r.table = table;
			r.field = (int)field;
			r.base = (uint32_t)i * SPLITS_MAX;
			r.path = schema->paths[field][i];
			if (add_readings(&r, r.path, strlen(r.path), 0) != 0) {
				free(table);
				return NULL;
			}
		}
	}
	return table;
}

void
fastpath_table_free(struct fastpath_table *table)
{
	free(table);
}

static int skip_value(struct scan *s);
static int scan_object(struct scan *s, int node);

/* Makes the decimal point of the real in COPY the locale's, as Jansson
 * does before strtod: LC_NUMERIC follows the user's locale. */
static void
to_locale(char *copy)
{
	const char *point = localeconv()->decimal_point;
	char *dot;

	if (point[0] != '.' && point[0] != '\0' && point[1] == '\0' &&
	    (dot = strchr(copy, '.')) != NULL)
		*dot = point[0];
}

/* Converts the real of LENGTH bytes at TEXT as Jansson does: strtod, with
 * the locale's decimal point. */
static double
convert_real(const unsigned char *text, size_t length)
{
	char copy[REAL_MAX];

	memcpy(copy, text, length);
	copy[length] = '\0';
	to_locale(copy);
	return strtod(copy, NULL);
}

/* Sets *REAL to MANTISSA times ten to the EXPONENT, negated if NEGATIVE,
 * when one exact operation gives it: MANTISSA at most 2^53 and the power
 * of ten exact (Clinger's fast path). The one rounding is then the
 * correct one, strtod's. Returns -1 otherwise. */
static int
exact_real(uint64_t mantissa, long exponent, int negative, double *real)
{
#if FLT_EVAL_METHOD == 0
	static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
	    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
	    1e18, 1e19, 1e20, 1e21, 1e22 };
	double value;

	if (mantissa > UINT64_C(1) << 53 || exponent < -22 || exponent > 22)
		return -1;
	value = (double)mantissa;
	value = exponent < 0 ? value / powers[-exponent] :
	    value * powers[exponent];
	*real = negative ? -value : value;
	return 0;
#else
	(void)mantissa, (void)exponent, (void)negative, (void)real;
	return -1;
#endif
}

/* Returns the end of the run of decimal digits at P (up to END). */
static inline const unsigned char *
skip_digits(const unsigned char *p, const unsigned char *end)
{
	while (end - p >= 8 && eight_digits(p))
		p += 8;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* Sets *MANTISSA to the number the digits of [A, A_END) then [B, B_END)
 * write, the point between them dropped. Returns -1 if it has more than
 * 19 significant digits (it may not fit). */
static int
real_mantissa(const unsigned char *a, const unsigned char *a_end,
    const unsigned char *b, const unsigned char *b_end, uint64_t *mantissa)
{
	uint64_t m = 0;

	while (a < a_end && *a == '0')
		a++;
	if (a == a_end)
		while (b < b_end && *b == '0')
			b++;
	if ((a_end - a) + (b_end - b) > 19)
		return -1;
	for (; a < a_end; a++)
		m = m * 10 + (uint64_t)(*a - '0');
	for (; b < b_end; b++)
		m = m * 10 + (uint64_t)(*b - '0');
	*mantissa = m;
	return 0;
}

/* Scans the real at s->lx.p into VALUE as FASTPATH_REAL, converted as
 * Jansson converts it. Returns -1 for what is not a JSON real, or one
 * that might overflow (Jansson refuses those). */
static int
scan_real(struct scan *s, struct fastpath_value *value)
{
	const unsigned char *start = s->lx.p, *p = start, *end = s->lx.end;
	const unsigned char *whole, *whole_end, *fraction, *fraction_end;
	uint64_t mantissa;
	long exponent = 0;
	int exp_digits = 0, exp_negative = 0, negative = 0;

	if (p < end && *p == '-')
		p++, negative = 1;
	whole = p;
	p = p < end && *p == '0' ? p + 1 : skip_digits(p, end);
	whole_end = fraction = fraction_end = p;	/* no fraction yet */
	if (p == whole || p == end || (*p != '.' && *p != 'e' && *p != 'E'))
		return -1;
	if (*p == '.') {
		fraction = ++p;
		p = fraction_end = skip_digits(p, end);
		if (p == fraction)
			return -1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		if (++p < end && (*p == '+' || *p == '-'))
			exp_negative = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if (++exp_digits <= 4)
				exponent = exponent * 10 + (*p - '0');
		if (exp_digits == 0)
			return -1;
	}
	if (exp_digits > 4 || (!exp_negative &&
	    exponent + (whole_end - whole) > 300) || p - start >= REAL_MAX)
		return -1;
	value->type = FASTPATH_REAL;
	if (real_mantissa(whole, whole_end, fraction, fraction_end,
	    &mantissa) != 0 || exact_real(mantissa, (exp_negative ? -exponent :
	    exponent) - (fraction_end - fraction), negative, &value->real) != 0)
		value->real = convert_real(start, (size_t)(p - start));
	s->lx.p = p;
	return 0;
}

/* Scans the number at s->lx.p: an integer of up to MAX_DIGITS digits
 * into VALUE as FASTPATH_INTEGER, else a real. Returns -1 for what is
 * not a JSON number, or a real that might overflow. */
static int
scan_number(struct scan *s, struct fastpath_value *value)
{
	const unsigned char *start = s->lx.p;

	if (scan_integer(&s->lx, &value->integer) == 0) {
		value->type = FASTPATH_INTEGER;
		return 0;
	}
	s->lx.p = start;
	return scan_real(s, value);
}

/* Keeps VALUE for KEY's field if it ranks before what was found. */
static void
keep(struct scan *s, const struct table_key *key,
    const struct fastpath_value *value)
{
	if (key->rank >= s->ranks[key->field])
		return;
	s->ranks[key->field] = key->rank;
	s->record->fields[key->field] = *value;
	s->record->fields[key->field].path = key->path;
}

/* Scans the value at s->lx.p of a key that holds a field. Returns -1 if
 * left to Jansson. */
static int
scan_field(struct scan *s, const struct table_key *key)
{
	struct fastpath_value value;
	const unsigned char *text;
	int escaped;

	memset(&value, 0, sizeof value);
	switch (*s->lx.p) {
	case '"':
		if (scan_string(&s->lx, &text, &value.length, &escaped) != 0 ||
		    (escaped && (s->table->text_fields & 1u << key->field)))
			return -1;
		value.type = FASTPATH_STRING;
		value.text = (const char *)text;
		value.escaped = escaped;
		break;
	case '{':
	case '[':
		if (skip_value(s) != 0)
			return -1;
		value.type = FASTPATH_NESTED;
		break;
	case 't':
	case 'f':
	case 'n':
		if (skip_literal(&s->lx, *s->lx.p == 't' ? "true" :
		    *s->lx.p == 'f' ? "false" : "null") != 0)
			return -1;
		value.type = FASTPATH_LITERAL;
		break;
	default:
		if (scan_number(s, &value) != 0)
			return -1;
	}
	keep(s, key, &value);
	return 0;
}

/* Scans the array at s->lx.p. Returns -1 if left to Jansson. */
static int
scan_array(struct scan *s)
{
	s->lx.p++;
	skip_space(&s->lx);
	if (s->lx.p < s->lx.end && *s->lx.p == ']') {
		s->lx.p++;
		return 0;
	}
	for (;;) {
		if (s->lx.p >= s->lx.end || skip_value(s) != 0)
			return -1;
		skip_space(&s->lx);
		if (s->lx.p >= s->lx.end)
			return -1;
		if (*s->lx.p++ == ']')
			return 0;
		if (s->lx.p[-1] != ',')
			return -1;
		skip_space(&s->lx);
	}
}

/* Steps over the value at s->lx.p, validating it. Returns -1 if left to
 * Jansson. */
static int
skip_value(struct scan *s)
{
	struct fastpath_value ignored;
	const unsigned char *text;
	size_t length;
	int escaped, result;

	switch (*s->lx.p) {
	case '"':
		return scan_string(&s->lx, &text, &length, &escaped);
	case '{':
	case '[':
		if (++s->depth > DEPTH_MAX)
			return -1;
		result = *s->lx.p == '{' ? scan_object(s, -1) : scan_array(s);
		s->depth--;
		return result;
	case 't':
		return skip_literal(&s->lx, "true");
	case 'f':
		return skip_literal(&s->lx, "false");
	case 'n':
		return skip_literal(&s->lx, "null");
	default:
		return scan_number(s, &ignored);
	}
}

/* Notes KEY (LENGTH bytes) among the keys of an object so far, M;
 * returns -1 for a duplicate or too many. */
static int
note_key(struct members *m, const unsigned char *key, size_t length)
{
	uint64_t bit = key_bit(key, length);
	size_t i;

	if ((m->bloom & bit) != 0)
		for (i = 0; i < m->count; i++)
			if (m->lengths[i] == length &&
			    memcmp(m->keys[i], key, length) == 0)
				return -1;
	if (m->count == MAX_KEYS)
		return -1;
	m->bloom |= bit;
	m->keys[m->count] = key;
	m->lengths[m->count++] = length;
	return 0;
}

/* Notes the table KEY among the keys of an object so far, M;
 * returns -1 for a duplicate. A key of the line that is one of the
 * table's is never among M's others, which are not. */
static int
note_known(struct members *m, const struct table_key *key)
{
	if ((m->known & key->bit) != 0)
		return -1;
	m->known |= key->bit;
	return 0;
}

/* Scans the member at s->lx.p of an object whose keys so far are M;
 * NODE says which keys hold fields (-1: none). Returns -1 if left to
 * Jansson. */
static int
scan_member(struct scan *s, int node, struct members *m)
{
	const struct table_key *key = NULL;
	const unsigned char *name;
	size_t length;
	int escaped, result;

	if (*s->lx.p != '"')
		return -1;
	if (node >= 0 && (key = quoted_key(&s->table->nodes[node],
	    s->lx.p + 1, s->lx.end)) != NULL)
		s->lx.p += key->length + 2;
	else if (scan_string(&s->lx, &name, &length, &escaped) != 0 ||
	    escaped)
		return -1;
	else if (node >= 0 && s->table->nodes[node].unplain)
		key = find_key(&s->table->nodes[node], name, length);
	if (key != NULL && note_known(m, key) != 0)
		return -1;
	if (key == NULL && note_key(m, name, length) != 0)
		return -1;
	skip_space(&s->lx);
	if (s->lx.p >= s->lx.end || *s->lx.p != ':')
		return -1;
	s->lx.p++;
	skip_space(&s->lx);
	if (s->lx.p >= s->lx.end)
		return -1;
	if (key == NULL)
		return skip_value(s);
	if (key->child < 0 || *s->lx.p != '{')
		return key->field >= 0 ? scan_field(s, key) : skip_value(s);
	if (key->field >= 0) {
		struct fastpath_value nested = { .type = FASTPATH_NESTED };

		keep(s, key, &nested);
	}
	if (++s->depth > DEPTH_MAX)
		return -1;
	result = scan_object(s, key->child);
	s->depth--;
	return result;
}

/* Scans the object at s->lx.p, looking for NODE's keys (-1: none).
 * Returns -1 if left to Jansson. */
static int
scan_object(struct scan *s, int node)
{
	struct members m;

	m.count = 0;
	m.bloom = 0;
	m.known = 0;
	s->lx.p++;
	skip_space(&s->lx);
	if (s->lx.p < s->lx.end && *s->lx.p == '}') {
		s->lx.p++;
		return 0;
	}
	for (;;) {
		if (s->lx.p >= s->lx.end || scan_member(s, node, &m) != 0)
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

/* Scans LINE (LENGTH bytes, its ending removed) for the fields TABLE
 * looks for. Returns FASTPATH_OK if it is a valid JSON object, with
 * RECORD holding the fields found (strings point into LINE, each value's
 * path the candidate it was found at), or FASTPATH_UNSURE: then RECORD
 * means nothing, and Jansson must read the line. */
enum fastpath_result
fastpath_scan_table(const struct fastpath_table *table, const char *line,
    size_t length, struct fastpath_record *record)
{
	struct scan s;
	size_t i;

	for (i = 0; i < FASTPATH_FIELDS; i++) {
		record->fields[i].type = FASTPATH_ABSENT;
		record->fields[i].path = NULL;
		s.ranks[i] = NO_RANK;
	}
	s.lx.begin = s.lx.p = (const unsigned char *)line;
	s.lx.end = s.lx.p + length;
	s.table = table;
	s.record = record;
	s.depth = 0;
	skip_space(&s.lx);
	if (s.lx.p >= s.lx.end || *s.lx.p != '{' || scan_object(&s, 0) != 0)
		return FASTPATH_UNSURE;
	skip_space(&s.lx);
	return s.lx.p == s.lx.end ? FASTPATH_OK : FASTPATH_UNSURE;
}

/* Writes the code point CODE as UTF-8 at OUT; returns its length. */
static size_t
put_utf8(unsigned long code, char *out)
{
	if (code < 0x80)
		return (out[0] = (char)code, 1);
	if (code < 0x800) {
		out[0] = (char)(0xc0 | code >> 6);
		out[1] = (char)(0x80 | (code & 0x3f));
		return 2;
	}
	if (code < 0x10000) {
		out[0] = (char)(0xe0 | code >> 12);
		out[1] = (char)(0x80 | (code >> 6 & 0x3f));
		out[2] = (char)(0x80 | (code & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | code >> 18);
	out[1] = (char)(0x80 | (code >> 12 & 0x3f));
	out[2] = (char)(0x80 | (code >> 6 & 0x3f));
	out[3] = (char)(0x80 | (code & 0x3f));
	return 4;
}

/* Reads the 4 hex digits at P (at least 4 bytes there). */
static long
hex4(const char *p)
{
	long code = 0;
	int i, digit;

	for (i = 0; i < 4; i++) {
		if ((digit = hex_value((unsigned char)p[i])) < 0)
			return -1;
		code = code << 4 | digit;
	}
	return code;
}

/* Copies the bytes from P up to the first backslash or END to OUT, and
 * returns their count. OUT may be written up to as far from it as END is
 * from P (it is, in fastpath_unescape: unescaping only shortens), which
 * lets the copy go 16 bytes at a time where there is SSE2. */
static size_t
copy_plain(const char *p, const char *end, char *out)
{
	const char *start = p;
#if defined(__SSE2__) && defined(__GNUC__)
	__m128i bytes;
	unsigned mask;

	for (; end - p >= 16; p += 16, out += 16) {
		bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
		_mm_storeu_si128((__m128i *)(void *)out, bytes);
		mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes,
		    _mm_set1_epi8('\\')));
		if (mask != 0)
			return (size_t)(p - start) + (unsigned)__builtin_ctz(mask);
	}
#endif
	while (p < end && *p != '\\')
		*out++ = *p++;
	return (size_t)(p - start);
}

/* Unescapes the LENGTH bytes of TEXT, a JSON string's content that the
 * scan validated, into OUT (room for LENGTH bytes: never more is
 * needed); sets *OUT_LENGTH. Returns -1 for what is left to Jansson:
 * \u0000 and surrogates that do not pair. */
int
fastpath_unescape(const char *text, size_t length, char *out,
    size_t *out_length)
{
	const char *p = text, *end = text + length;
	size_t used = 0, copied;
	long code, low;

	while (p < end) {
		copied = copy_plain(p, end, out + used);
		p += copied;
		used += copied;
		if (p == end)
			break;
		switch (p[1]) {
		case 'b': out[used++] = '\b'; break;
		case 'f': out[used++] = '\f'; break;
		case 'n': out[used++] = '\n'; break;
		case 'r': out[used++] = '\r'; break;
		case 't': out[used++] = '\t'; break;
		case 'u':
			code = hex4(p + 2);
			if (code == 0 || (code >= 0xdc00 && code <= 0xdfff))
				return -1;
			if (code >= 0xd800 && code <= 0xdbff) {
				if (end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
				    (low = hex4(p + 8)) < 0xdc00 || low > 0xdfff)
					return -1;
				code = 0x10000 + ((code - 0xd800) << 10) +
				    (low - 0xdc00);
				p += 6;
			}
			used += put_utf8((unsigned long)code, out + used);
			p += 4;
			break;
		default:		/* '"', '\\' and '/' */
			out[used++] = p[1];
		}
		p += 2;
	}
	*out_length = used;
	return 0;
}
