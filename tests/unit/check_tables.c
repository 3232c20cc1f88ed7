/* check_tables.c: the two lookup tables of a scan, checked against a
 * plain list: inodes.c (device and inode to an index, the first entry of
 * a file winning) and fingerprints.c (a fingerprint to every index added
 * under it, through its growth, and the lengths in use in order). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "engine/fingerprints.h"
#include "engine/inodes.h"
#include "suites.h"

#define ENTRIES 5000

/* Inodes spread over two devices, and repeated: each is found with the
 * value it was first added with; others are not found. */
START_TEST(test_inodes)
{
	struct inodes table;
	size_t i, value;

	inodes_init(&table, 2 * ENTRIES);
	for (i = 0; i < ENTRIES; i++)
		inodes_add(&table, i % 2, i * 7919, i);
	for (i = 0; i < ENTRIES; i++)
		inodes_add(&table, i % 2, i * 7919, i + ENTRIES);	/* ignored */
	for (i = 0; i < ENTRIES; i++) {
		ck_assert(inodes_find(&table, i % 2, i * 7919, &value));
		ck_assert_uint_eq(value, i);
		ck_assert(!inodes_find(&table, (i + 1) % 2, i * 7919, &value));
	}
	ck_assert(!inodes_find(&table, 0, 1, &value));
	inodes_free(&table);
	inodes_init(&table, 0);
	ck_assert(!inodes_find(&table, 0, 0, &value));
	inodes_free(&table);
}
END_TEST

/* Returns how many times VALUE is listed under BYTES and HASH, and how
 * many values are listed in all (in *TOTAL). */
static size_t
count_value(const struct fingerprints *table, uint32_t bytes, uint64_t hash,
    size_t value, size_t *total)
{
	size_t cursor = 0, found, times = 0;

	*total = 0;
	while (fingerprints_next(table, bytes, hash, &cursor, &found)) {
		(*total)++;
		times += found == value;
	}
	return times;
}

/* Entries added past the initial room (the table grows), many under one
 * hash and lengths that differ: every entry is listed under its own
 * fingerprint exactly once, and no other. */
START_TEST(test_fingerprints)
{
	struct fingerprints table;
	size_t i, total;
	uint32_t bytes;

	fingerprints_init(&table, 10);
	for (i = 0; i < ENTRIES; i++) {
		bytes = i % 3 == 0 ? 256 : (uint32_t)(i % 5 + 1);
		fingerprints_add(&table, bytes, i % 100 == 0 ? 42 : i, i);
	}
	for (i = 0; i < ENTRIES; i++) {
		bytes = i % 3 == 0 ? 256 : (uint32_t)(i % 5 + 1);
		ck_assert_uint_eq(count_value(&table, bytes,
		    i % 100 == 0 ? 42 : i, i, &total), 1);
		if (i % 100 != 0 && i != 42)
			ck_assert_uint_eq(total, 1);
		ck_assert_uint_eq(count_value(&table, bytes + 1000, i, i,
		    &total), 0);
	}
	ck_assert_uint_eq(table.length_count, 6);
	for (i = 0; i + 1 < table.length_count; i++)
		ck_assert_uint_lt(table.lengths[i], table.lengths[i + 1]);
	ck_assert_uint_eq(table.lengths[5], 256);
	fingerprints_free(&table);
}
END_TEST

Suite *
tables_suite(void)
{
	Suite *suite = suite_create("tables");
	TCase *tables = tcase_create("tables");

	tcase_add_test(tables, test_inodes);
	tcase_add_test(tables, test_fingerprints);
	suite_add_tcase(suite, tables);
	return suite;
}
