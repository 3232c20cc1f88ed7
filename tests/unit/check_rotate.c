/* check_rotate.c: segment names in every scheme, made and read back, and
 * rotation that never overwrites: collision suffixes, numbered shifting,
 * --keep, gzip compression now or one rotation later. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "gen/rotate.h"
#include "suites.h"
#include "testdir.h"

#define SEC 1767323560	/* 2026-01-02T03:12:40Z */

static char tempdir[64];
static int dirfd_;

static void
make_dir(void)
{
	testdir_make(tempdir, sizeof tempdir, "/tmp", "logproc-rotate");
	dirfd_ = open(tempdir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dirfd_, 0);
}

static void
remove_dir(void)
{
	close(dirfd_);
	testdir_remove(tempdir);
}

/* Creates NAME in the test directory holding TEXT. */
static void
write_file(const char *name, const char *text)
{
	int fd = openat(dirfd_, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Asserts that NAME holds exactly TEXT. */
static void
assert_file(const char *name, const char *text)
{
	char buf[256];
	int fd = openat(dirfd_, name, O_RDONLY);
	ssize_t got;

	ck_assert_msg(fd >= 0, "%s is missing", name);
	got = read(fd, buf, sizeof buf - 1);
	close(fd);
	ck_assert_int_ge(got, 0);
	buf[got] = '\0';
	ck_assert_str_eq(buf, text);
}

/* Asserts that NAME is a gzip file, with no name and no time in its
 * header, that decompresses to exactly TEXT. */
static void
assert_gzip(const char *name, const char *text)
{
	unsigned char header[10];
	char path[128], buf[256];
	gzFile gz;
	int fd = openat(dirfd_, name, O_RDONLY), got;

	ck_assert_msg(fd >= 0, "%s is missing", name);
	ck_assert_int_eq(read(fd, header, sizeof header), (ssize_t)sizeof header);
	close(fd);
	ck_assert_msg(header[0] == 0x1f && header[1] == 0x8b && header[2] == 8,
	    "%s is not gzip", name);
	ck_assert_msg(header[3] == 0, "%s: header flags %d, not 0", name,
	    header[3]);
	ck_assert_msg(header[4] == 0 && header[5] == 0 && header[6] == 0 &&
	    header[7] == 0, "%s: the header holds a time", name);
	ck_assert_int_eq(header[9], 3);
	snprintf(path, sizeof path, "%s/%s", tempdir, name);
	ck_assert_ptr_nonnull(gz = gzopen(path, "rb"));
	got = gzread(gz, buf, sizeof buf - 1);
	ck_assert_int_ge(got, 0);
	buf[got] = '\0';
	ck_assert_int_eq(gzclose(gz), Z_OK);
	ck_assert_str_eq(buf, text);
}

static void
assert_missing(const char *name)
{
	ck_assert_msg(faccessat(dirfd_, name, F_OK, 0) != 0, "%s exists", name);
}

/* Starts ROTATOR on the test directory for app.log with OPTIONS (NULL:
 * the defaults). */
static void
start(struct rotator *rotator, const struct rotate_options *options)
{
	struct rotate_options defaults = { .scheme = ROTATE_TIMESTAMP };
	char *cause = NULL;

	ck_assert_msg(rotate_init(rotator, dirfd_, "app.log",
	    options != NULL ? options : &defaults, &cause) == 0,
	    "rotate_init failed: %s", cause);
}

/* Writes TEXT to app.log and rotates it; returns the new name. */
static char *
rotate_text(struct rotator *rotator, int64_t sec, const char *text)
{
	char *name = NULL, *cause = NULL;

	write_file("app.log", text);
	ck_assert_msg(rotate_segment(rotator, sec, &name, &cause) == 0,
	    "rotate failed: %s", cause);
	return name;
}

/* Rotates TEXT and asserts the new segment's name is EXPECTED. */
static void
rotate_expect(struct rotator *rotator, int64_t sec, const char *text,
    const char *expected)
{
	char *name = rotate_text(rotator, sec, text);

	ck_assert_str_eq(name, expected);
	free(name);
}

/* Formats a name of SCHEME from its parts into BUF (128 bytes). */
static const char *
format(char *buf, enum rotate_scheme scheme, const char *stamp,
    unsigned sequence, uint64_t number, int compressed)
{
	struct rotate_name name = { .sequence = sequence, .number = number,
	    .compressed = compressed };

	snprintf(name.stamp, sizeof name.stamp, "%s", stamp);
	ck_assert_int_eq(rotate_name_format(buf, 128, scheme, "app.log",
	    &name), 0);
	return buf;
}

START_TEST(test_names)
{
	char stamp[ROTATE_STAMP_SIZE], plain[128], first[128], last[128], next[128];

	rotate_name_stamp(stamp, SEC);
	ck_assert_str_eq(stamp, "20260102-031240");
	format(plain, ROTATE_TIMESTAMP, stamp, 0, 0, 0);
	ck_assert_str_eq(plain, "app.log.20260102-031240");
	format(first, ROTATE_TIMESTAMP, stamp, 1, 0, 0);
	ck_assert_str_eq(first, "app.log.20260102-031240-000001");
	format(last, ROTATE_TIMESTAMP, stamp, ROTATE_MAX_SEQUENCE, 0, 0);
	ck_assert_str_eq(last, "app.log.20260102-031240-999999");
	rotate_name_stamp(stamp, SEC + 1);
	format(next, ROTATE_TIMESTAMP, stamp, 0, 0, 0);
	/* Name order is time order: a suffix sorts after its plain name and
	 * before the next second. */
	ck_assert_int_lt(strcmp(plain, first), 0);
	ck_assert_int_lt(strcmp(first, last), 0);
	ck_assert_int_lt(strcmp(last, next), 0);
}
END_TEST

START_TEST(test_scheme_names)
{
	char buf[128], small[24];
	struct rotate_name name = { .number = 1 };

	ck_assert_str_eq(format(buf, ROTATE_TIMESTAMP, "20260102-031240", 2, 0, 1),
	    "app.log.20260102-031240-000002.gz");
	ck_assert_str_eq(format(buf, ROTATE_DATEEXT, "20260102-031240", 0, 0, 0),
	    "app.log-20260102-031240");
	ck_assert_str_eq(format(buf, ROTATE_DATEEXT, "20260102-031240", 7, 0, 0),
	    "app.log-20260102-031240_000007");
	ck_assert_str_eq(format(buf, ROTATE_DATEEXT, "20260102-031240", 7, 0, 1),
	    "app.log-20260102-031240_000007.gz");
	ck_assert_str_eq(format(buf, ROTATE_NUMBERED, "", 0, 1, 0), "app.log.1");
	ck_assert_str_eq(format(buf, ROTATE_NUMBERED, "", 0, 12, 1),
	    "app.log.12.gz");
	/* A name that does not fit is refused, not cut short. */
	ck_assert_int_eq(rotate_name_format(small, sizeof small, ROTATE_NUMBERED,
	    "a-long-pattern.log", &(struct rotate_name){ .number = 123456 }),
	    -1);
	ck_assert_int_eq(rotate_name_format(small, sizeof small, ROTATE_NUMBERED,
	    "app.log", &name), 0);
}
END_TEST

/* Dateext names sort in rotation order byte for byte, compressed or not,
 * newest plain under --delay-compress; timestamp names do once ".gz" is
 * taken off (their '-' sorts before the '.' of ".gz"). */
START_TEST(test_dateext_order)
{
	static const struct { unsigned sequence; int compressed; } older[] = {
		{ 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 }, { 2, 1 },
	};
	char a[128], b[128];
	size_t i, j;

	for (i = 0; i < sizeof older / sizeof older[0]; i++) {
		for (j = 0; j < sizeof older / sizeof older[0]; j++) {
			if (older[i].sequence >= older[j].sequence)
				continue;
			format(a, ROTATE_DATEEXT, "20260102-031240",
			    older[i].sequence, 0, older[i].compressed);
			format(b, ROTATE_DATEEXT, "20260102-031240",
			    older[j].sequence, 0, older[j].compressed);
			ck_assert_msg(strcmp(a, b) < 0, "%s sorts after %s", a, b);
		}
	}
	format(a, ROTATE_DATEEXT, "20260102-031240", 999999, 0, 1);
	format(b, ROTATE_DATEEXT, "20260102-031241", 0, 0, 0);
	ck_assert_int_lt(strcmp(a, b), 0);
	format(a, ROTATE_TIMESTAMP, "20260102-031240", 0, 0, 1);
	format(b, ROTATE_TIMESTAMP, "20260102-031240", 1, 0, 1);
	ck_assert_int_gt(strcmp(a, b), 0);	/* documented: needs .gz off */
}
END_TEST

/* Asserts that FILE parses in SCHEME into the given parts, and that those
 * parts format back to FILE. */
static void
assert_parses(enum rotate_scheme scheme, const char *file, const char *stamp,
    unsigned sequence, uint64_t number, int compressed)
{
	struct rotate_name name;
	char buf[128];

	ck_assert_msg(rotate_name_parse(scheme, "app.log", file, &name) == 0,
	    "%s does not parse", file);
	ck_assert_str_eq(name.stamp, stamp);
	ck_assert_uint_eq(name.sequence, sequence);
	ck_assert_uint_eq(name.number, number);
	ck_assert_int_eq(name.compressed, compressed);
	ck_assert_int_eq(rotate_name_format(buf, sizeof buf, scheme, "app.log",
	    &name), 0);
	ck_assert_str_eq(buf, file);
}

static void
assert_rejects(enum rotate_scheme scheme, const char *file)
{
	struct rotate_name name;

	ck_assert_msg(rotate_name_parse(scheme, "app.log", file, &name) == -1,
	    "%s parsed", file);
}

START_TEST(test_parse)
{
	assert_parses(ROTATE_TIMESTAMP, "app.log.20260102-031240",
	    "20260102-031240", 0, 0, 0);
	assert_parses(ROTATE_TIMESTAMP, "app.log.20260102-031240-000012.gz",
	    "20260102-031240", 12, 0, 1);
	assert_parses(ROTATE_DATEEXT, "app.log-20260102-031240_000003",
	    "20260102-031240", 3, 0, 0);
	assert_parses(ROTATE_DATEEXT, "app.log-20260102-031240.gz",
	    "20260102-031240", 0, 0, 1);
	assert_parses(ROTATE_NUMBERED, "app.log.1", "", 0, 1, 0);
	assert_parses(ROTATE_NUMBERED, "app.log.999999999999.gz", "", 0,
	    999999999999ULL, 1);
	/* Other schemes' names, other patterns, and names this code never
	 * makes (which would not format back to themselves). */
	assert_rejects(ROTATE_TIMESTAMP, "app.log-20260102-031240");
	assert_rejects(ROTATE_TIMESTAMP, "app.log.20260102-031240-000000");
	assert_rejects(ROTATE_TIMESTAMP, "app.log.20260102-031240_000001");
	assert_rejects(ROTATE_TIMESTAMP, "app.log.20260102-031240.gz.tmp");
	assert_rejects(ROTATE_TIMESTAMP, "app.log.20260102-0312");
	assert_rejects(ROTATE_TIMESTAMP, "other.log.20260102-031240");
	assert_rejects(ROTATE_DATEEXT, "app.log.20260102-031240");
	assert_rejects(ROTATE_DATEEXT, "app.log-20260102-031240-000001");
	assert_rejects(ROTATE_DATEEXT, "app.log-20260102-031240.bz2");
	assert_rejects(ROTATE_NUMBERED, "app.log.0");
	assert_rejects(ROTATE_NUMBERED, "app.log.01");
	assert_rejects(ROTATE_NUMBERED, "app.log.1x");
	assert_rejects(ROTATE_NUMBERED, "app.log.");
	assert_rejects(ROTATE_NUMBERED, "app.log.1000000000000");
	assert_rejects(ROTATE_NUMBERED, "app.log.20260102-031240");
	assert_rejects(ROTATE_NUMBERED, ".app.log.1.gz.tmp");
	assert_rejects(ROTATE_NUMBERED, "app.log");
}
END_TEST

START_TEST(test_compare)
{
	struct rotate_name two = { .number = 2 }, ten = { .number = 10 };
	struct rotate_name early = { .stamp = "20260102-031240", .sequence = 9 };
	struct rotate_name late = { .stamp = "20260102-031241" };

	/* Numbered: the higher the number, the older. */
	ck_assert_int_lt(rotate_name_compare(ROTATE_NUMBERED, &ten, &two), 0);
	ck_assert_int_gt(rotate_name_compare(ROTATE_NUMBERED, &two, &ten), 0);
	ck_assert_int_eq(rotate_name_compare(ROTATE_NUMBERED, &two, &two), 0);
	ck_assert_int_lt(rotate_name_compare(ROTATE_DATEEXT, &early, &late), 0);
	late.stamp[14] = '0';
	ck_assert_int_gt(rotate_name_compare(ROTATE_TIMESTAMP, &early, &late), 0);
	late.compressed = 1;
	late.sequence = 9;
	ck_assert_int_eq(rotate_name_compare(ROTATE_TIMESTAMP, &early, &late), 0);
}
END_TEST

/* When the clock goes back, names still sort in rotation order. */
START_TEST(test_clock_back)
{
	struct rotator rotator;

	make_dir();
	start(&rotator, NULL);
	rotate_expect(&rotator, SEC, "later\n", "app.log.20260102-031240");
	rotate_expect(&rotator, SEC - 3600, "earlier clock\n",
	    "app.log.20260102-031240-000001");
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

START_TEST(test_same_second)
{
	struct rotator rotator;

	make_dir();
	start(&rotator, NULL);
	rotate_expect(&rotator, SEC, "one\n", "app.log.20260102-031240");
	rotate_expect(&rotator, SEC, "two\n", "app.log.20260102-031240-000001");
	write_file("app.log.20260102-031240-000003", "foreign\n");
	write_file("app.log.20260102-031240-000004.gz", "foreign gz\n");
	rotate_expect(&rotator, SEC, "three\n", "app.log.20260102-031240-000002");
	rotate_expect(&rotator, SEC, "four\n", "app.log.20260102-031240-000005");
	assert_file("app.log.20260102-031240", "one\n");
	assert_file("app.log.20260102-031240-000001", "two\n");
	assert_file("app.log.20260102-031240-000002", "three\n");
	assert_file("app.log.20260102-031240-000003", "foreign\n");
	assert_file("app.log.20260102-031240-000004.gz", "foreign gz\n");
	assert_file("app.log.20260102-031240-000005", "four\n");
	assert_missing("app.log.20260102-031240-000004");
	assert_missing("app.log");
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

/* A fresh rotator (a new run) meets names left by an earlier one, plain
 * or compressed, and takes the first free one instead of overwriting. */
START_TEST(test_existing_names)
{
	struct rotator rotator;

	make_dir();
	write_file("app.log.20260102-031240.gz", "old\n");
	write_file("app.log.20260102-031240-000001", "old1\n");
	start(&rotator, NULL);
	rotate_expect(&rotator, SEC, "new\n", "app.log.20260102-031240-000002");
	rotate_expect(&rotator, SEC, "new2\n", "app.log.20260102-031240-000003");
	assert_file("app.log.20260102-031240.gz", "old\n");
	assert_missing("app.log.20260102-031240");
	assert_file("app.log.20260102-031240-000001", "old1\n");
	assert_file("app.log.20260102-031240-000002", "new\n");
	assert_file("app.log.20260102-031240-000003", "new2\n");
	rotate_expect(&rotator, SEC + 1, "later\n", "app.log.20260102-031241");
	assert_file("app.log.20260102-031241", "later\n");
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

/* rotate_init starts after the latest name of an earlier run, compressed
 * or not, ignoring names that are not segments, so an earlier clock cannot
 * sort before it. */
START_TEST(test_init_from_directory)
{
	struct rotator rotator;

	make_dir();
	write_file("app.log.20260102-031240", "a\n");
	write_file("app.log.20260102-031245-000007.gz", "b\n");
	write_file("app.log.20260102-031244-000009", "c\n");
	write_file("app.log.20991231-235959x", "not a segment\n");
	write_file("app.log-20991231-235959", "another scheme\n");
	write_file("other.log.20991231-235959", "other pattern\n");
	start(&rotator, NULL);
	ck_assert_int_eq(rotator.has_newest, 1);
	ck_assert_str_eq(rotator.newest.stamp, "20260102-031245");
	ck_assert_uint_eq(rotator.newest.sequence, 7);
	rotate_expect(&rotator, SEC, "new\n", "app.log.20260102-031245-000008");
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

START_TEST(test_dateext)
{
	struct rotate_options options = { .scheme = ROTATE_DATEEXT };
	struct rotator rotator;

	make_dir();
	write_file("app.log-20260102-031240", "old\n");
	write_file("app.log.20260102-031299", "timestamp scheme, ignored\n");
	start(&rotator, &options);
	rotate_expect(&rotator, SEC, "one\n", "app.log-20260102-031240_000001");
	rotate_expect(&rotator, SEC + 1, "two\n", "app.log-20260102-031241");
	rotate_expect(&rotator, SEC, "three\n", "app.log-20260102-031241_000001");
	assert_file("app.log-20260102-031240", "old\n");
	assert_file("app.log-20260102-031240_000001", "one\n");
	assert_file("app.log-20260102-031241_000001", "three\n");
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

/* Numbered: the active file becomes .1 and every segment moves up one,
 * plain or compressed, gaps left by others included. */
START_TEST(test_numbered_shift)
{
	struct rotate_options options = { .scheme = ROTATE_NUMBERED };
	struct rotator rotator;

	make_dir();
	write_file("app.log.1", "old1\n");
	write_file("app.log.3.gz", "old3\n");
	write_file("app.log.03", "not ours\n");
	start(&rotator, &options);
	rotate_expect(&rotator, SEC, "one\n", "app.log.1");
	rotate_expect(&rotator, SEC, "two\n", "app.log.1");
	assert_file("app.log.1", "two\n");
	assert_file("app.log.2", "one\n");
	assert_file("app.log.3", "old1\n");
	assert_file("app.log.5.gz", "old3\n");
	assert_file("app.log.03", "not ours\n");
	assert_missing("app.log.4");
	assert_missing("app.log.3.gz");
	assert_missing("app.log");
	ck_assert_uint_eq(rotator.own_deleted, 0);
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

/* --keep N: N segments remain, the newest; the oldest go first, those of
 * an earlier run before those of this one, which own_deleted counts. */
START_TEST(test_keep)
{
	static const enum rotate_scheme schemes[] = {
		ROTATE_TIMESTAMP, ROTATE_NUMBERED, ROTATE_DATEEXT
	};
	static const char *const oldest[] = {
		"app.log.20260102-031239", "app.log.7", "app.log-20260102-031239"
	};
	struct rotate_options options = { .keep = 2 };
	struct rotator rotator;
	size_t i;

	for (i = 0; i < 3; i++) {
		make_dir();
		options.scheme = schemes[i];
		write_file(oldest[i], "foreign\n");
		start(&rotator, &options);
		ck_assert_uint_eq(rotator.foreign, 1);
		free(rotate_text(&rotator, SEC, "one\n"));
		ck_assert_uint_eq(rotator.foreign, 1);
		free(rotate_text(&rotator, SEC, "two\n"));
		ck_assert_uint_eq(rotator.foreign, 0);
		ck_assert_uint_eq(rotator.own_deleted, 0);
		free(rotate_text(&rotator, SEC, "three\n"));
		ck_assert_uint_eq(rotator.own_deleted, 1);
		free(rotate_text(&rotator, SEC, "four\n"));
		ck_assert_uint_eq(rotator.own_deleted, 2);
		ck_assert_uint_eq(rotator.present_count, 2);
		assert_missing(oldest[i]);
		assert_missing("app.log.8");
		if (schemes[i] == ROTATE_NUMBERED) {
			assert_file("app.log.1", "four\n");
			assert_file("app.log.2", "three\n");
			assert_missing("app.log.3");
		} else if (schemes[i] == ROTATE_TIMESTAMP) {
			assert_file("app.log.20260102-031240-000002", "three\n");
			assert_file("app.log.20260102-031240-000003", "four\n");
			assert_missing("app.log.20260102-031240-000001");
		}
		rotate_free(&rotator);
		remove_dir();
	}
}
END_TEST

/* --compress: each new segment becomes NAME.gz at once, NAME is gone, no
 * temporary file is left; numbered names shift as N.gz to N+1.gz. */
START_TEST(test_compress)
{
	struct rotate_options options = { .scheme = ROTATE_NUMBERED,
	    .compress = 1 };
	struct rotator rotator;

	make_dir();
	start(&rotator, &options);
	rotate_expect(&rotator, SEC, "one\n", "app.log.1.gz");
	rotate_expect(&rotator, SEC, "two\n", "app.log.1.gz");
	assert_gzip("app.log.1.gz", "two\n");
	assert_gzip("app.log.2.gz", "one\n");
	assert_missing("app.log.1");
	assert_missing("app.log.2");
	assert_missing(".app.log.1.gz.tmp");
	rotate_free(&rotator);
	options.scheme = ROTATE_TIMESTAMP;
	start(&rotator, &options);
	rotate_expect(&rotator, SEC, "three\n", "app.log.20260102-031240.gz");
	assert_gzip("app.log.20260102-031240.gz", "three\n");
	assert_missing("app.log.20260102-031240");
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

/* --delay-compress: the newest segment stays plain until the next
 * rotation, also one an earlier run left plain. */
START_TEST(test_delay_compress)
{
	struct rotate_options options = { .scheme = ROTATE_NUMBERED,
	    .compress = 1, .delay_compress = 1 };
	struct rotator rotator;

	make_dir();
	write_file("app.log.1", "old\n");
	start(&rotator, &options);
	rotate_expect(&rotator, SEC, "one\n", "app.log.1");
	assert_file("app.log.1", "one\n");
	assert_gzip("app.log.2.gz", "old\n");
	rotate_expect(&rotator, SEC, "two\n", "app.log.1");
	assert_file("app.log.1", "two\n");
	assert_gzip("app.log.2.gz", "one\n");
	assert_gzip("app.log.3.gz", "old\n");
	assert_missing("app.log.2");
	rotate_free(&rotator);
	remove_dir();

	make_dir();
	options.scheme = ROTATE_DATEEXT;
	start(&rotator, &options);
	rotate_expect(&rotator, SEC, "one\n", "app.log-20260102-031240");
	rotate_expect(&rotator, SEC, "two\n", "app.log-20260102-031240_000001");
	assert_gzip("app.log-20260102-031240.gz", "one\n");
	assert_file("app.log-20260102-031240_000001", "two\n");
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

/* The same input gives the same compressed bytes: nothing in the gzip
 * header depends on the time or the file name. */
START_TEST(test_compress_reproducible)
{
	struct rotate_options options = { .compress = 1 };
	struct rotator rotator;
	char first[256], second[256];
	ssize_t first_length, second_length;
	int fd;

	make_dir();
	start(&rotator, &options);
	rotate_expect(&rotator, SEC, "same\n", "app.log.20260102-031240.gz");
	sleep(1);
	rotate_expect(&rotator, SEC + 5, "same\n", "app.log.20260102-031245.gz");
	fd = openat(dirfd_, "app.log.20260102-031240.gz", O_RDONLY);
	first_length = read(fd, first, sizeof first);
	close(fd);
	fd = openat(dirfd_, "app.log.20260102-031245.gz", O_RDONLY);
	second_length = read(fd, second, sizeof second);
	close(fd);
	ck_assert_int_gt(first_length, 18);
	ck_assert_int_eq(first_length, second_length);
	ck_assert_mem_eq(first, second, (size_t)first_length);
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

START_TEST(test_missing_active)
{
	struct rotator rotator;
	char *name = NULL, *cause = NULL;

	make_dir();
	start(&rotator, NULL);
	ck_assert_int_eq(rotate_segment(&rotator, SEC, &name, &cause), -1);
	ck_assert_ptr_null(name);
	ck_assert_ptr_nonnull(strstr(cause, "app.log"));
	ck_assert_ptr_nonnull(strstr(cause, "No such file"));
	free(cause);
	rotate_free(&rotator);
	remove_dir();
}
END_TEST

Suite *
rotate_suite(void)
{
	Suite *suite = suite_create("rotate");
	TCase *names = tcase_create("names");
	TCase *files = tcase_create("files");

	tcase_add_test(names, test_names);
	tcase_add_test(names, test_scheme_names);
	tcase_add_test(names, test_dateext_order);
	tcase_add_test(names, test_parse);
	tcase_add_test(names, test_compare);
	tcase_add_test(files, test_clock_back);
	tcase_add_test(files, test_init_from_directory);
	tcase_add_test(files, test_same_second);
	tcase_add_test(files, test_existing_names);
	tcase_add_test(files, test_dateext);
	tcase_add_test(files, test_numbered_shift);
	tcase_add_test(files, test_keep);
	tcase_add_test(files, test_compress);
	tcase_add_test(files, test_delay_compress);
	tcase_add_test(files, test_compress_reproducible);
	tcase_add_test(files, test_missing_active);
	suite_add_tcase(suite, names);
	suite_add_tcase(suite, files);
	return suite;
}
