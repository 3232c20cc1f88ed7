/* spellings.c: the unknown level spellings, kept by text up to
 * SPELLINGS_MAX, in the checkpoint as {"text": count, ..., "(other)": n}. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/spellings.h"

#define OTHER "(other)"

/* Returns how many of the LENGTH bytes of TEXT fit in a spelling without
 * cutting a UTF-8 character. */
static size_t
kept_length(const char *text, size_t length)
{
	if (length < SPELLING_TEXT)
		return length;
	length = SPELLING_TEXT - 1;
	while (length > 0 && ((unsigned char)text[length] & 0xc0) == 0x80)
		length--;
	return length;
}

/* Adds COUNT uses of the spelling TEXT (LENGTH bytes of valid UTF-8). */
void
spellings_add(struct spellings *spellings, const char *text, size_t length,
    uint64_t count)
{
	struct spelling *item;
	size_t i;

	length = kept_length(text, length);
	for (i = 0; i < spellings->count; i++) {
		item = &spellings->items[i];
		if (strlen(item->text) == length && memcmp(item->text, text,
		    length) == 0) {
			item->count += count;
			return;
		}
	}
	if (spellings->count == SPELLINGS_MAX) {
		spellings->other += count;
		return;
	}
	item = &spellings->items[spellings->count++];
	memcpy(item->text, text, length);
	item->text[length] = '\0';
	item->count = count;
}

void
spellings_merge(struct spellings *into, const struct spellings *from)
{
	size_t i;

	for (i = 0; i < from->count; i++)
		spellings_add(into, from->items[i].text,
		    strlen(from->items[i].text), from->items[i].count);
	into->other += from->other;
}

/* Orders spellings by count, most first, then by text. */
static int
by_count(const void *a, const void *b)
{
	const struct spelling *const *x = a, *const *y = b;

	if ((*x)->count != (*y)->count)
		return (*x)->count > (*y)->count ? -1 : 1;
	return strcmp((*x)->text, (*y)->text);
}

/* Sets TOP to up to SIZE of the spellings, most frequent first; returns
 * how many. */
size_t
spellings_top(const struct spellings *spellings, const struct spelling **top,
    size_t size)
{
	const struct spelling *all[SPELLINGS_MAX];
	size_t i, count = spellings->count;

	for (i = 0; i < count; i++)
		all[i] = &spellings->items[i];
	if (count > 0)
		qsort(all, count, sizeof all[0], by_count);
	if (count > size)
		count = size;
	memcpy(top, all, count * sizeof all[0]);
	return count;
}

json_t *
spellings_to_json(const struct spellings *spellings)
{
	json_t *object = json_object();
	size_t i;

	for (i = 0; i < spellings->count; i++)
		json_object_set_new(object, spellings->items[i].text,
		    json_integer((json_int_t)spellings->items[i].count));
	if (spellings->other > 0)
		json_object_set_new(object, OTHER,
		    json_integer((json_int_t)spellings->other));
	return object;
}

/* Reads SPELLINGS (empty) back from JSON, as spellings_to_json wrote it.
 * Returns 0, or -1 with *CAUSE. */
int
spellings_from_json(struct spellings *spellings, json_t *json, char **cause)
{
	const char *text;
	json_t *value;

	if (!json_is_object(json))
		return (xasprintf(cause, _("not an object")), -1);
	json_object_foreach(json, text, value) {
		if (!json_is_integer(value) || json_integer_value(value) < 0)
			return (xasprintf(cause, _("%s: not a count"), text), -1);
		if (strcmp(text, OTHER) == 0)
			spellings->other += (uint64_t)json_integer_value(value);
		else
			spellings_add(spellings, text, strlen(text),
			    (uint64_t)json_integer_value(value));
	}
	return 0;
}
