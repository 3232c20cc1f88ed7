/* fingerprints.h: the table's segments by fingerprint, for one scan. A
 * file no inode matched is looked up by the hash of its first bytes, once
 * for each length that segments' fingerprints cover (few: 256, and the
 * sizes of files seen while shorter), instead of being compared with
 * every segment: a first scan of 100,000 files took time quadratic in
 * their number. Entries are candidates: the caller checks each. */
#ifndef LOGPROC_FINGERPRINTS_H
#define LOGPROC_FINGERPRINTS_H

#include <stddef.h>
#include <stdint.h>

struct fingerprint_slot {
	uint64_t hash;
	uint32_t bytes;
	size_t value;			/* the index plus one; 0: empty */
};

struct fingerprints {
	struct fingerprint_slot *slots;
	size_t mask, used;
	uint32_t *lengths;		/* the lengths in use, ascending */
	size_t length_count;
};

void fingerprints_init(struct fingerprints *table, size_t count);
void fingerprints_free(struct fingerprints *table);
void fingerprints_add(struct fingerprints *table, uint32_t bytes,
    uint64_t hash, size_t value);
int fingerprints_next(const struct fingerprints *table, uint32_t bytes,
    uint64_t hash, size_t *cursor, size_t *value);

#endif /* LOGPROC_FINGERPRINTS_H */
