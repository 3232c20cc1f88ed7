/* inodes.h: a table from a file's device and inode to an index (of a
 * segment in the engine's table, or of a file as last seen), for one
 * scan. Open addressing, at least twice as many slots as entries: a scan
 * looks up every file, and a search of the whole table for each took
 * time quadratic in the number of segments. */
#ifndef LOGPROC_INODES_H
#define LOGPROC_INODES_H

#include <stddef.h>
#include <stdint.h>

struct inode_slot {
	uint64_t device, inode;
	size_t value;			/* the index plus one; 0: empty */
};

struct inodes {
	struct inode_slot *slots;	/* NULL: an empty table */
	size_t mask;
};

void inodes_init(struct inodes *table, size_t count);
void inodes_free(struct inodes *table);
void inodes_add(struct inodes *table, uint64_t device, uint64_t inode,
    size_t value);
int inodes_find(const struct inodes *table, uint64_t device, uint64_t inode,
    size_t *value);

#endif /* LOGPROC_INODES_H */
