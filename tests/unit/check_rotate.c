/* check_rotate.c: rotation names and rotation that never overwrites. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Writes TEXT to app.log and rotates it; returns the new name. */
static char *
rotate_text(struct rotator *rotator, int64_t sec, const char *text)
{
	char *name = NULL, *cause = NULL;

	write_file("app.log", text);
	ck_assert_msg(rotate_file(rotator, dirfd_, "app.log", sec, &name,
	    &cause) == 0, "rotate failed: %s", cause);
	return name;
}

START_TEST(test_names)
{
	char stamp[ROTATE_STAMP_SIZE], plain[128], first[128], last[128], next[128];

	rotate_stamp(stamp, SEC);
	ck_assert_str_eq(stamp, "20260102-031240");
	rotate_name(plain, sizeof plain, "app.log", stamp, 0);
	ck_assert_str_eq(plain, "app.log.20260102-031240");
	rotate_name(first, sizeof first, "app.log", stamp, 1);
	ck_assert_str_eq(first, "app.log.20260102-031240-000001");
	rotate_name(last, sizeof last, "app.log", stamp, ROTATE_MAX_SEQUENCE);
	ck_assert_str_eq(last, "app.log.20260102-031240-999999");
	rotate_stamp(stamp, SEC + 1);
	rotate_name(next, sizeof next, "app.log", stamp, 0);
	/* Name order is time order: a suffix sorts after its plain name and
	 * before the next second. */
	ck_assert_int_lt(strcmp(plain, first), 0);
	ck_assert_int_lt(strcmp(first, last), 0);
	ck_assert_int_lt(strcmp(last, next), 0);
}
END_TEST

/* When the clock goes back, names still sort in rotation order. */
START_TEST(test_clock_back)
{
	struct rotator rotator = { .last_stamp = "" };
	char *first, *second;

	make_dir();
	first = rotate_text(&rotator, SEC, "later\n");
	second = rotate_text(&rotator, SEC - 3600, "earlier clock\n");
	ck_assert_str_eq(first, "app.log.20260102-031240");
	ck_assert_str_eq(second, "app.log.20260102-031240-000001");
	free(first);
	free(second);
	remove_dir();
}
END_TEST

START_TEST(test_same_second)
{
	struct rotator rotator = { .last_stamp = "" };
	char *first, *second, *third;

	make_dir();
	first = rotate_text(&rotator, SEC, "one\n");
	second = rotate_text(&rotator, SEC, "two\n");
	write_file("app.log.20260102-031240-000003", "foreign\n");
	third = rotate_text(&rotator, SEC, "three\n");
	ck_assert_str_eq(first, "app.log.20260102-031240");
	ck_assert_str_eq(second, "app.log.20260102-031240-000001");
	ck_assert_str_eq(third, "app.log.20260102-031240-000002");
	free(rotate_text(&rotator, SEC, "four\n"));
	assert_file("app.log.20260102-031240", "one\n");
	assert_file("app.log.20260102-031240-000001", "two\n");
	assert_file("app.log.20260102-031240-000002", "three\n");
	assert_file("app.log.20260102-031240-000003", "foreign\n");
	assert_file("app.log.20260102-031240-000004", "four\n");
	ck_assert_int_ne(faccessat(dirfd_, "app.log", F_OK, 0), 0);
	free(first);
	free(second);
	free(third);
	remove_dir();
}
END_TEST

/* A fresh rotator (a new run) meets names left by an earlier one and
 * takes the first free one instead of overwriting. */
START_TEST(test_existing_names)
{
	struct rotator rotator = { .last_stamp = "" };
	char *name;

	make_dir();
	write_file("app.log.20260102-031240", "old\n");
	write_file("app.log.20260102-031240-000001", "old1\n");
	name = rotate_text(&rotator, SEC, "new\n");
	ck_assert_str_eq(name, "app.log.20260102-031240-000002");
	free(name);
	name = rotate_text(&rotator, SEC, "new2\n");
	ck_assert_str_eq(name, "app.log.20260102-031240-000003");
	assert_file("app.log.20260102-031240", "old\n");
	assert_file("app.log.20260102-031240-000001", "old1\n");
	assert_file("app.log.20260102-031240-000002", "new\n");
	assert_file(name, "new2\n");
	free(name);
	free(rotate_text(&rotator, SEC + 1, "later\n"));
	assert_file("app.log.20260102-031241", "later\n");
	remove_dir();
}
END_TEST

/* rotate_init starts after the latest name of an earlier run, ignoring
 * names that are not segments, so an earlier clock cannot sort before it. */
START_TEST(test_init_from_directory)
{
	struct rotator rotator;
	char *name, *cause = NULL;

	make_dir();
	write_file("app.log.20260102-031240", "a\n");
	write_file("app.log.20260102-031245-000007", "b\n");
	write_file("app.log.20260102-031244-000009", "c\n");
	write_file("app.log.20991231-235959x", "not a segment\n");
	write_file("other.log.20991231-235959", "other pattern\n");
	ck_assert_int_eq(rotate_init(&rotator, dirfd_, "app.log", &cause), 0);
	ck_assert_str_eq(rotator.last_stamp, "20260102-031245");
	ck_assert_uint_eq(rotator.last_sequence, 7);
	name = rotate_text(&rotator, SEC, "new\n");
	ck_assert_str_eq(name, "app.log.20260102-031245-000008");
	free(name);
	remove_dir();
}
END_TEST

START_TEST(test_missing_active)
{
	struct rotator rotator = { .last_stamp = "" };
	char *name = NULL, *cause = NULL;

	make_dir();
	ck_assert_int_eq(rotate_file(&rotator, dirfd_, "app.log", SEC, &name,
	    &cause), -1);
	ck_assert_ptr_null(name);
	ck_assert_ptr_nonnull(strstr(cause, "app.log"));
	ck_assert_ptr_nonnull(strstr(cause, "No such file"));
	free(cause);
	remove_dir();
}
END_TEST

Suite *
rotate_suite(void)
{
	Suite *suite = suite_create("rotate");
	TCase *tcase = tcase_create("rotate");

	tcase_add_test(tcase, test_names);
	tcase_add_test(tcase, test_clock_back);
	tcase_add_test(tcase, test_init_from_directory);
	tcase_add_test(tcase, test_same_second);
	tcase_add_test(tcase, test_existing_names);
	tcase_add_test(tcase, test_missing_active);
	suite_add_tcase(suite, tcase);
	return suite;
}
