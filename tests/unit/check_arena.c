/* check_arena.c: Jansson's allocator, through the functions Jansson is
 * given, and Jansson parsing in an arena. */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/arena.h"
#include "suites.h"

static struct arena arena;
static json_malloc_t arena_malloc;
static json_free_t arena_free;

static void
setup(void)
{
	arena_install();
	json_get_alloc_funcs(&arena_malloc, &arena_free);
	arena.used = 12345;	/* arena_enter must not trust it */
}

static void
teardown(void)
{
	json_set_alloc_funcs(malloc, free);
}

static int
in_arena(const void *ptr)
{
	uintptr_t at = (uintptr_t)ptr, start = (uintptr_t)arena.bytes;

	return at >= start && at < start + ARENA_SIZE;
}

/* Inside, small blocks come one after another from the arena, aligned
 * for any type; leaving empties it; outside, blocks come from malloc. */
START_TEST(test_blocks)
{
	void *first, *second, *outside;

	arena_enter(&arena);
	ck_assert_uint_eq(arena.used, 0);
	first = arena_malloc(10);
	second = arena_malloc(1);
	ck_assert(in_arena(first) && in_arena(second));
	ck_assert_uint_eq((uintptr_t)first % 16, 0);
	ck_assert_uint_eq((uintptr_t)second - (uintptr_t)first, 16);
	ck_assert_uint_eq(arena.used, 32);
	arena_free(first);
	arena_free(second);
	arena_leave(&arena);
	ck_assert_uint_eq(arena.used, 0);
	outside = arena_malloc(10);
	ck_assert(!in_arena(outside));
	arena_free(outside);
}
END_TEST

/* A block that does not fit comes from malloc and is given back to it;
 * the arena is filled exactly to its end, never past. */
START_TEST(test_full)
{
	void *big, *rest, *more;

	arena_enter(&arena);
	big = arena_malloc(ARENA_SIZE + 1);
	ck_assert(!in_arena(big));
	ck_assert_uint_eq(arena.used, 0);
	rest = arena_malloc(ARENA_SIZE - 16);
	ck_assert(in_arena(rest));
	more = arena_malloc(17);
	ck_assert(!in_arena(more));
	ck_assert_uint_eq(arena.used, ARENA_SIZE - 16);
	arena_free(more);
	more = arena_malloc(16);
	ck_assert(in_arena(more));
	ck_assert_uint_eq(arena.used, ARENA_SIZE);
	memset(rest, 0xa5, ARENA_SIZE - 16);
	memset(more, 0x5a, 16);
	arena_free(big);
	arena_leave(&arena);
}
END_TEST

/* Jansson parses in an arena as it does without one, with a document
 * that overflows the arena halfway, and a block from before entering
 * is freed to malloc from inside. */
START_TEST(test_parse)
{
	json_t *before = json_string("made before entering"), *root;
	char *text = malloc(200000), *at = text;
	json_error_t error;
	int i;

	ck_assert_ptr_nonnull(text);
	at += sprintf(at, "{");
	for (i = 0; i < 5000; i++)
		at += sprintf(at, "%s\"key%d\":\"value %d\"", i ? "," : "", i, i);
	sprintf(at, "}");
	arena_enter(&arena);
	json_decref(before);
	root = json_loads(text, JSON_REJECT_DUPLICATES, &error);
	ck_assert_ptr_nonnull(root);
	ck_assert_uint_eq(json_object_size(root), 5000);
	ck_assert_str_eq(json_string_value(json_object_get(root, "key4999")),
	    "value 4999");
	ck_assert_uint_gt(arena.used, ARENA_SIZE / 2);
	json_decref(root);
	arena_leave(&arena);
	free(text);
}
END_TEST

Suite *
arena_suite(void)
{
	Suite *suite = suite_create("arena");
	TCase *tcase = tcase_create("arena");

	tcase_add_checked_fixture(tcase, setup, teardown);
	tcase_add_test(tcase, test_blocks);
	tcase_add_test(tcase, test_full);
	tcase_add_test(tcase, test_parse);
	suite_add_tcase(suite, tcase);
	return suite;
}
