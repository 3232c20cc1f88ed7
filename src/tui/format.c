/* format.c: short text for numbers on the dashboard. Sizes are binary
 * (KiB, MiB) with three significant digits, counts decimal (k, M, G),
 * elapsed time as H:MM:SS, and bars and sparklines in eighths of a cell
 * with Unicode block elements, or in ASCII. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/format.h"

/* Writes VALUE with three significant digits and UNIT. */
static void
three_digits(char *buf, size_t size, double value, const char *unit)
{
	if (value < 9.995)
		snprintf(buf, size, "%.2f%s", value, unit);
	else if (value < 99.95)
		snprintf(buf, size, "%.1f%s", value, unit);
	else
		snprintf(buf, size, "%.0f%s", value, unit);
}

/* Writes BYTES as "512 B", "1.00 KiB", "188 MiB", ... */
void
format_bytes(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = {
		" KiB", " MiB", " GiB", " TiB", " PiB", " EiB"
	};
	double value = (double)bytes;
	size_t unit = 0;

	if (bytes < 1024) {
		snprintf(buf, size, "%u B", (unsigned)bytes);
		return;
	}
	value /= 1024;
	while (value >= 999.5 && unit + 1 < sizeof units / sizeof units[0]) {
		value /= 1024;
		unit++;
	}
	three_digits(buf, size, value, units[unit]);
}

/* Writes COUNT as "999", "1.23k", "45.6M", ..., rounded to the nearest
 * shown digit. */
void
format_count(char *buf, size_t size, double count)
{
	static const char *const units[] = { "k", "M", "G", "T", "P", "E" };
	size_t unit = 0;

	if (count < 999.5) {
		snprintf(buf, size, "%.0f", count < 0 ? 0 : count);
		return;
	}
	count /= 1000;
	while (count >= 999.5 && unit + 1 < sizeof units / sizeof units[0]) {
		count /= 1000;
		unit++;
	}
	three_digits(buf, size, count, units[unit]);
}

/* Writes SECONDS as "0:00:07", "25:01:00", ... */
void
format_elapsed(char *buf, size_t size, double seconds)
{
	unsigned long long whole = seconds > 0 ? (unsigned long long)seconds : 0;

	snprintf(buf, size, "%llu:%02llu:%02llu", whole / 3600,
	    whole / 60 % 60, whole % 60);
}

/* Appends the UTF-8 block of EIGHTHS (1 to 8) eighths of a cell. */
static size_t
put_block(char *out, int eighths)
{
	static const char *const blocks[] = {
		"\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
		"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88"
	};

	memcpy(out, blocks[eighths - 1], 3);
	return 3;
}

/* Writes the filled part of a bar of WIDTH cells for FRACTION (0 to 1):
 * full blocks and one partial block (UTF-8), or '#' (ASCII); *FILLED
 * gets the cells written, so the caller can pad the rest in another
 * role. */
void
format_bar(char *buf, size_t size, double fraction, int width, int utf8,
    int *filled)
{
	int eighths, used = 0;
	size_t at = 0;

	if (fraction < 0 || fraction != fraction)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	eighths = (int)(fraction * width * (utf8 ? 8 : 1) + 0.5);
	while (eighths > 0 && used < width && at + 4 < size) {
		if (utf8) {
			at += put_block(buf + at, eighths >= 8 ? 8 : eighths);
			eighths -= 8;
		} else {
			buf[at++] = '#';
			eighths--;
		}
		used++;
	}
	buf[at] = '\0';
	*filled = used;
}

/* Writes one cell per value of VALUES (COUNT of them), its height scaled
 * to the largest: eight heights in UTF-8, five in ASCII; zero is blank. */
void
format_sparkline(char *buf, size_t size, const uint64_t *values,
    size_t count, int utf8)
{
	static const char ascii[] = " ._-=#";
	uint64_t max = 0;
	size_t i, at = 0;
	int level, levels = utf8 ? 8 : 5;

	for (i = 0; i < count; i++)
		max = values[i] > max ? values[i] : max;
	for (i = 0; i < count && at + 4 < size; i++) {
		level = max == 0 || values[i] == 0 ? 0 :
		    1 + (int)((double)values[i] * (levels - 1) / (double)max);
		if (level == 0)
			buf[at++] = ' ';
		else if (utf8) {
			memcpy(buf + at, "\xe2\x96\x81", 3);
			buf[at + 2] = (char)(0x81 + level - 1);
			at += 3;
		} else
			buf[at++] = ascii[level];
	}
	buf[at] = '\0';
}
