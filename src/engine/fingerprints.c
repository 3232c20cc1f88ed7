/* fingerprints.c: a multimap from a fingerprint (its length and hash) to
 * segment indexes, with open addressing, kept under half full. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "engine/fingerprints.h"

static size_t
slot_of(size_t mask, uint32_t bytes, uint64_t hash)
{
	uint64_t mixed = (hash ^ bytes) * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(mixed ^ mixed >> 29) & mask;
}

/* Puts an entry in SLOTS (MASK + 1 of them), which has room. */
static void
put(struct fingerprint_slot *slots, size_t mask, uint32_t bytes,
    uint64_t hash, size_t value)
{
	size_t at = slot_of(mask, bytes, hash);

	while (slots[at].value != 0)
		at = (at + 1) & mask;
	slots[at].hash = hash;
	slots[at].bytes = bytes;
	slots[at].value = value + 1;
}

/* Makes TABLE empty, with room for COUNT entries before it grows. */
void
fingerprints_init(struct fingerprints *table, size_t count)
{
	size_t size = 16;

	while (size < 2 * count)
		size *= 2;
	memset(table, 0, sizeof *table);
	table->slots = xcalloc(size, sizeof *table->slots);
	table->mask = size - 1;
}

void
fingerprints_free(struct fingerprints *table)
{
	free(table->slots);
	free(table->lengths);
	memset(table, 0, sizeof *table);
}

/* Doubles TABLE's slots. */
static void
grow(struct fingerprints *table)
{
	size_t size = (table->mask + 1) * 2, i;
	struct fingerprint_slot *slots = xcalloc(size, sizeof *slots);

	for (i = 0; i <= table->mask; i++) {
		if (table->slots[i].value != 0)
			put(slots, size - 1, table->slots[i].bytes,
			    table->slots[i].hash, table->slots[i].value - 1);
	}
	free(table->slots);
	table->slots = slots;
	table->mask = size - 1;
}

/* Adds BYTES to the lengths in use, in order, unless there. */
static void
note_length(struct fingerprints *table, uint32_t bytes)
{
	size_t at = table->length_count;

	while (at > 0 && table->lengths[at - 1] > bytes)
		at--;
	if (at > 0 && table->lengths[at - 1] == bytes)
		return;
	table->lengths = xreallocarray(table->lengths, table->length_count + 1,
	    sizeof *table->lengths);
	memmove(table->lengths + at + 1, table->lengths + at,
	    (table->length_count - at) * sizeof *table->lengths);
	table->lengths[at] = bytes;
	table->length_count++;
}

/* Maps the fingerprint of BYTES bytes hashing to HASH to VALUE too. */
void
fingerprints_add(struct fingerprints *table, uint32_t bytes, uint64_t hash,
    size_t value)
{
	if (2 * (table->used + 1) > table->mask + 1)
		grow(table);
	put(table->slots, table->mask, bytes, hash, value);
	table->used++;
	note_length(table, bytes);
}

/* Steps through the values mapped from the fingerprint of BYTES bytes
 * hashing to HASH: *CURSOR starts at 0. Returns 1 and the next *VALUE, or
 * 0 when there are no more. */
int
fingerprints_next(const struct fingerprints *table, uint32_t bytes,
    uint64_t hash, size_t *cursor, size_t *value)
{
	const struct fingerprint_slot *slot;
	size_t at = (slot_of(table->mask, bytes, hash) + *cursor) & table->mask;

	for (; table->slots[at].value != 0; at = (at + 1) & table->mask) {
		slot = &table->slots[at];
		(*cursor)++;
		if (slot->hash == hash && slot->bytes == bytes) {
			*value = slot->value - 1;
			return 1;
		}
	}
	return 0;
}
