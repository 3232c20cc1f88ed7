/* check_tui_text.c: the dashboard's text building blocks, without a
 * terminal: lines (widths in columns, padding, cuts with an ellipsis,
 * spans, truncation, appending), the escaping of untrusted text, and the
 * short formats of sizes, counts, times, bars and sparklines. Tests that
 * measure more than ASCII run in the C.UTF-8 locale (a fixture sets it
 * and puts "C" back); the others run in "C" with an ASCII terminal. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/format.h"
#include "tui/line.h"
#include "suites.h"

#define ELLIPSIS "\xe2\x80\xa6"		/* U+2026, one column */
#define FUZZ_STRINGS 20000
#define FUZZ_LENGTH 12

/* The locale and terminal of a test: ASCII in "C", or UTF-8. */
static void
ascii_setup(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C"));
	line_set_utf8(0);
}

static void
utf8_setup(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	line_set_utf8(1);
}

static void
locale_teardown(void)
{
	setlocale(LC_CTYPE, "C");
	line_set_utf8(0);
}

/* Fails unless LINE holds exactly TEXT, COLUMNS wide. */
static void
assert_line(const struct line *line, const char *text, int columns)
{
	ck_assert_str_eq(line->text, text);
	ck_assert_uint_eq(line->length, strlen(text));
	ck_assert_int_eq(line->columns, columns);
}

/* Fails unless span I of LINE is ROLE over bytes START to END. */
static void
assert_span(const struct line *line, size_t i, enum role role, size_t start,
    size_t end)
{
	ck_assert_uint_lt(i, line->span_count);
	ck_assert_int_eq(line->spans[i].role, role);
	ck_assert_uint_eq(line->spans[i].start, start);
	ck_assert_uint_eq(line->spans[i].end, end);
}

/* Fails unless line_escape(TEXT) is EXPECTED. */
static void
assert_escape(const char *text, const char *expected)
{
	char *escaped = line_escape(text);

	ck_assert_str_eq(escaped, expected);
	free(escaped);
}

START_TEST(test_utf8_flag)
{
	line_set_utf8(1);
	ck_assert_int_eq(line_utf8(), 1);
	line_set_utf8(0);
	ck_assert_int_eq(line_utf8(), 0);
}
END_TEST

/* Widths are in columns: a CJK character takes two, an accented letter
 * and the ellipsis one, an ASCII letter one. */
START_TEST(test_width)
{
	ck_assert_int_eq(line_width(""), 0);
	ck_assert_int_eq(line_width("hello"), 5);
	ck_assert_int_eq(line_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
	ck_assert_int_eq(line_width("caf\xc3\xa9"), 4);
	ck_assert_int_eq(line_width(ELLIPSIS), 1);
}
END_TEST

/* In the C locale every byte that is not ASCII counts as one column. */
START_TEST(test_width_c_locale)
{
	ck_assert_int_eq(line_width("hello"), 5);
	ck_assert_int_eq(line_width("\xe6\x97\xa5"), 3);
}
END_TEST

START_TEST(test_clear)
{
	struct line line;

	line_clear(&line);
	line_add(&line, ROLE_VALUE, "abc", -1, LINE_LEFT);
	line_clear(&line);
	assert_line(&line, "", 0);
	ck_assert_uint_eq(line.span_count, 0);
}
END_TEST

/* A negative width takes the text as it is; a text narrower than its
 * width is padded on the side ALIGN says, in the same role. */
START_TEST(test_add_pad)
{
	struct line line;

	line_clear(&line);
	line_add(&line, ROLE_VALUE, "ab", -1, LINE_LEFT);
	assert_line(&line, "ab", 2);
	line_clear(&line);
	line_add(&line, ROLE_VALUE, "ab", 5, LINE_LEFT);
	assert_line(&line, "ab   ", 5);
	assert_span(&line, 0, ROLE_VALUE, 0, 5);
	line_clear(&line);
	line_add(&line, ROLE_VALUE, "ab", 5, LINE_RIGHT);
	assert_line(&line, "   ab", 5);
	assert_span(&line, 0, ROLE_VALUE, 0, 5);
	line_clear(&line);
	line_add(&line, ROLE_VALUE, "ab", 5, LINE_TAIL);
	assert_line(&line, "ab   ", 5);
	line_clear(&line);
	line_add(&line, ROLE_VALUE, "abc", 3, LINE_RIGHT);
	assert_line(&line, "abc", 3);
	ck_assert_uint_eq(line.span_count, 1);
}
END_TEST

/* A text wider than its width is cut to exactly that width with "~" on
 * an ASCII terminal: its start kept, or its end (LINE_TAIL). */
START_TEST(test_add_cut_ascii)
{
	struct line line;

	line_clear(&line);
	line_add(&line, ROLE_NORMAL, "abcdefgh", 5, LINE_LEFT);
	assert_line(&line, "abcd~", 5);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, "abcdefgh", 5, LINE_RIGHT);
	assert_line(&line, "abcd~", 5);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, "abcdefgh", 5, LINE_TAIL);
	assert_line(&line, "~efgh", 5);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, "abcdefgh", 1, LINE_LEFT);
	assert_line(&line, "~", 1);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, "abcdefgh", 0, LINE_LEFT);
	assert_line(&line, "", 0);
}
END_TEST

/* On a UTF-8 terminal the ellipsis is U+2026, and a cut never splits a
 * double-width character: the column it leaves is padded. */
START_TEST(test_add_cut_utf8)
{
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"; /* 6 cols */
	struct line line;

	line_clear(&line);
	line_add(&line, ROLE_NORMAL, "abcdefgh", 5, LINE_LEFT);
	assert_line(&line, "abcd" ELLIPSIS, 5);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, "abcdefgh", 5, LINE_TAIL);
	assert_line(&line, ELLIPSIS "efgh", 5);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, cjk, 4, LINE_LEFT);
	assert_line(&line, "\xe6\x97\xa5" ELLIPSIS " ", 4);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, cjk, 4, LINE_TAIL);
	assert_line(&line, ELLIPSIS "\xe8\xaa\x9e ", 4);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, cjk, 5, LINE_LEFT);
	assert_line(&line, "\xe6\x97\xa5\xe6\x9c\xac" ELLIPSIS, 5);
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, cjk, 6, LINE_LEFT);
	assert_line(&line, cjk, 6);
}
END_TEST

/* Text of one role added right after text of the same role extends its
 * span; another role starts a new one. */
START_TEST(test_spans)
{
	struct line line;

	line_clear(&line);
	line_add(&line, ROLE_LABEL, "ab", -1, LINE_LEFT);
	line_add(&line, ROLE_LABEL, "cd", -1, LINE_LEFT);
	line_add(&line, ROLE_VALUE, "ef", 4, LINE_RIGHT);
	line_pad(&line, ROLE_NORMAL, 3);
	assert_line(&line, "abcd  ef   ", 11);
	ck_assert_uint_eq(line.span_count, 3);
	assert_span(&line, 0, ROLE_LABEL, 0, 4);
	assert_span(&line, 1, ROLE_VALUE, 4, 8);
	assert_span(&line, 2, ROLE_NORMAL, 8, 11);
}
END_TEST

/* line_pad adds exactly WIDTH spaces, more than its chunk too, and
 * nothing for a width of zero or less. */
START_TEST(test_pad)
{
	struct line line;

	line_clear(&line);
	line_pad(&line, ROLE_NORMAL, 0);
	line_pad(&line, ROLE_NORMAL, -4);
	assert_line(&line, "", 0);
	line_pad(&line, ROLE_NORMAL, 100);
	ck_assert_int_eq(line.columns, 100);
	ck_assert_uint_eq(line.length, 100);
	ck_assert_uint_eq(strspn(line.text, " "), 100);
	ck_assert_uint_eq(line.span_count, 1);
}
END_TEST

START_TEST(test_addf)
{
	struct line line;

	line_clear(&line);
	line_addf(&line, ROLE_VALUE, 8, LINE_RIGHT, "%d%%", 42);
	assert_line(&line, "     42%", 8);
	line_addf(&line, ROLE_VALUE, 3, LINE_LEFT, "%s", "abcdef");
	assert_line(&line, "     42%ab~", 11);
}
END_TEST

/* More role changes than a line has spans, or more bytes than it holds,
 * are dropped whole: the text stays covered by its spans, and its width
 * stays what it shows. */
START_TEST(test_limits)
{
	struct line line;
	char big[LINE_BYTES + 100];
	int i;

	line_clear(&line);
	for (i = 0; i < 2 * LINE_SPANS; i++)
		line_add(&line, i % 2 ? ROLE_LABEL : ROLE_VALUE, "x", -1,
		    LINE_LEFT);
	ck_assert_uint_eq(line.span_count, LINE_SPANS);
	ck_assert_uint_eq(line.spans[LINE_SPANS - 1].end, line.length);
	ck_assert_int_eq(line.columns, line_width(line.text));
	memset(big, 'y', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	line_clear(&line);
	line_add(&line, ROLE_NORMAL, big, -1, LINE_LEFT);
	assert_line(&line, "", 0);
	for (i = 0; i < LINE_BYTES / 8; i++)
		line_add(&line, ROLE_NORMAL, "0123456789", -1, LINE_LEFT);
	ck_assert_uint_lt(line.length, LINE_BYTES);
	ck_assert_uint_eq(strlen(line.text), line.length);
	ck_assert_int_eq(line.columns, (int)line.length);
}
END_TEST

/* Builds "abcde" (LABEL) "fghij" (VALUE) "klmno" (DIM) in LINE. */
static void
three_spans(struct line *line)
{
	line_clear(line);
	line_add(line, ROLE_LABEL, "abcde", -1, LINE_LEFT);
	line_add(line, ROLE_VALUE, "fghij", -1, LINE_LEFT);
	line_add(line, ROLE_DIM, "klmno", -1, LINE_LEFT);
}

/* line_truncate cuts text, width and spans together, and leaves a line
 * that already fits alone. */
START_TEST(test_truncate)
{
	struct line line;

	three_spans(&line);
	line_truncate(&line, 20);
	assert_line(&line, "abcdefghijklmno", 15);
	ck_assert_uint_eq(line.span_count, 3);
	line_truncate(&line, 7);
	assert_line(&line, "abcdefg", 7);
	ck_assert_uint_eq(line.span_count, 2);
	assert_span(&line, 0, ROLE_LABEL, 0, 5);
	assert_span(&line, 1, ROLE_VALUE, 5, 7);
	three_spans(&line);
	line_truncate(&line, 5);
	assert_line(&line, "abcde", 5);
	ck_assert_uint_eq(line.span_count, 1);
	line_truncate(&line, 0);
	assert_line(&line, "", 0);
	ck_assert_uint_eq(line.span_count, 0);
}
END_TEST

/* A truncation never splits a double-width character. */
START_TEST(test_truncate_wide)
{
	struct line line;

	line_clear(&line);
	line_add(&line, ROLE_NORMAL, "\xe6\x97\xa5\xe6\x9c\xac", -1, LINE_LEFT);
	ck_assert_int_eq(line.columns, 4);
	line_truncate(&line, 3);
	assert_line(&line, "\xe6\x97\xa5", 2);
	assert_span(&line, 0, ROLE_NORMAL, 0, 3);
}
END_TEST

/* line_append adds the other line's text, width and roles. */
START_TEST(test_append)
{
	struct line line, other;

	line_clear(&line);
	line_add(&line, ROLE_LABEL, "ab", -1, LINE_LEFT);
	line_clear(&other);
	line_add(&other, ROLE_LABEL, "cd", -1, LINE_LEFT);
	line_add(&other, ROLE_VALUE, "\xe6\x97\xa5", -1, LINE_LEFT);
	line_append(&line, &other);
	assert_line(&line, "abcd\xe6\x97\xa5", 6);
	ck_assert_uint_eq(line.span_count, 2);
	assert_span(&line, 0, ROLE_LABEL, 0, 4);
	assert_span(&line, 1, ROLE_VALUE, 4, 7);
}
END_TEST

/* Control characters, escape sequences, the backslash and bytes that
 * are not UTF-8 become \xNN; printable ASCII stays. */
START_TEST(test_escape_controls)
{
	assert_escape("plain text.log", "plain text.log");
	assert_escape("a\x1b[31mb", "a\\x1b[31mb");
	assert_escape("\x1b]0;owned\x07", "\\x1b]0;owned\\x07");
	assert_escape("\t\n\r\x7f\x01", "\\x09\\x0a\\x0d\\x7f\\x01");
	assert_escape("back\\slash", "back\\x5cslash");
	assert_escape("\xff\xfe", "\\xff\\xfe");
	assert_escape("ab\xe2\x82", "ab\\xe2\\x82");	/* cut short */
	assert_escape("\xc0\xaf", "\\xc0\\xaf");	/* overlong */
	assert_escape("\xc2\x9b" "1m", "\\xc2\\x9b1m");	/* C1 CSI */
	assert_escape("", "");
}
END_TEST

/* On an ASCII terminal every byte that is not ASCII is escaped, valid
 * UTF-8 too. */
START_TEST(test_escape_ascii_terminal)
{
	assert_escape("caf\xc3\xa9", "caf\\xc3\\xa9");
	assert_escape("\xe6\x97\xa5.log", "\\xe6\\x97\\xa5.log");
}
END_TEST

/* The same holds in a UTF-8 locale when the terminal is set to ASCII. */
START_TEST(test_escape_ascii_in_utf8_locale)
{
	line_set_utf8(0);
	assert_escape("caf\xc3\xa9", "caf\\xc3\\xa9");
	assert_escape("\xe2\x80\x8b", "\\xe2\\x80\\x8b");
}
END_TEST

/* On a UTF-8 terminal printable characters stay as they are; controls
 * are still escaped, and so are characters without a width: zero-width
 * space, direction marks and overrides, the byte order mark, combining
 * accents, and the line separator (no width at all). */
START_TEST(test_escape_utf8_terminal)
{
	assert_escape("caf\xc3\xa9 \xe6\x97\xa5" ELLIPSIS,
	    "caf\xc3\xa9 \xe6\x97\xa5" ELLIPSIS);
	assert_escape("a\x1b[2Jb", "a\\x1b[2Jb");
	assert_escape("\xc2\x9b", "\\xc2\\x9b");
	assert_escape("a\xe2\x80\x8b" "b", "a\\xe2\\x80\\x8bb");
	assert_escape("\xe2\x80\x8e", "\\xe2\\x80\\x8e");
	assert_escape("gol.\xe2\x80\xae" "gol", "gol.\\xe2\\x80\\xaegol");
	assert_escape("\xef\xbb\xbfx", "\\xef\\xbb\\xbfx");
	assert_escape("e\xcc\x81", "e\\xcc\\x81");
	assert_escape("\xe2\x80\xa8", "\\xe2\\x80\\xa8");
}
END_TEST

/* Returns the next number of a fixed pseudo-random sequence. */
static uint32_t
next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 16;
}

/* Fills TEXT with a random string, NUL-terminated, biased to bytes that
 * matter: controls, ESC, DEL, lead and continuation bytes. */
static void
random_text(uint32_t *state, char *text)
{
	static const unsigned char picks[] = {
		0x01, 0x09, 0x0a, 0x1b, 0x5b, 0x5c, 0x7f, 0x80, 0x8b, 0x9b,
		0xa9, 0xae, 0xbb, 0xc2, 0xc3, 0xcc, 0xe2, 0xe6, 0xef, 0xf0,
		0xf4, 0xff, 'a', '0'
	};
	size_t length = 1 + next_random(state) % FUZZ_LENGTH, i;
	uint32_t pick;

	for (i = 0; i < length; i++) {
		pick = next_random(state);
		text[i] = (char)(pick % 3 == 0 ? 1 + pick % 255 :
		    picks[pick % sizeof picks]);
	}
	text[length] = '\0';
}

/* Fails unless SAFE shows on the terminal as set: no control character,
 * and only characters of a positive width (only ASCII, on ASCII). */
static void
assert_safe(const char *safe)
{
	size_t length = strlen(safe), at = 0, size;
	mbstate_t state;
	wchar_t wc;

	while (at < length) {
		if ((unsigned char)safe[at] < 0x80) {
			ck_assert_msg(safe[at] >= 0x20 && safe[at] != 0x7f,
			    "control byte 0x%02x in \"%s\"", safe[at], safe);
			at++;
			continue;
		}
		ck_assert_msg(line_utf8(), "not ASCII on ASCII: \"%s\"", safe);
		memset(&state, 0, sizeof state);
		size = mbrtowc(&wc, safe + at, length - at, &state);
		ck_assert_msg(size != (size_t)-1 && size != (size_t)-2,
		    "invalid UTF-8 in \"%s\"", safe);
		ck_assert_msg(wcwidth(wc) > 0 && (wc < 0x80 || wc > 0x9f),
		    "U+%04lx without a width in \"%s\"", (unsigned long)wc,
		    safe);
		at += size;
	}
}

/* Random strings of hostile bytes always come out safe, in both modes
 * of a UTF-8 locale. */
START_TEST(test_escape_random)
{
	char text[FUZZ_LENGTH + 1], *safe;
	uint32_t state = 2026;
	int i;

	for (i = 0; i < FUZZ_STRINGS; i++) {
		line_set_utf8(i % 2);
		random_text(&state, text);
		safe = line_escape(text);
		assert_safe(safe);
		free(safe);
	}
}
END_TEST

/* line_add_untrusted escapes, then pads or cuts to the width. */
START_TEST(test_add_untrusted)
{
	struct line line;

	line_clear(&line);
	line_add_untrusted(&line, ROLE_NORMAL, "x\x1by", 10, LINE_LEFT);
	assert_line(&line, "x\\x1by    ", 10);
	line_clear(&line);
	line_add_untrusted(&line, ROLE_NORMAL, "x\x1by", 4, LINE_LEFT);
	assert_line(&line, "x\\x~", 4);
	line_clear(&line);
	line_add_untrusted(&line, ROLE_NORMAL, "a\nb", -1, LINE_LEFT);
	assert_line(&line, "a\\x0ab", 6);
}
END_TEST

/* A cut that keeps the end of an escaped name never starts inside a
 * \xNN escape, where "a9" would look like part of the name. */
START_TEST(test_tail_cut_escape)
{
	struct line line;

	line_clear(&line);
	line_add_untrusted(&line, ROLE_NORMAL, "app.log.caf\xc3\xa9-0001", 12,
	    LINE_TAIL);
	assert_line(&line, "~\\xa9-0001  ", 12);
	line_clear(&line);
	line_add_untrusted(&line, ROLE_NORMAL, "app.log.caf\xc3\xa9-0001", 8,
	    LINE_TAIL);
	assert_line(&line, "~-0001  ", 8);
}
END_TEST

/* Sizes: bytes exactly below 1 KiB, then three significant digits in
 * binary units, up to the largest 64-bit value. */
START_TEST(test_bytes)
{
	static const struct {
		uint64_t bytes;
		const char *text;
	} cases[] = {
		{ 0, "0 B" }, { 1, "1 B" }, { 1023, "1023 B" },
		{ 1024, "1.00 KiB" }, { 1536, "1.50 KiB" },
		{ 10 * 1024, "10.0 KiB" }, { 100 * 1024, "100 KiB" },
		{ 999 * 1024, "999 KiB" }, { 1023 * 1024, "1.00 MiB" },
		{ 188ull << 20, "188 MiB" }, { 1ull << 30, "1.00 GiB" },
		{ 5ull << 40, "5.00 TiB" }, { 1ull << 50, "1.00 PiB" },
		{ UINT64_MAX, "16.0 EiB" }
	};
	char buf[FORMAT_SHORT];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		format_bytes(buf, sizeof buf, cases[i].bytes);
		ck_assert_str_eq(buf, cases[i].text);
	}
}
END_TEST

/* Counts: whole numbers below 1000, then three significant digits in
 * decimal units; a negative count shows 0. */
START_TEST(test_count)
{
	static const struct {
		double count;
		const char *text;
	} cases[] = {
		{ 0, "0" }, { 7, "7" }, { 999, "999" }, { -5, "0" },
		{ 1000, "1.00k" }, { 1234, "1.23k" }, { 45600, "45.6k" },
		{ 456000, "456k" }, { 2500000, "2.50M" }, { 45.6e6, "45.6M" },
		{ 1e9, "1.00G" }, { 3e12, "3.00T" }
	};
	char buf[FORMAT_SHORT];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		format_count(buf, sizeof buf, cases[i].count);
		ck_assert_str_eq(buf, cases[i].text);
	}
}
END_TEST

/* Elapsed time as H:MM:SS, hours unbounded, fractions dropped. */
START_TEST(test_elapsed)
{
	static const struct {
		double seconds;
		const char *text;
	} cases[] = {
		{ 0, "0:00:00" }, { 7, "0:00:07" }, { 59.9, "0:00:59" },
		{ 65, "0:01:05" }, { 3600, "1:00:00" }, { 90061, "25:01:01" },
		{ -3, "0:00:00" }
	};
	char buf[FORMAT_SHORT];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		format_elapsed(buf, sizeof buf, cases[i].seconds);
		ck_assert_str_eq(buf, cases[i].text);
	}
}
END_TEST

/* Fails unless format_bar gives TEXT and FILLED cells. */
static void
assert_bar(double fraction, int width, int utf8, const char *text,
    int filled)
{
	char buf[256];
	int cells = -1;

	format_bar(buf, sizeof buf, fraction, width, utf8, &cells);
	ck_assert_str_eq(buf, text);
	ck_assert_int_eq(cells, filled);
}

/* ASCII bars: one '#' per cell, rounded; out of range fractions (and
 * NaN) are clamped to 0 or 1. */
START_TEST(test_bar_ascii)
{
	assert_bar(0.5, 10, 0, "#####", 5);
	assert_bar(0.26, 10, 0, "###", 3);
	assert_bar(0, 10, 0, "", 0);
	assert_bar(1, 4, 0, "####", 4);
	assert_bar(1.5, 4, 0, "####", 4);
	assert_bar(-1, 4, 0, "", 0);
	assert_bar(NAN, 4, 0, "", 0);
	assert_bar(0.5, 0, 0, "", 0);
}
END_TEST

/* UTF-8 bars: full blocks, then one block of the eighths left over. */
START_TEST(test_bar_utf8)
{
	const char *full = "\xe2\x96\x88";

	assert_bar(1, 2, 1, "\xe2\x96\x88\xe2\x96\x88", 2);
	assert_bar(0.55, 2, 1, "\xe2\x96\x88\xe2\x96\x8f", 2);	/* 9/8 */
	assert_bar(0.5, 4, 1, "\xe2\x96\x88\xe2\x96\x88", 2);
	assert_bar(1.0 / 80, 10, 1, "\xe2\x96\x8f", 1);	/* one eighth */
	assert_bar(4.0 / 80, 10, 1, "\xe2\x96\x8c", 1);	/* half a cell */
	assert_bar(0.45, 10, 1, "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x88\xe2\x96\x8c", 5);
	assert_bar(2, 1, 1, full, 1);
	assert_bar(0, 10, 1, "", 0);
}
END_TEST

/* A buffer too small for the bar gets whole blocks only, and *FILLED
 * says how many. */
START_TEST(test_bar_small_buffer)
{
	char buf[8];
	int filled;

	format_bar(buf, sizeof buf, 1, 10, 1, &filled);
	ck_assert_uint_eq(strlen(buf) % 3, 0);
	ck_assert_int_eq(filled, (int)strlen(buf) / 3);
	ck_assert_int_gt(filled, 0);
	format_bar(buf, sizeof buf, 1, 10, 0, &filled);
	ck_assert_uint_lt(strlen(buf), sizeof buf);
	ck_assert_int_eq(filled, (int)strlen(buf));
}
END_TEST

/* ASCII sparklines: five heights scaled to the largest value, zero blank
 * and any other value at least the lowest mark. */
START_TEST(test_sparkline_ascii)
{
	static const uint64_t values[] = { 0, 1, 25, 50, 75, 100 };
	static const uint64_t zeros[] = { 0, 0, 0 };
	char buf[64];

	format_sparkline(buf, sizeof buf, values, 6, 0);
	ck_assert_str_eq(buf, " ._-=#");
	format_sparkline(buf, sizeof buf, zeros, 3, 0);
	ck_assert_str_eq(buf, "   ");
	format_sparkline(buf, sizeof buf, values, 0, 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* UTF-8 sparklines: the eight blocks U+2581 to U+2588. */
START_TEST(test_sparkline_utf8)
{
	static const uint64_t values[] = { 0, 1, 10, 20, 30, 40, 50, 60, 70 };
	static const uint64_t same[] = { 5, 5 };
	char buf[64];

	format_sparkline(buf, sizeof buf, values, 9, 1);
	ck_assert_str_eq(buf, " \xe2\x96\x81\xe2\x96\x82\xe2\x96\x83"
	    "\xe2\x96\x84\xe2\x96\x85\xe2\x96\x86\xe2\x96\x87\xe2\x96\x88");
	format_sparkline(buf, sizeof buf, same, 2, 1);
	ck_assert_str_eq(buf, "\xe2\x96\x88\xe2\x96\x88");
}
END_TEST

/* A buffer too small for the sparkline gets its first cells whole. */
START_TEST(test_sparkline_small_buffer)
{
	static const uint64_t values[] = { 9, 9, 9, 9, 9 };
	char buf[8];

	format_sparkline(buf, sizeof buf, values, 5, 1);
	ck_assert_uint_eq(strlen(buf) % 3, 0);
	ck_assert_uint_gt(strlen(buf), 0);
	format_sparkline(buf, sizeof buf, values, 5, 0);
	ck_assert_uint_lt(strlen(buf), sizeof buf);
	ck_assert_uint_gt(strlen(buf), 0);
	ck_assert_uint_eq(strspn(buf, "#"), strlen(buf));
}
END_TEST

Suite *
tui_text_suite(void)
{
	Suite *suite = suite_create("tui_text");
	TCase *ascii = tcase_create("ascii");
	TCase *utf8 = tcase_create("utf8");
	TCase *format = tcase_create("format");

	tcase_add_checked_fixture(ascii, ascii_setup, locale_teardown);
	tcase_add_checked_fixture(utf8, utf8_setup, locale_teardown);
	tcase_add_checked_fixture(format, ascii_setup, locale_teardown);
	tcase_add_test(ascii, test_utf8_flag);
	tcase_add_test(ascii, test_width_c_locale);
	tcase_add_test(ascii, test_clear);
	tcase_add_test(ascii, test_add_pad);
	tcase_add_test(ascii, test_add_cut_ascii);
	tcase_add_test(ascii, test_spans);
	tcase_add_test(ascii, test_pad);
	tcase_add_test(ascii, test_addf);
	tcase_add_test(ascii, test_limits);
	tcase_add_test(ascii, test_truncate);
	tcase_add_test(ascii, test_escape_controls);
	tcase_add_test(ascii, test_escape_ascii_terminal);
	tcase_add_test(ascii, test_add_untrusted);
	tcase_add_test(ascii, test_tail_cut_escape);
	tcase_add_test(utf8, test_width);
	tcase_add_test(utf8, test_add_cut_utf8);
	tcase_add_test(utf8, test_truncate_wide);
	tcase_add_test(utf8, test_append);
	tcase_add_test(utf8, test_escape_controls);
	tcase_add_test(utf8, test_escape_ascii_in_utf8_locale);
	tcase_add_test(utf8, test_escape_utf8_terminal);
	tcase_add_test(utf8, test_escape_random);
	tcase_add_test(format, test_bytes);
	tcase_add_test(format, test_count);
	tcase_add_test(format, test_elapsed);
	tcase_add_test(format, test_bar_ascii);
	tcase_add_test(format, test_bar_utf8);
	tcase_add_test(format, test_bar_small_buffer);
	tcase_add_test(format, test_sparkline_ascii);
	tcase_add_test(format, test_sparkline_utf8);
	tcase_add_test(format, test_sparkline_small_buffer);
	suite_add_tcase(suite, ascii);
	suite_add_tcase(suite, utf8);
	suite_add_tcase(suite, format);
	return suite;
}
