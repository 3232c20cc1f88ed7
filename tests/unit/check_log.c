/* check_log.c: messages from threads at once come out as whole lines,
 * and of two threads dying at once, one reports. */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "suites.h"

#define MESSAGES 2000		/* per thread */
#define FILLER 200		/* bytes of each message's body */
#define DEATHS 20		/* processes with two dying threads */

static pthread_barrier_t start;

/* Sends standard error to the file PATH, opened for appending. */
static void
stderr_to(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
}

/* Fills BODY with FILLER copies of LETTER. */
static void
fill(char *body, char letter)
{
	memset(body, letter, FILLER);
	body[FILLER] = '\0';
}

static void *
warn_many(void *arg)
{
	char body[FILLER + 1];
	int i;

	fill(body, *(const char *)arg);
	pthread_barrier_wait(&start);
	for (i = 0; i < MESSAGES; i++)
		log_warnx("%s", body);
	return NULL;
}

/* Counts the lines of PATH; fails on any that is not "check: " and the
 * body of one thread. */
static int
whole_lines(const char *path)
{
	char line[2 * (FILLER + 16)], a[FILLER + 1], b[FILLER + 1];
	FILE *in = fopen(path, "r");
	int count = 0;

	ck_assert_ptr_nonnull(in);
	fill(a, 'a');
	fill(b, 'b');
	while (fgets(line, sizeof line, in) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		ck_assert_msg(strncmp(line, "check: ", 7) == 0 &&
		    (strcmp(line + 7, a) == 0 || strcmp(line + 7, b) == 0),
		    "line %d is not whole: %.60s...", count + 1, line);
		count++;
	}
	fclose(in);
	return count;
}

START_TEST(test_lines_whole)
{
	char path[] = "/tmp/check_log.XXXXXX";
	pthread_t threads[2];
	char letters[2] = { 'a', 'b' };
	int saved = dup(STDERR_FILENO), i;

	close(mkstemp(path));
	log_set_progname("check");
	stderr_to(path);
	pthread_barrier_init(&start, NULL, 2);
	for (i = 0; i < 2; i++)
		pthread_create(&threads[i], NULL, warn_many, &letters[i]);
	for (i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&start);
	dup2(saved, STDERR_FILENO);
	close(saved);
	ck_assert_int_eq(whole_lines(path), 2 * MESSAGES);
	unlink(path);
}
END_TEST

static void *
die(void *arg)
{
	pthread_barrier_wait(&start);
	fatalx("out of memory in thread %s", (const char *)arg);
}

/* In a child process writing to PATH, two threads call fatalx at once. */
static void
die_twice(const char *path)
{
	static char names[2][4] = { "one", "two" };
	pthread_t threads[2];

	log_set_progname("check");
	stderr_to(path);
	pthread_barrier_init(&start, NULL, 2);
	pthread_create(&threads[0], NULL, die, names[0]);
	pthread_create(&threads[1], NULL, die, names[1]);
	pthread_join(threads[0], NULL);
	_exit(2);	/* not reached: fatalx exits */
}

START_TEST(test_fatal_once)
{
	char path[] = "/tmp/check_log.XXXXXX", line[256];
	int round, status, lines;
	FILE *in;
	pid_t child;

	close(mkstemp(path));
	for (round = 0; round < DEATHS; round++) {
		fflush(NULL);	/* the child's exit must not flush it again */
		if ((child = fork()) == 0)
			die_twice(path);
		ck_assert_int_eq(waitpid(child, &status, 0), child);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 1);
		in = fopen(path, "r");
		for (lines = 0; fgets(line, sizeof line, in) != NULL; lines++)
			ck_assert_msg(strncmp(line, "check: out of memory in "
			    "thread ", 24) == 0, "not one message: %s", line);
		fclose(in);
		ck_assert_int_eq(lines, 1);
	}
	unlink(path);
}
END_TEST

Suite *
log_suite(void)
{
	Suite *suite = suite_create("log");
	TCase *tc = tcase_create("threads");

	tcase_set_timeout(tc, 60);	/* forks: a second each under TSan */

	tcase_add_test(tc, test_lines_whole);
	tcase_add_test(tc, test_fatal_once);
	suite_add_tcase(suite, tc);
	return suite;
}
