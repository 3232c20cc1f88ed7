/* scanner.c: finds the segments of the log directory and keeps the table
 * true to what the files are. A scan lists PATTERN, PATTERN.* and
 * PATTERN-* (logrotate's dateext), reads the first bytes of each regular
 * file (inflated, for a gzip file), then, under the engine lock,
 * matches them with the table:
 *   1. by device and inode, when the file still starts with the
 *      segment's fingerprint and is not shorter than its offset (a rename
 *      carries the segment along);
 *   2. else by fingerprint alone, with a segment whose content left its
 *      file (copytruncate: the copy continues where the original stood);
 *   3. else the file is new, read from the start; a file whose
 *      fingerprint matches a live segment is a copy and is left alone
 *      (logrotate compressing a segment makes one: when the plain file
 *      goes, step 2 carries the segment over to the compressed one), as
 *      is a file too short yet for the fingerprint that holds the
 *      active file's first bytes (a copy being made).
 * Segments no file matched are truncated, replaced or deleted: a
 * segment with unread bytes is reported with the bytes lost. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYS_INOTIFY_H
#include <sys/inotify.h>
#endif

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/ckpt.h"
#include "engine/reader.h"
#include "engine/engine-int.h"

#define MIN_SCAN_GAP_MS 20	/* after a change event, scan at most this often */
#define MISSING_SCANS 2		/* scans a file must be missing to be gone */
#define GZIP_MIN_SIZE 18	/* a gzip header and trailer */
#define DEFLATE_MAX_RATIO 1032	/* no deflate data inflates to more */

struct scanned {
	char *name;
	const char *pattern;		/* the engine's, for compare_age */
	struct stat st;
	struct segment_head head;
	int compressed;			/* a gzip file */
	uint64_t size;			/* its size, uncompressed */
	int head_skipped;		/* unchanged: head not read (yet) */
	int rewritten;			/* its inode's segment left it */
	struct segment *segment;	/* matched during reconcile */
};

struct skipped {
	char *name;
	const char *why;
};

struct scan {
	struct scanned *files;
	size_t count, capacity;
	struct skipped *skipped;	/* files of the pattern not read */
	size_t skipped_count;
	char *unreadable;		/* the first file a read failed in */
	int read_error;			/* and its errno */
	unsigned char *matched;		/* per table segment */
	struct known *known;		/* the table's files as last seen */
	size_t *known_slots;		/* by device and inode */
	size_t known_mask;
};

/* A file as the table last saw it, copied before a scan lists the
 * directory: a file that is still so (same inode, time and size) is the
 * same file, and its head is not read again. A scan of 10,000 segments
 * then costs a stat per file rather than an open, a read and a close. */
struct known {
	uint64_t device, inode, size;
	int64_t mtime_ns;
	int compressed;
};

/* What reading a file's first bytes gave. */
enum head_result {
	HEAD_READ,
	HEAD_UNOPENED,			/* gone or changing: skipped this scan */
	HEAD_NOT_GZIP,			/* a .gz that is not gzip data */
	HEAD_FAILED			/* a read error, in errno */
};

/* Reads the first bytes of the open file FD into FILE, and its size
 * (both uncompressed, for a gzip file: its content, not its bytes, is
 * what identifies a segment and what offsets count). A gzip file too
 * short for a header and a trailer has nothing to know it by yet; one
 * whose trailer is not there any more (a short read, errno 0) shrank
 * since its stat, and is skipped this scan. */
static enum head_result
read_content(int fd, struct scanned *file)
{
	ssize_t got;

	file->size = (uint64_t)file->st.st_size;
	if (!file->compressed)
		got = pread(fd, file->head.bytes, sizeof file->head.bytes, 0);
	else if (file->size < GZIP_MIN_SIZE)
		got = 0;
	else if ((got = reader_gzip_head(fd, file->head.bytes,
	    sizeof file->head.bytes)) >= 0) {
		errno = 0;
		if (reader_gzip_size(fd, file->size, &file->size) != 0)
			return errno != 0 ? HEAD_FAILED : HEAD_UNOPENED;
	}
	if (got == READER_NOT_GZIP)
		return HEAD_NOT_GZIP;
	if (got < 0)
		return HEAD_FAILED;
	file->head.length = (size_t)got;
	file->head.hashed_bytes = 0;	/* a hash of earlier bytes is stale */
	return HEAD_READ;
}

/* Reads the first bytes and the size of NAME into FILE. The name may
 * have moved to another file since FILE's stat (the active file rotated
 * in between): that file's head is not FILE's, and taken for it, it would
 * make FILE's segment look rewritten and be read again; it is skipped
 * for this scan instead. */
static enum head_result
read_head(struct engine *engine, const char *name, struct scanned *file)
{
	enum head_result result;
	struct stat st;
	int fd, error;

	fd = openat(engine->dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0)
		return HEAD_UNOPENED;
	if (fstat(fd, &st) != 0 || st.st_ino != file->st.st_ino ||
	    st.st_dev != file->st.st_dev) {
		close(fd);
		errno = ESTALE;		/* not for want of resources */
		return HEAD_UNOPENED;
	}
	file->st = st;			/* its size and time now */
	result = read_content(fd, file);
	error = errno;
	close(fd);
	errno = error;
	return result;
}

/* Notes that NAME, a file of the pattern, is not read, and WHY. */
static void
skip(struct scan *scan, const char *name, const char *why)
{
	scan->skipped = xreallocarray(scan->skipped, scan->skipped_count + 1,
	    sizeof *scan->skipped);
	scan->skipped[scan->skipped_count].name = xstrdup(name);
	scan->skipped[scan->skipped_count++].why = why;
}

/* Returns 1 if NAME could belong to PATTERN (the same prefix), so that a
 * file the engine will not read is reported rather than ignored. */
static int
of_pattern(const char *name, const char *pattern)
{
	size_t length = strlen(pattern);

	return strncmp(name, pattern, length) == 0 &&
	    (name[length] == '\0' || name[length] == '.' ||
	    name[length] == '-');
}

static int64_t mtime_ns(const struct stat *st);

static size_t
hash_inode(uint64_t device, uint64_t inode, size_t mask)
{
	uint64_t hash = (inode ^ device * UINT64_C(0x9e3779b97f4a7c15)) *
	    UINT64_C(0xff51afd7ed558ccd);

	return (size_t)(hash ^ hash >> 32) & mask;
}

/* Copies the live segments' files into SCAN's known files. Lock held. */
static void
know_files(struct engine *engine, struct scan *scan)
{
	const struct segment *segment;
	struct known *known;
	size_t size = 16, i, count = 0, at;

	while (size < 2 * engine->segment_count)
		size *= 2;
	scan->known = xreallocarray(NULL, engine->segment_count + 1,
	    sizeof *scan->known);
	scan->known_slots = xcalloc(size, sizeof *scan->known_slots);
	scan->known_mask = size - 1;
	for (i = 0; i < engine->segment_count; i++) {
		segment = engine->segments[i];
		if (segment->retired || !segment->present || segment->needs_scan)
			continue;
		known = &scan->known[count];
		known->device = segment->id.device;
		known->inode = segment->id.inode;
		known->size = segment->size;
		known->mtime_ns = segment->mtime_ns;
		known->compressed = segment_compression(segment->name) ==
		    SEGMENT_GZIP;
		at = hash_inode(known->device, known->inode, scan->known_mask);
		while (scan->known_slots[at] != 0)
			at = (at + 1) & scan->known_mask;
		scan->known_slots[at] = ++count;
	}
}

/* Returns 1 if FILE is a file of the table as it was last seen, and then
 * takes its size from there. A compressed file is known by its time
 * alone: its size there is the uncompressed one. */
static int
known_unchanged(const struct scan *scan, struct scanned *file)
{
	const struct known *known;
	size_t at;

	if (scan->known_slots == NULL)
		return 0;
	at = hash_inode((uint64_t)file->st.st_dev, (uint64_t)file->st.st_ino,
	    scan->known_mask);
	for (; scan->known_slots[at] != 0; at = (at + 1) & scan->known_mask) {
		known = &scan->known[scan->known_slots[at] - 1];
		if (known->inode != (uint64_t)file->st.st_ino ||
		    known->device != (uint64_t)file->st.st_dev)
			continue;
		if (known->mtime_ns != mtime_ns(&file->st) ||
		    known->compressed != file->compressed ||
		    (!file->compressed &&
		    known->size != (uint64_t)file->st.st_size))
			return 0;
		file->size = known->size;
		return 1;
	}
	return 0;
}

/* Adds NAME to SCAN if it is a regular file of the pattern; notes the
 * pattern's files that are not (links, directories, FIFOs, devices,
 * names that are not printable UTF-8). Returns 0, or -1 with errno when
 * the process lacks the memory or descriptors to look at the file: the
 * scan would not see it, as if it were gone. */
static int
scan_entry(struct engine *engine, struct scan *scan, const char *name)
{
	struct scanned file;

	if (!of_pattern(name, engine->config.pattern))
		return 0;
	if (!ckpt_name_valid(name, engine->config.pattern)) {
		skip(scan, name, _("its name is not printable UTF-8 text"));
		return 0;
	}
	memset(&file, 0, sizeof file);
	if (fstatat(engine->dirfd, name, &file.st, AT_SYMLINK_NOFOLLOW) != 0)
		return engine_lacks_resources(errno) ? -1 : 0;
	if (!S_ISREG(file.st.st_mode)) {
		skip(scan, name, S_ISLNK(file.st.st_mode) ?
		    _("it is a symbolic link") : _("it is not a regular file"));
		return 0;
	}
	switch (segment_compression(name)) {
	case SEGMENT_UNSUPPORTED:
		skip(scan, name, _("it is compressed with a method logproc "
		    "does not read (gzip only)"));
		return 0;
	case SEGMENT_GZIP:
		file.compressed = 1;
		break;
	default:
		break;
	}
	if (known_unchanged(scan, &file))
		file.head_skipped = 1;
	else switch (read_head(engine, name, &file)) {
	case HEAD_READ:
		break;
	case HEAD_NOT_GZIP:
		skip(scan, name, _("it is not gzip data"));
		return 0;
	case HEAD_FAILED:
		if (engine_lacks_resources(errno))
			return -1;
		if (scan->unreadable == NULL) {
			scan->unreadable = xstrdup(name);
			scan->read_error = errno;
		}
		return 0;
	default:			/* not opened: gone, or no descriptor */
		return engine_lacks_resources(errno) ? -1 : 0;
	}
	file.name = xstrdup(name);
	file.pattern = engine->config.pattern;
	if (scan->count == scan->capacity) {
		scan->capacity = scan->capacity * 2 + 64;
		scan->files = xreallocarray(scan->files, scan->capacity,
		    sizeof *scan->files);
	}
	scan->files[scan->count++] = file;
	return 0;
}

/* Orders scanned files oldest first, so new segments join the table, and
 * the checkpoint, in age order; files of the same time as their names
 * order them. */
static int
compare_age(const void *a, const void *b)
{
	const struct scanned *left = a, *right = b;
	int64_t lt = mtime_ns(&left->st), rt = mtime_ns(&right->st);

	if (lt != rt)
		return lt < rt ? -1 : 1;
	return segment_name_order(left->name, right->name, left->pattern);
}

/* Lists the directory into SCAN, without the lock. Returns 0, or -1
 * with errno if it could not be listed whole. */
static int
list_directory(struct engine *engine, struct scan *scan)
{
	struct dirent *entry;
	DIR *dir;
	int fd = dup(engine->dirfd), error = 0;

	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		error = errno;
		if (fd >= 0)
			close(fd);
		errno = error;
		return -1;
	}
	rewinddir(dir);
	for (;;) {
		errno = 0;
		if ((entry = readdir(dir)) == NULL) {
			error = errno;
			break;
		}
		if (scan_entry(engine, scan, entry->d_name) != 0) {
			error = errno;
			break;
		}
	}
	closedir(dir);
	if (scan->count > 1)
		qsort(scan->files, scan->count, sizeof *scan->files, compare_age);
	errno = error;
	return error != 0 ? -1 : 0;
}

static int64_t
mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* Returns the uncompressed SIZE a gzip file gives (modulo 4 GiB), made
 * at least OFFSET, the bytes already read of it, by adding 4 GiB as many
 * times as that takes. */
static uint64_t
lifted_size(uint64_t size, uint64_t offset)
{
	const uint64_t wrap = UINT64_C(1) << 32;

	if (size >= offset)
		return size;
	return size + (offset - size + wrap - 1) / wrap * wrap;
}

/* Returns the uncompressed size of SEGMENT's gzip file of BYTES bytes,
 * whose trailer says TRAILER. The trailer holds the size modulo 4 GiB,
 * and only the last member's in a file of several (as cat a.gz b.gz
 * makes), or a copy's that was made before the segment was read further:
 * a segment read to its end, or as far as it could be, keeps the size it
 * was found to have (its offset), unless the trailer says more; any other
 * is lifted to its offset by 4 GiB at a time, if the file's bytes can
 * inflate to that much (else the trailer cannot have wrapped). */
static uint64_t
gzip_size(const struct segment *segment, uint64_t trailer, uint64_t bytes)
{
	uint64_t kept = trailer > segment->offset ? trailer : segment->offset;
	uint64_t lifted = lifted_size(trailer, segment->offset);

	if (segment->state == SEGMENT_COMPLETE ||
	    segment->state == SEGMENT_FAILED ||
	    lifted / DEFLATE_MAX_RATIO > bytes)
		return kept;
	return lifted;
}

/* A failed segment whose file changed (it grew, or was written again:
 * a .gz seen while still being written and taken for truncated, say) is
 * read again from its offset, with a warning. Its time counts only once
 * the run has seen it (the checkpoint keeps sizes, not times). */
static void
retry_failed(struct engine *engine, struct segment *segment,
    const struct scanned *file, uint64_t size)
{
	if (segment->state != SEGMENT_FAILED || (segment->size == size &&
	    (segment->mtime_ns == 0 ||
	    segment->mtime_ns == mtime_ns(&file->st))))
		return;
	free(segment->reason);
	segment->reason = NULL;
	segment->state = SEGMENT_PENDING;
	engine->dirty = 1;
	engine_event(engine, ENGINE_WARNING, _("%s changed after it failed; "
	    "reading it again from offset %llu"), file->name,
	    (unsigned long long)segment->offset);
}

/* Binds SEGMENT to FILE: its current name, size and time. */
static void
bind_file(struct engine *engine, struct segment *segment,
    struct scanned *file)
{
	uint64_t size = file->compressed ? gzip_size(segment, file->size,
	    (uint64_t)file->st.st_size) : file->size;
	int changed = segment->size != size ||
	    segment->mtime_ns != mtime_ns(&file->st);

	if (strcmp(segment->name, file->name) != 0) {
		engine_event(engine, ENGINE_INFO, _("%s renamed to %s"),
		    segment->name, file->name);
		engine->dirty = 1;
	}
	segment_rename(segment, file->name);
	segment->id.device = (uint64_t)file->st.st_dev;
	segment->id.inode = (uint64_t)file->st.st_ino;
	if (file->head.length > segment->id.fingerprint_bytes) {
		segment->id.fingerprint_bytes = (uint32_t)file->head.length;
		segment->id.fingerprint = segment_hash(file->head.bytes,
		    file->head.length);
	}
	retry_failed(engine, segment, file, size);
	segment->stable = segment->present && !changed;
	segment->size = size;
	segment->mtime_ns = mtime_ns(&file->st);
	if (segment->state == SEGMENT_COMPLETE && segment->size > segment->offset) {
		segment->state = SEGMENT_PENDING;
		engine_event(engine, ENGINE_WARNING, _("%s grew after it was "
		    "complete; reading on"), file->name);
		engine->dirty = 1;
	}
	segment->active = strcmp(file->name, engine->config.pattern) == 0;
	segment->present = 1;
	segment->missing_scans = 0;
	segment->needs_scan = 0;
	file->segment = segment;
}

/* The table's segments by device and inode, built for one scan: open
 * addressing, at least twice as many slots as segments, each holding a
 * segment's index plus one (0: empty). A scan looks up every file, and a
 * search of the whole table for each took time quadratic in the number
 * of segments. */
struct inode_index {
	size_t *slots;
	size_t mask;
};

static size_t
inode_slot(const struct inode_index *index, uint64_t device, uint64_t inode)
{
	return hash_inode(device, inode, index->mask);
}

/* Indexes the live segments of the table (the first, should two claim
 * one file). */
static void
index_build(struct inode_index *index, const struct engine *engine)
{
	const struct segment *segment, *other;
	size_t size = 16, i, at;

	while (size < 2 * engine->segment_count)
		size *= 2;
	index->slots = xcalloc(size, sizeof *index->slots);
	index->mask = size - 1;
	for (i = 0; i < engine->segment_count; i++) {
		segment = engine->segments[i];
		if (segment->retired)
			continue;
		at = inode_slot(index, segment->id.device, segment->id.inode);
		for (; index->slots[at] != 0; at = (at + 1) & index->mask) {
			other = engine->segments[index->slots[at] - 1];
			if (other->id.inode == segment->id.inode &&
			    other->id.device == segment->id.device)
				break;
		}
		if (index->slots[at] == 0)
			index->slots[at] = i + 1;
	}
}

/* Returns the index of the live segment on FILE's device and inode, or
 * -1. A segment retired since the index was built is not live. */
static ssize_t
find_by_inode(const struct engine *engine, const struct inode_index *index,
    const struct scanned *file)
{
	const struct segment *segment;
	uint64_t device = (uint64_t)file->st.st_dev;
	uint64_t inode = (uint64_t)file->st.st_ino;
	size_t at;

	for (at = inode_slot(index, device, inode); index->slots[at] != 0;
	    at = (at + 1) & index->mask) {
		segment = engine->segments[index->slots[at] - 1];
		if (segment->id.inode == inode && segment->id.device == device)
			return segment->retired ? -1 :
			    (ssize_t)(index->slots[at] - 1);
	}
	return -1;
}

/* Returns 1 if FILE is at least OFFSET bytes long. The size listed may be
 * older than a worker's latest merge, so a shorter file is stat'ed again
 * (the lock is held: the offset cannot move meanwhile). */
static int
long_enough(struct engine *engine, struct scanned *file, uint64_t offset)
{
	struct stat st;

	if (file->size >= offset || file->compressed)
		return 1;	/* a compressed file is whole; reading tells */
	if (fstatat(engine->dirfd, file->name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    st.st_ino != file->st.st_ino || st.st_dev != file->st.st_dev)
		return 0;
	file->st = st;
	file->size = (uint64_t)st.st_size;
	return file->size >= offset;
}

/* Step 1: files that are still what their inode's segment was. A segment
 * whose file now holds other content, or less than was read, is retired. */
static void
match_inodes(struct engine *engine, struct scan *scan)
{
	struct inode_index inodes;
	struct segment *segment;
	struct scanned *file;
	ssize_t index;
	size_t i;

	index_build(&inodes, engine);
	for (i = 0; i < scan->count; i++) {
		file = &scan->files[i];
		if ((index = find_by_inode(engine, &inodes, file)) < 0)
			continue;
		segment = engine->segments[index];
		if ((file->head_skipped ||
		    segment_matches(segment, &file->head)) &&
		    long_enough(engine, file, segment->offset)) {
			bind_file(engine, segment, file);
			scan->matched[index] = 1;
		} else {
			segment->retired = 1;	/* the inode is another file now */
			segment->id.inode = segment->id.device = 0;
			file->rewritten = 1;
		}
	}
	free(inodes.slots);
}

/* Returns the size of the live SEGMENT's file now: the listing's may be
 * older than a copy listed after it, which then looks longer than its
 * original. Lock held. */
static uint64_t
live_size(struct engine *engine, const struct segment *segment)
{
	struct stat st;

	if (fstatat(engine->dirfd, segment->name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    (uint64_t)st.st_ino != segment->id.inode ||
	    (uint64_t)st.st_dev != segment->id.device)
		return segment->size;
	return (uint64_t)st.st_size;
}

/* Returns 1 if FILE, shorter than what was read of SEGMENT, whose
 * content it starts with, is a copy made before the rest was read: the
 * copy copytruncate made while the original was followed and read
 * further, before the truncation. The original's own inode, truncated, is
 * no copy: it is read again from its start. */
static int
copied_before_read(const struct scanned *file, const struct segment *segment)
{
	return !file->rewritten && !file->compressed &&
	    file->size < segment->offset;
}

/* Returns the index of a segment not matched in this scan whose content
 * FILE starts with and holds at least up to its offset (or is a copy of
 * it made before that), or that a worker is still reading from its old
 * file, or -1. With WANT_LIVE, looks for a matched (live) segment
 * instead, which FILE may be a copy of, whole or in the making, if it is
 * not longer: a longer file that merely starts the same way is a new
 * one. */
static ssize_t
find_by_content(struct engine *engine, const struct scan *scan,
    struct scanned *file, int want_live)
{
	const struct segment *segment;
	size_t i;

	for (i = 0; i < engine->segment_count; i++) {
		segment = engine->segments[i];
		if (scan->matched[i] != want_live ||
		    segment->id.fingerprint_bytes == 0 ||
		    !segment_matches(segment, &file->head))
			continue;
		if (want_live) {
			if (file->compressed || file->size <= segment->size ||
			    file->size <= live_size(engine, segment))
				return (ssize_t)i;
		} else if (segment->state == SEGMENT_PROCESSING ||
		    long_enough(engine, file, segment->offset) ||
		    copied_before_read(file, segment))
			return (ssize_t)i;
	}
	return -1;
}

/* Returns 1 if FILE was written within the last scan interval: it may
 * still be being written. A time further in the future (a clock out of
 * step) does not keep a file fresh for ever. */
static int
fresh(const struct engine *engine, const struct scanned *file)
{
	int64_t interval = (int64_t)engine->config.scan_interval_ns, age;
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	age = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec -
	    mtime_ns(&file->st);
	return age < interval && age > -interval;
}

/* Returns the scanned file named exactly as the pattern, or NULL. */
static struct scanned *
active_file(const struct engine *engine, struct scan *scan)
{
	size_t i;

	for (i = 0; i < scan->count; i++) {
		if (strcmp(scan->files[i].name, engine->config.pattern) == 0)
			return &scan->files[i];
	}
	return NULL;
}

/* Returns the active file's segment if FILE, too short yet to hold that
 * segment's fingerprint, holds the active file's first bytes and is
 * still being written: a copy whose first writes have not reached the
 * fingerprint's length yet (a slow copier; copytruncate copies the
 * active file). Else NULL. A short file that has settled (unchanged for
 * a scan interval), or any with --once, which cannot wait, is a file of
 * its own: a rotated segment of a line or two may well be where the
 * active file starts. The active file's head is read here if the scan
 * skipped it. */
static struct segment *
find_partial_copy(struct engine *engine, struct scan *scan,
    const struct scanned *file)
{
	struct scanned *active;

	if (engine->config.once || file->compressed || !fresh(engine, file))
		return NULL;
	if ((active = active_file(engine, scan)) == NULL ||
	    active->segment == NULL ||
	    file->head.length >= active->segment->id.fingerprint_bytes)
		return NULL;
	if (active->head_skipped) {
		if (read_head(engine, active->name, active) != HEAD_READ)
			return NULL;
		active->head_skipped = 0;
	}
	if (active->head.length < file->head.length ||
	    memcmp(active->head.bytes, file->head.bytes, file->head.length) != 0)
		return NULL;
	return active->segment;
}

/* Returns 1 the first time in a run it is asked about NAME, 0 after: a
 * file that is not read is reported once, not at every scan. Lock held. */
static int
first_warning(struct engine *engine, const char *name)
{
	size_t i;

	for (i = 0; i < engine->warned_count; i++) {
		if (strcmp(engine->warned[i], name) == 0)
			return 0;
	}
	engine->warned = xreallocarray(engine->warned, engine->warned_count + 1,
	    sizeof *engine->warned);
	engine->warned[engine->warned_count++] = xstrdup(name);
	return 1;
}

/* Reports, once, that NAME starts like the live segment ORIGINAL and is
 * taken for a copy of it (as copytruncate makes before it truncates): it
 * is not read while ORIGINAL keeps its content. */
static void
warn_copy(struct engine *engine, const char *name, const char *original)
{
	if (first_warning(engine, name))
		engine_event(engine, ENGINE_WARNING, _("%s starts like %s: taken "
		    "for a copy of it, not read"), name, original);
}

/* Reports that SEGMENT's content is now FILE, another file: compressed
 * (as logrotate does: expected) or copied (as copytruncate does). */
static void
report_moved(struct engine *engine, struct segment *segment,
    const struct scanned *file)
{
	if (file->compressed && segment_compression(segment->name) ==
	    SEGMENT_PLAIN)
		engine_event(engine, ENGINE_INFO, _("%s was compressed to %s; "
		    "read on from offset %llu"), segment->name, file->name,
		    (unsigned long long)segment->offset);
	else if (file->size < segment->offset)
		engine_event(engine, ENGINE_WARNING, _("%s continues %s: a copy "
		    "made when it held %llu bytes, all read already"),
		    file->name, segment->name, (unsigned long long)file->size);
	else
		engine_event(engine, ENGINE_WARNING, _("%s continues %s from "
		    "offset %llu (copied)"), file->name, segment->name,
		    (unsigned long long)segment->offset);
}

/* SEGMENT's content moved to FILE, a plain copy: the bytes its file held
 * when last seen beyond both the copy's end and what was read were
 * written after the copy was made and went with the truncation (or the
 * deletion; at least those: more may have come after the last look).
 * Reports them as lost.
 * A copy shorter than the offset holds only bytes read already: the
 * segment's offset becomes its end (and its lines no more than its
 * bytes, which a line takes one of at least). */
static void
continue_in_copy(struct engine *engine, struct segment *segment,
    const struct scanned *file)
{
	uint64_t kept = file->size > segment->offset ? file->size :
	    segment->offset;

	if (file->compressed)
		return;
	if (segment->size > kept) {
		segment->lost_bytes += segment->size - kept;
		engine_event(engine, ENGINE_WARNING, _("%s: its last %llu bytes "
		    "were not copied to %s and are gone, unread"), segment->name,
		    (unsigned long long)(segment->size - kept), file->name);
	}
	if (file->size < segment->offset) {
		segment->offset = file->size;
		if (segment->lines > segment->offset)
			segment->lines = segment->offset;
	}
}

/* Steps 2 and 3 for FILE, which no inode matched: it continues a segment
 * whose content moved, is a copy of a live segment (skipped), or is new.
 * Returns 0, or an errno value when its head could not be read for want
 * of memory or descriptors. */
static int
match_content(struct engine *engine, struct scan *scan, struct scanned *file)
{
	struct segment_id id = { 0 };
	struct segment *segment;
	enum head_result result;
	ssize_t index;

	/* Read again: a file whose segment went since the listing, and one
	 * too short then to be known by: a copy being made may have its
	 * content now (the scan may have seen it empty, then its original
	 * truncated, which copytruncate does once the copy is whole). */
	if (file->head_skipped || (!file->compressed &&
	    file->head.length < SEGMENT_FINGERPRINT_MAX)) {
		result = read_head(engine, file->name, file);
		if (result != HEAD_READ)
			return result != HEAD_NOT_GZIP &&
			    engine_lacks_resources(errno) ? errno : 0;
		file->head_skipped = 0;
	}
	if ((index = find_by_content(engine, scan, file, 0)) >= 0) {
		segment = engine->segments[index];
		if (segment->state == SEGMENT_PROCESSING)
			return 0;	/* read on from its old file first */
		report_moved(engine, segment, file);
		continue_in_copy(engine, segment, file);
		segment_rename(segment, file->name);	/* reported: not a rename */
		segment->retired = 0;
		engine->dirty = 1;
		bind_file(engine, segment, file);
		scan->matched[index] = 1;
	} else if (file->head.length > 0 &&
	    (index = find_by_content(engine, scan, file, 1)) >= 0) {
		if (!file->compressed)	/* else logrotate compressing */
			warn_copy(engine, file->name,
			    engine->segments[index]->name);
	} else if (file->head.length > 0 &&
	    (segment = find_partial_copy(engine, scan, file)) != NULL)
		warn_copy(engine, file->name, segment->name);
	else if (file->head.length > 0) {  /* else nothing to know it by yet */
		segment = segment_new(file->name, &id);
		engine_add_segment(engine, segment);
		engine->dirty = 1;
		scan->matched[engine->segment_count - 1] = 1;
		bind_file(engine, segment, file);
		segment->stable = 0;
	}
	return 0;
}

/* Steps 2 and 3 for every file no inode matched, the active file first:
 * copytruncate copies it, and a copy, older by its time than the active
 * file written since, must find it live to be known for a copy (on a
 * first run, neither is in the table). Returns 0 or an errno value, as
 * match_content. */
static int
match_contents(struct engine *engine, struct scan *scan)
{
	struct scanned *active = active_file(engine, scan);
	size_t i;
	int error = 0;

	if (active != NULL && active->segment == NULL)
		error = match_content(engine, scan, active);
	for (i = 0; i < scan->count && error == 0; i++) {
		if (&scan->files[i] != active && scan->files[i].segment == NULL)
			error = match_content(engine, scan, &scan->files[i]);
	}
	return error;
}

/* Handles a segment no file matched: gone for good after MISSING_SCANS
 * scans (or at once when its content was replaced). Returns 1 if the
 * segment was removed from the table. */
static int
handle_unmatched(struct engine *engine, size_t index)
{
	struct segment *segment = engine->segments[index];
	uint64_t unread = segment->size > segment->offset ?
	    segment->size - segment->offset : 0;

	if (segment->state == SEGMENT_PROCESSING || (!segment->retired &&
	    ++segment->missing_scans < MISSING_SCANS)) {
		segment->present = 0;
		return 0;
	}
	if (segment->state == SEGMENT_FAILED && segment->id.inode == 0)
		return 0;
	engine->dirty = 1;
	if (segment->state == SEGMENT_COMPLETE || unread == 0) {
		if (segment->retired)
			engine_event(engine, ENGINE_WARNING, _("%s was truncated; "
			    "reading it again from the start"), segment->name);
		engine_remove_segment(engine, index);
		return 1;
	}
	segment->lost_bytes = unread;
	segment_fail(segment, segment->retired ?
	    _("truncated or replaced before it was read to the end") :
	    _("deleted before it was read to the end"));
	engine_event(engine, ENGINE_WARNING, _("%s: %s; %llu bytes lost"),
	    segment->name, segment->reason, (unsigned long long)unread);
	segment->present = segment->retired = 0;
	segment->id.inode = segment->id.device = 0;
	return 0;
}

/* Reports each skipped file once per run; lock held. */
static void
report_skipped(struct engine *engine, const struct scan *scan)
{
	size_t i;

	for (i = 0; i < scan->skipped_count; i++) {
		if (first_warning(engine, scan->skipped[i].name))
			engine_event(engine, ENGINE_WARNING, _("%s: skipped: %s"),
			    scan->skipped[i].name, scan->skipped[i].why);
	}
}

/* Matches SCAN with the table; lock held. Returns 0, or an errno value
 * if a file could not be looked at for want of memory or descriptors
 * (the unmatched segments are then left alone). A file that could not be
 * read stops the run instead, as a read error in a worker does: the scan
 * does not know what it is, and must not take its segment for gone. */
static int
reconcile(struct engine *engine, struct scan *scan)
{
	size_t i;
	int error;

	if (scan->unreadable != NULL) {
		engine_fail(engine, _("%s: %s"), scan->unreadable,
		    strerror(scan->read_error));
		return 0;
	}
	report_skipped(engine, scan);
	scan->matched = xcalloc(engine->segment_count + scan->count + 1, 1);
	match_inodes(engine, scan);
	if ((error = match_contents(engine, scan)) == 0) {
		for (i = engine->segment_count; i > 0; i--) {
			if (!scan->matched[i - 1])
				handle_unmatched(engine, i - 1);
		}
	}
	free(scan->matched);
	return error;
}

/* Scans the log directory once and wakes the workers. A directory that
 * cannot be listed whole fails the engine: taking the files not seen for
 * gone would lose their unread lines. */
void
scanner_scan(struct engine *engine)
{
	struct scan scan;
	size_t i;
	int error;

	memset(&scan, 0, sizeof scan);
	pthread_mutex_lock(&engine->lock);
	know_files(engine, &scan);
	pthread_mutex_unlock(&engine->lock);
	error = list_directory(engine, &scan) != 0 ? errno : 0;
	free(scan.known);
	free(scan.known_slots);
	pthread_mutex_lock(&engine->lock);
	if (error == 0)
		error = reconcile(engine, &scan);
	if (error != 0)
		engine_fail(engine, _("log directory %s: %s"),
		    engine->config.logs_dir, strerror(error));
	pthread_cond_broadcast(&engine->work_cond);
	pthread_mutex_unlock(&engine->lock);
	for (i = 0; i < scan.count; i++)
		free(scan.files[i].name);
	free(scan.files);
	for (i = 0; i < scan.skipped_count; i++)
		free(scan.skipped[i].name);
	free(scan.skipped);
	free(scan.unreadable);
}

/* Watches the log directory with inotify where it exists, so that the
 * scanner wakes on changes; returns 0, or -1 (polling only). */
int
scanner_watch(struct engine *engine)
{
#ifdef HAVE_SYS_INOTIFY_H
	engine->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (engine->inotify_fd < 0)
		return -1;
	if (inotify_add_watch(engine->inotify_fd, engine->logs_dir_real,
	    IN_CREATE | IN_MODIFY | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE |
	    IN_CLOSE_WRITE | IN_ATTRIB) < 0) {
		close(engine->inotify_fd);
		engine->inotify_fd = -1;
		return -1;
	}
	return 0;
#else
	(void)engine;
	return -1;
#endif
}

#define WRITTEN_MAX 16	/* files written to that a refresh handles */

/* Why the scanner woke: a reason to scan the directory, or only writes
 * to the files named in WRITTEN. Writes to the active file come all the
 * time; a stat of the file written to keeps up with them, where a scan
 * of a large directory for each would keep a core busy. */
struct wakeup {
	int scan;
	char written[WRITTEN_MAX][NAME_MAX + 1];
	size_t written_count;
};

/* Reads and discards what is ready on FD. */
static void
drain(int fd)
{
	char buf[4096];

	while (read(fd, buf, sizeof buf) > 0)
		;
}

#ifdef HAVE_SYS_INOTIFY_H
/* Notes in WAKEUP that NAME was written to; too many names make a scan. */
static void
note_written(struct wakeup *wakeup, const char *name)
{
	size_t i;

	for (i = 0; i < wakeup->written_count; i++) {
		if (strcmp(wakeup->written[i], name) == 0)
			return;
	}
	if (wakeup->written_count == WRITTEN_MAX ||
	    strlen(name) > NAME_MAX) {
		wakeup->scan = 1;
		return;
	}
	strcpy(wakeup->written[wakeup->written_count++], name);
}

/* Reads the inotify events that are ready into WAKEUP: writes to files
 * of the pattern are noted; anything else (a file created, renamed,
 * deleted or changed otherwise, a lost event) asks for a scan. */
static void
read_events(struct engine *engine, struct wakeup *wakeup)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *event;
	ssize_t got;
	char *at;

	while ((got = read(engine->inotify_fd, buf, sizeof buf)) > 0) {
		for (at = buf; at < buf + got; at += sizeof *event + event->len) {
			event = (const struct inotify_event *)(void *)at;
			if ((event->mask & ~(uint32_t)(IN_MODIFY |
			    IN_CLOSE_WRITE)) != 0 || event->len == 0)
				wakeup->scan = 1;
			else if (of_pattern(event->name, engine->config.pattern))
				note_written(wakeup, event->name);
		}
	}
}
#endif

/* Sleeps until the scan interval passes, the directory changes or the
 * engine stops; says in WAKEUP what to do. Returns 1 to stop. */
static int
wait_for_change(struct engine *engine, struct wakeup *wakeup)
{
	struct pollfd fds[2] = {
		{ .fd = engine->wake_pipe[0], .events = POLLIN },
		{ .fd = engine->inotify_fd, .events = POLLIN },
	};
	int timeout_ms = (int)(engine->config.scan_interval_ns / 1000000);
	int stopping, ready;

	memset(wakeup, 0, sizeof *wakeup);
	ready = poll(fds, engine->inotify_fd >= 0 ? 2 : 1, timeout_ms);
	if (ready <= 0 || (fds[0].revents & POLLIN) != 0)
		wakeup->scan = 1;
	if (ready > 0 && (fds[0].revents & POLLIN) != 0)
		drain(engine->wake_pipe[0]);
#ifdef HAVE_SYS_INOTIFY_H
	if (ready > 0 && (fds[1].revents & POLLIN) != 0) {
		poll(NULL, 0, MIN_SCAN_GAP_MS);
		read_events(engine, wakeup);
	}
#endif
	pthread_mutex_lock(&engine->lock);
	stopping = engine->stopping;
	pthread_mutex_unlock(&engine->lock);
	return stopping;
}

/* Returns the live, plain segment called NAME, or NULL. Lock held. */
static struct segment *
find_by_name(struct engine *engine, const char *name)
{
	struct segment *segment;
	size_t i;

	for (i = engine->segment_count; i > 0; i--) {
		segment = engine->segments[i - 1];
		if (!segment->retired && segment->present &&
		    !segment->needs_scan && strcmp(segment->name, name) == 0)
			return segment;
	}
	return NULL;
}

/* Takes the new size of NAME, which was only written to, from its stat
 * ST. Returns 0, or -1 if it is not simply its segment grown (a new file,
 * another inode, shorter, compressed): a scan sorts that out. Its time is
 * left as the last scan saw it, so that the next scan, finding another,
 * reads its head again: a write may have changed what it starts with.
 * Lock held. */
static int
refresh_one(struct engine *engine, const char *name, const struct stat *st)
{
	struct segment *segment = find_by_name(engine, name);

	if (segment == NULL || segment_compression(name) != SEGMENT_PLAIN ||
	    segment->id.inode != (uint64_t)st->st_ino ||
	    segment->id.device != (uint64_t)st->st_dev ||
	    (uint64_t)st->st_size < segment->size)
		return -1;
	if ((uint64_t)st->st_size != segment->size ||
	    segment->mtime_ns != mtime_ns(st)) {
		segment->size = (uint64_t)st->st_size;
		segment->stable = 0;
	}
	return 0;	/* the time is the scan's: its change makes it look */
}

/* Refreshes the segments of the files WAKEUP names, which were written
 * to: a stat each, no scan. Returns 0, or -1 if a scan is needed. */
static int
refresh_written(struct engine *engine, const struct wakeup *wakeup)
{
	struct stat st[WRITTEN_MAX];
	size_t i;
	int result = 0;

	for (i = 0; i < wakeup->written_count; i++) {
		if (fstatat(engine->dirfd, wakeup->written[i], &st[i],
		    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st[i].st_mode))
			return -1;
	}
	pthread_mutex_lock(&engine->lock);
	for (i = 0; i < wakeup->written_count && result == 0; i++)
		result = refresh_one(engine, wakeup->written[i], &st[i]);
	pthread_cond_broadcast(&engine->work_cond);
	pthread_mutex_unlock(&engine->lock);
	return result;
}

/* The scanner thread: scans the directory when it changed or the scan
 * interval passed, refreshes the files written to in between; a scan is
 * never put off longer than the interval by a stream of writes. */
void *
scanner_main(void *arg)
{
	struct engine *engine = arg;
	struct wakeup wakeup;
	struct timespec now;
	int64_t last_scan, now_ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	last_scan = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	while (!wait_for_change(engine, &wakeup)) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		now_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
		if (!wakeup.scan && now_ns - last_scan <
		    (int64_t)engine->config.scan_interval_ns &&
		    refresh_written(engine, &wakeup) == 0)
			continue;
		scanner_scan(engine);
		last_scan = now_ns;
	}
	return NULL;
}
