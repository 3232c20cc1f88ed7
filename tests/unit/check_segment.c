/* check_segment.c: a segment's identity and fingerprint (the hash, which
 * checkpoints keep across runs and versions, and matching a file's first
 * bytes), when a worker may take it, its state names, renaming and
 * failing. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/segment.h"
#include "suites.h"

#define HELLO "hello, world\n"
#define HELLO_LENGTH (sizeof HELLO - 1)

/* Returns a new segment called NAME whose fingerprint covers the first
 * FINGERPRINT_BYTES bytes of CONTENT. */
static struct segment *
new_segment(const char *name, const char *content, uint32_t fingerprint_bytes)
{
	struct segment_id id = { .device = 8, .inode = 42 };

	id.fingerprint_bytes = fingerprint_bytes;
	id.fingerprint = segment_hash((const unsigned char *)content,
	    fingerprint_bytes);
	return segment_new(name, &id);
}

/* Returns a pending segment that the last scan saw, SIZE bytes long, of
 * which OFFSET were read and STALLED_SIZE found without a further line. */
static struct segment *
seen_segment(int active, uint64_t size, uint64_t offset,
    uint64_t stalled_size)
{
	struct segment *segment = new_segment(active ? "app.log" : "app.log.1",
	    "", 0);

	segment->active = active;
	segment->present = 1;
	segment->size = size;
	segment->offset = offset;
	segment->stalled_size = stalled_size;
	return segment;
}

/* The hash is 64-bit FNV-1a. Checkpoints store it, so it must never change:
 * these are the published FNV-1a test vectors. */
START_TEST(test_hash_vectors)
{
	ck_assert_uint_eq(segment_hash((const unsigned char *)"", 0),
	    UINT64_C(0xcbf29ce484222325));
	ck_assert_uint_eq(segment_hash((const unsigned char *)"a", 1),
	    UINT64_C(0xaf63dc4c8601ec8c));
	ck_assert_uint_eq(segment_hash((const unsigned char *)"foobar", 6),
	    UINT64_C(0x85944171f73967e8));
}
END_TEST

/* The same bytes hash the same from any buffer; one byte changed, swapped
 * or added changes the hash; only LENGTH bytes count. */
START_TEST(test_hash_data)
{
	static const unsigned char text[] = "{\"level\":\"INFO\"}\n";
	unsigned char copy[sizeof text], longer[sizeof text + 8];
	size_t length = sizeof text - 1;
	uint64_t hash = segment_hash(text, length);

	memcpy(copy, text, sizeof text);
	ck_assert_uint_eq(segment_hash(copy, length), hash);
	memcpy(longer, text, length);
	memcpy(longer + length, "trailing", 8);
	ck_assert_uint_eq(segment_hash(longer, length), hash);
	ck_assert_uint_ne(segment_hash(longer, length + 1), hash);
	copy[3] ^= 1;
	ck_assert_uint_ne(segment_hash(copy, length), hash);
	memcpy(copy, text, sizeof text);
	copy[0] = text[1];
	copy[1] = text[0];
	ck_assert_uint_ne(segment_hash(copy, length), hash);
	copy[0] = '\0';
	ck_assert_uint_ne(segment_hash(copy, length), segment_hash(text, length));
}
END_TEST

/* Every prefix of a file hashes differently, the empty one included: a
 * fingerprint of N bytes tells a file of N bytes from a longer one. */
START_TEST(test_hash_prefixes)
{
	unsigned char data[SEGMENT_FINGERPRINT_MAX];
	uint64_t hashes[SEGMENT_FINGERPRINT_MAX + 1];
	size_t i, j;

	for (i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i % 3 == 0 ? 'a' : i % 7);
	for (i = 0; i <= SEGMENT_FINGERPRINT_MAX; i++)
		hashes[i] = segment_hash(data, i);
	for (i = 0; i <= SEGMENT_FINGERPRINT_MAX; i++) {
		for (j = i + 1; j <= SEGMENT_FINGERPRINT_MAX; j++) {
			if (hashes[i] == hashes[j])
				ck_abort_msg("prefixes of %zu and %zu bytes hash alike",
				    i, j);
		}
	}
	ck_assert_uint_eq(hashes[0], segment_hash(NULL, 0));
}
END_TEST

START_TEST(test_new)
{
	struct segment_id id = { 1, 2, 3, 4 };
	char name[] = "app.log.1";
	struct segment *segment = segment_new(name, &id);

	name[0] = 'X';
	ck_assert_str_eq(segment->name, "app.log.1");
	ck_assert_uint_eq(segment->id.device, 1);
	ck_assert_uint_eq(segment->id.inode, 2);
	ck_assert_uint_eq(segment->id.fingerprint, 3);
	ck_assert_uint_eq(segment->id.fingerprint_bytes, 4);
	ck_assert_int_eq(segment->state, SEGMENT_PENDING);
	ck_assert_int_eq(segment->worker, -1);
	ck_assert_ptr_null(segment->reason);
	ck_assert_uint_eq(segment->offset, 0);
	ck_assert_uint_eq(segment->lines, 0);
	ck_assert_int_eq(segment->present, 0);
	segment_free(segment);
	segment_free(NULL);
}
END_TEST

/* Compares SEGMENT with a file whose first LENGTH bytes are BYTES. */
static int
matches(const struct segment *segment, const char *bytes, size_t length)
{
	struct segment_head head;

	memset(&head, 0, sizeof head);
	memcpy(head.bytes, bytes, length);
	head.length = length;
	return segment_matches(segment, &head);
}

/* A segment without a fingerprint (its file was empty) matches any file,
 * even an empty one. */
START_TEST(test_matches_no_fingerprint)
{
	struct segment *segment = new_segment("app.log", "", 0);

	ck_assert_int_eq(matches(segment, "", 0), 1);
	ck_assert_int_eq(matches(segment, "anything", 8), 1);
	segment_free(segment);
}
END_TEST

/* A file matches when it starts with the fingerprinted bytes: exactly
 * them, or them and more. */
START_TEST(test_matches_same_start)
{
	struct segment *segment = new_segment("app.log", HELLO, HELLO_LENGTH);
	const char *grown = HELLO "more lines\n";

	ck_assert_int_eq(matches(segment, HELLO, HELLO_LENGTH), 1);
	ck_assert_int_eq(matches(segment, grown, HELLO_LENGTH + 11), 1);
	segment_free(segment);
	/* A fingerprint of the first 5 bytes ignores what follows them. */
	segment = new_segment("app.log", HELLO, 5);
	ck_assert_int_eq(matches(segment, "hello there", 11), 1);
	segment_free(segment);
}
END_TEST

/* Other first bytes, or fewer bytes than were fingerprinted (a truncated
 * file, even one holding a prefix of the old content), do not match. */
START_TEST(test_matches_other_content)
{
	struct segment *segment = new_segment("app.log", HELLO, HELLO_LENGTH);

	ck_assert_int_eq(matches(segment, "jello, world\n", HELLO_LENGTH), 0);
	ck_assert_int_eq(matches(segment, "hello, world!", HELLO_LENGTH), 0);
	ck_assert_int_eq(matches(segment, HELLO, HELLO_LENGTH - 1), 0);
	ck_assert_int_eq(matches(segment, "", 0), 0);
	segment_free(segment);
}
END_TEST

/* Compression goes by the name's suffix: gzip is read, the other
 * compressors logrotate may run are not, anything else is plain. */
START_TEST(test_compression)
{
	static const char *const plain[] = {
		"app.log", "app.log.1", "app.log-20260102", "app.log.gz.1",
		"app.log.gzip", "app.log.20260101-000000", "gz", ".gz.x"
	};
	static const char *const unsupported[] = {
		"app.log.1.bz2", "app.log.xz", "app.log-20260102.zst",
		"app.log.2.lz4", "app.log.lzma", "app.log.Z", "app.log.zip",
		"app.log.lz"
	};
	size_t i;

	ck_assert_int_eq(segment_compression("app.log.1.gz"), SEGMENT_GZIP);
	ck_assert_int_eq(segment_compression(".gz"), SEGMENT_GZIP);
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
		ck_assert_msg(segment_compression(plain[i]) == SEGMENT_PLAIN,
		    "%s", plain[i]);
	for (i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
		ck_assert_msg(segment_compression(unsupported[i]) ==
		    SEGMENT_UNSUPPORTED, "%s", unsupported[i]);
}
END_TEST

/* One head compared with segments whose fingerprints cover different
 * lengths, in any order, gives each the answer a fresh head would: the
 * memo of its hash is for the length it was worked out for only. */
START_TEST(test_matches_memo)
{
	struct segment *segments[4];
	struct segment_head head;
	size_t i, j;

	segments[0] = new_segment("a", HELLO, 5);
	segments[1] = new_segment("b", HELLO, HELLO_LENGTH);
	segments[2] = new_segment("c", "hello there", 5);
	segments[3] = new_segment("d", "jello, world\n", HELLO_LENGTH);
	memset(&head, 0, sizeof head);
	memcpy(head.bytes, HELLO, HELLO_LENGTH);
	head.length = HELLO_LENGTH;
	for (i = 0; i < 16; i++) {
		j = (i * 7 + i / 4) % 4;
		ck_assert_int_eq(segment_matches(segments[j], &head),
		    matches(segments[j], HELLO, HELLO_LENGTH));
		ck_assert_int_eq(segment_matches(segments[j], &head), j < 3);
	}
	for (i = 0; i < 4; i++)
		segment_free(segments[i]);
}
END_TEST

/* A pending, present segment with bytes past where it last stalled is
 * ready, active or rotated, with or without --once. */
START_TEST(test_ready_grown)
{
	struct segment *segment = seen_segment(_i, 100, 50, 50);

	ck_assert_int_eq(segment_ready(segment, 0), 1);
	ck_assert_int_eq(segment_ready(segment, 1), 1);
	segment->stalled_size = 99;
	ck_assert_int_eq(segment_ready(segment, 0), 1);
	/* Nothing new since the worker found no further line: wait. */
	segment->active = 1;
	segment->stalled_size = 100;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment_free(segment);
}
END_TEST

/* Only a pending segment is taken: not one a worker holds, nor one that
 * is complete or failed. */
START_TEST(test_ready_states)
{
	struct segment *segment = seen_segment(0, 100, 0, 0);

	segment->stable = 1;
	ck_assert_int_eq(segment_ready(segment, 1), 1);
	segment->state = SEGMENT_PROCESSING;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment->state = SEGMENT_COMPLETE;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment->state = SEGMENT_FAILED;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment_free(segment);
}
END_TEST

/* A segment the last scan missed, whose content left its inode, or whose
 * name is stale waits, however much it has to read. */
START_TEST(test_ready_flags)
{
	struct segment *segment = seen_segment(_i, 100, 0, 0);

	segment->stable = 1;
	ck_assert_int_eq(segment_ready(segment, 1), 1);
	segment->present = 0;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment->present = 1;
	segment->retired = 1;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment->retired = 0;
	segment->needs_scan = 1;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment->needs_scan = 0;
	ck_assert_int_eq(segment_ready(segment, 1), 1);
	segment_free(segment);
}
END_TEST

/* A rotated segment read up to its last newline is taken once more to be
 * completed (its final line, if any, counted) when it has settled, or at
 * once with --once. The active file is never completed. */
START_TEST(test_ready_rotated)
{
	struct segment *segment = seen_segment(0, 100, 90, 100);

	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 1);
	segment->stable = 1;
	ck_assert_int_eq(segment_ready(segment, 0), 1);
	ck_assert_int_eq(segment_ready(segment, 1), 1);
	segment->offset = 100;
	ck_assert_int_eq(segment_ready(segment, 0), 1);
	/* An offset past the size is never completed. */
	segment->offset = 101;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment->offset = 100;
	segment->active = 1;
	ck_assert_int_eq(segment_ready(segment, 0), 0);
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment_free(segment);
}
END_TEST

/* An empty rotated file is completed without reading; an empty active
 * file waits. */
START_TEST(test_ready_empty)
{
	struct segment *segment = seen_segment(0, 0, 0, 0);

	ck_assert_int_eq(segment_ready(segment, 1), 1);
	segment->active = 1;
	ck_assert_int_eq(segment_ready(segment, 1), 0);
	segment_free(segment);
}
END_TEST

START_TEST(test_state_names)
{
	static const char *const names[SEGMENT_STATE_COUNT] = {
		"pending", "processing", "complete", "failed"
	};
	enum segment_state state, parsed;

	for (state = 0; state < SEGMENT_STATE_COUNT; state++) {
		ck_assert_str_eq(segment_state_name(state), names[state]);
		parsed = SEGMENT_STATE_COUNT;
		ck_assert_int_eq(segment_state_parse(names[state], &parsed), 0);
		ck_assert_int_eq(parsed, state);
	}
}
END_TEST

/* Names are exact: no other case, prefix, extension or padding; a
 * rejected name leaves the state alone. */
START_TEST(test_state_unknown)
{
	static const char *const bad[] = {
		"", "Pending", "PENDING", "pend", "pendings", " pending",
		"pending ", "done", "failed\n", "complete\x01"
	};
	enum segment_state state;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		state = SEGMENT_COMPLETE;
		ck_assert_msg(segment_state_parse(bad[i], &state) == -1,
		    "'%s' was accepted", bad[i]);
		ck_assert_int_eq(state, SEGMENT_COMPLETE);
	}
}
END_TEST

/* A rename keeps the identity and progress; renaming to the current name,
 * passed as the segment's own string, is safe (ASan checks). */
START_TEST(test_rename)
{
	struct segment *segment = new_segment("app.log", HELLO, HELLO_LENGTH);
	char name[] = "app.log.20260102-031240";

	segment->offset = 13;
	segment->lines = 1;
	segment_rename(segment, name);
	name[0] = 'X';
	ck_assert_str_eq(segment->name, "app.log.20260102-031240");
	segment_rename(segment, segment->name);
	ck_assert_str_eq(segment->name, "app.log.20260102-031240");
	segment_rename(segment, "app.log.20260102-031240-000001");
	ck_assert_str_eq(segment->name, "app.log.20260102-031240-000001");
	ck_assert_uint_eq(segment->offset, 13);
	ck_assert_uint_eq(segment->lines, 1);
	ck_assert_uint_eq(segment->id.inode, 42);
	ck_assert_uint_eq(segment->id.fingerprint_bytes, HELLO_LENGTH);
	ck_assert_int_eq(segment->state, SEGMENT_PENDING);
	segment_free(segment);
}
END_TEST

/* Failing keeps a copy of the reason; failing again replaces it (LSan
 * checks the first is freed). Progress is kept for the checkpoint. */
START_TEST(test_fail)
{
	struct segment *segment = new_segment("app.log.1", HELLO, HELLO_LENGTH);
	char reason[] = "Permission denied";

	segment->offset = 13;
	segment->state = SEGMENT_PROCESSING;
	segment_fail(segment, reason);
	reason[0] = 'X';
	ck_assert_int_eq(segment->state, SEGMENT_FAILED);
	ck_assert_str_eq(segment->reason, "Permission denied");
	segment_fail(segment, "deleted before it was read to the end");
	ck_assert_int_eq(segment->state, SEGMENT_FAILED);
	ck_assert_str_eq(segment->reason,
	    "deleted before it was read to the end");
	ck_assert_uint_eq(segment->offset, 13);
	ck_assert_str_eq(segment->name, "app.log.1");
	segment_free(segment);
}
END_TEST

/* Names of the same time, oldest first, in each scheme: numbered (the
 * higher number the older, compressed or not, past 9), timestamp and
 * dateext (by name, .gz aside, a second rotation in the same second
 * after the first), a date with dots (eight digits: a date, not a
 * number), and the active file last. */
static const char *const name_order[][4] = {
	{ "app.log.10.gz", "app.log.9", "app.log.2", "app.log" },
	{ "app.log.12", "app.log.11.gz", "app.log.3.gz", "app.log.1" },
	{ "app.log.20260101-000002.gz", "app.log.20260101-000002-000001",
	    "app.log.20260101-000003", "app.log" },
	{ "app.log-20260101-000002", "app.log-20260101-000002_000001.gz",
	    "app.log-20260102", "app.log" },
	{ "app.log.20260101", "app.log.20260102.gz", "app.log.20260103",
	    "app.log" },
	/* Kinds mixed: other names, then numbered ones, then the active. */
	{ "app.log.1.old", "app.log.10", "app.log.1", "app.log" },
	{ "app.log-20260102", "app.log.20260101", "app.log.3.gz", "app.log" },
};

/* segment_name_order orders each row of name_order as it is, both ways
 * round, and a name as old as itself. */
START_TEST(test_name_order)
{
	const char *const *row = name_order[_i];
	size_t i, j;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(segment_name_order(row[i], row[i], "app.log"), 0);
		for (j = i + 1; j < 4; j++) {
			ck_assert_msg(segment_name_order(row[i], row[j],
			    "app.log") < 0, "%s not older than %s", row[i], row[j]);
			ck_assert_msg(segment_name_order(row[j], row[i],
			    "app.log") > 0, "%s older than %s", row[j], row[i]);
		}
	}
}
END_TEST

Suite *
segment_suite(void)
{
	Suite *suite = suite_create("segment");
	TCase *identity = tcase_create("identity");
	TCase *ready = tcase_create("ready");
	TCase *record = tcase_create("record");

	tcase_add_test(identity, test_hash_vectors);
	tcase_add_test(identity, test_hash_data);
	tcase_add_test(identity, test_hash_prefixes);
	tcase_add_test(identity, test_matches_no_fingerprint);
	tcase_add_test(identity, test_matches_same_start);
	tcase_add_test(identity, test_matches_other_content);
	tcase_add_test(identity, test_matches_memo);
	tcase_add_test(identity, test_compression);
	/* _i is the segment's active flag. */
	tcase_add_loop_test(ready, test_ready_grown, 0, 2);
	tcase_add_test(ready, test_ready_states);
	tcase_add_loop_test(ready, test_ready_flags, 0, 2);
	tcase_add_test(ready, test_ready_rotated);
	tcase_add_test(ready, test_ready_empty);
	tcase_add_test(record, test_new);
	tcase_add_test(record, test_state_names);
	tcase_add_test(record, test_state_unknown);
	tcase_add_test(record, test_rename);
	tcase_add_test(record, test_fail);
	tcase_add_loop_test(record, test_name_order, 0,
	    (int)(sizeof name_order / sizeof name_order[0]));
	suite_add_tcase(suite, identity);
	suite_add_tcase(suite, ready);
	suite_add_tcase(suite, record);
	return suite;
}
