/* inodes.c: the device-and-inode table of a scan. */
#include "config.h"

#include <stdlib.h>

#include "common/xmalloc.h"
#include "engine/inodes.h"

static size_t
slot_of(const struct inodes *table, uint64_t device, uint64_t inode)
{
	uint64_t hash = (inode ^ device * UINT64_C(0x9e3779b97f4a7c15)) *
	    UINT64_C(0xff51afd7ed558ccd);

	return (size_t)(hash ^ hash >> 32) & table->mask;
}

/* Makes TABLE empty, with room for COUNT entries. */
void
inodes_init(struct inodes *table, size_t count)
{
	size_t size = 16;

	while (size < 2 * count)
		size *= 2;
	table->slots = xcalloc(size, sizeof *table->slots);
	table->mask = size - 1;
}

void
inodes_free(struct inodes *table)
{
	free(table->slots);
	table->slots = NULL;
}

/* Maps DEVICE and INODE to VALUE, unless they are in TABLE already: the
 * first entry for a file wins. The table must have room (inodes_init). */
void
inodes_add(struct inodes *table, uint64_t device, uint64_t inode,
    size_t value)
{
	struct inode_slot *slot;
	size_t at = slot_of(table, device, inode);

	for (;; at = (at + 1) & table->mask) {
		slot = &table->slots[at];
		if (slot->value == 0)
			break;
		if (slot->inode == inode && slot->device == device)
			return;
	}
	slot->device = device;
	slot->inode = inode;
	slot->value = value + 1;
}

/* Returns 1 and the VALUE mapped from DEVICE and INODE, or 0. */
int
inodes_find(const struct inodes *table, uint64_t device, uint64_t inode,
    size_t *value)
{
	const struct inode_slot *slot;
	size_t at;

	if (table->slots == NULL)
		return 0;
	for (at = slot_of(table, device, inode); table->slots[at].value != 0;
	    at = (at + 1) & table->mask) {
		slot = &table->slots[at];
		if (slot->inode == inode && slot->device == device) {
			*value = slot->value - 1;
			return 1;
		}
	}
	return 0;
}
