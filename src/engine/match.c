/* match.c: keeps the table true to what the files are. A scan's listing
 * (listing.c) is matched with the table, under the engine lock:
 *   1. by device and inode, when the file still starts with the
 *      segment's fingerprint (a rename carries the segment along); one
 *      shorter than the offset was cut, and is read on from its end;
 *   2. else by fingerprint alone, with a segment whose content left its
 *      file (copytruncate: the copy continues where the original stood);
 *   3. else the file is new, read from the start; a file that holds the
 *      start of a live segment, byte for byte, is a copy and is left alone
 *      (logrotate compressing a segment makes one: when the plain file
 *      goes, step 2 carries the segment over to the compressed one), as
 *      is a file too short yet for the fingerprint that holds the
 *      active file's first bytes (a copy being made).
 * Segments no file matched are truncated, replaced or deleted: a
 * segment with unread bytes is reported with the bytes lost. A listing
 * the directory changed under may have missed files: its absences are
 * not counted. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/engine-int.h"
#include "engine/fingerprints.h"
#include "engine/inodes.h"
#include "engine/listing.h"
#include "engine/match.h"
#include "engine/reader.h"

#define MISSING_SCANS 2		/* scans a file must be missing to be gone */
#define DEFLATE_MAX_RATIO 1032	/* no deflate data inflates to more */
#define COPY_CHECK_MAX (64 * 1024)	/* bytes a copy is compared on */
#define RENAMES_REPORTED 10	/* renames a scan reports one by one: the
				   events are a ring, which one scan of a
				   numbered directory would fill */

/* One scan's matching. */
struct match {
	struct listing *listing;
	unsigned char *matched;		/* per table segment */
	struct fingerprints fingerprints;	/* the table's, for step 2 */
	struct scanned *active;		/* the file named as the pattern */
	struct segment **rewritten;	/* retired by this scan: rewritten */
	size_t rewritten_count;
	size_t renamed;			/* segments renamed, found by this scan */
};

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
	    segment->mtime_ns == listing_mtime_ns(&file->st))))
		return;
	free(segment->reason);
	segment->reason = NULL;
	segment->state = SEGMENT_PENDING;
	engine->dirty = 1;
	engine_event(engine, ENGINE_WARNING, _("%s changed after it failed; "
	    "reading it again from offset %llu"), file->name,
	    (unsigned long long)segment->offset);
}

/* Keeps SEGMENT's state true to whether its file FILE, of SIZE bytes,
 * can be opened: a file the process may not open, with bytes to read,
 * fails its segment with the reason, warned once (one read to its end
 * has nothing to read, and stays as it is); once it can be opened, the
 * segment is read again from its offset, in this run or the next. Else a
 * failed segment is retried if its file changed. Lock held. */
static void
check_readable(struct engine *engine, struct segment *segment,
    const struct scanned *file, uint64_t size)
{
	if (file->unreadable) {
		if (segment->state == SEGMENT_PROCESSING || (segment->unreadable &&
		    segment->state == SEGMENT_FAILED) ||
		    (segment->id.fingerprint_bytes > 0 && size <= segment->offset))
			return;		/* nothing to read in it, for now */
		segment_fail(segment, strerror(file->unreadable));
		segment->unreadable = 1;
		segment->last_updated = time(NULL);
		engine->dirty = 1;
		if (first_warning(engine, file->name))
			engine_event(engine, ENGINE_WARNING, _("%s: %s; it is read "
			    "once it can be opened"), file->name, segment->reason);
	} else if (segment->unreadable && segment->state == SEGMENT_FAILED) {
		free(segment->reason);
		segment->reason = NULL;
		segment->state = SEGMENT_PENDING;
		segment->unreadable = 0;
		engine->dirty = 1;
		engine_event(engine, ENGINE_INFO, _("%s can be opened now; reading "
		    "it from offset %llu"), file->name,
		    (unsigned long long)segment->offset);
	} else
		retry_failed(engine, segment, file, size);
}

/* Binds SEGMENT to FILE: its current name, size and time. */
static void
bind_file(struct engine *engine, struct match *match, struct segment *segment,
    struct scanned *file)
{
	uint64_t size = file->compressed ? gzip_size(segment, file->size,
	    (uint64_t)file->st.st_size) : file->size;
	int changed = segment->size != size ||
	    segment->mtime_ns != listing_mtime_ns(&file->st);

	if (strcmp(segment->name, file->name) != 0) {
		if (match->renamed++ < RENAMES_REPORTED)
			engine_event(engine, ENGINE_INFO, _("%s renamed to %s"),
			    segment->name, file->name);
		engine->dirty = 1;
	}
	segment_rename(segment, file->name);
	segment->id.device = (uint64_t)file->st.st_dev;
	segment->id.inode = (uint64_t)file->st.st_ino;
	segment->birth_ns = file->birth_ns;
	if (file->head.length > segment->id.fingerprint_bytes) {
		segment->id.fingerprint_bytes = (uint32_t)file->head.length;
		segment->id.fingerprint = segment_hash(file->head.bytes,
		    file->head.length);
	}
	check_readable(engine, segment, file, size);
	segment->stable = segment->present && !changed;
	segment->size = size;
	segment->mtime_ns = listing_mtime_ns(&file->st);
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

/* Indexes the live segments of the table by device and inode (the
 * first, should two claim one file). */
static void
index_build(struct inodes *index, const struct engine *engine)
{
	const struct segment *segment;
	size_t i;

	inodes_init(index, engine->segment_count);
	for (i = 0; i < engine->segment_count; i++) {
		segment = engine->segments[i];
		if (!segment->retired)
			inodes_add(index, segment->id.device, segment->id.inode, i);
	}
}

/* Returns the index of the live segment on FILE's device and inode, or
 * -1. A segment retired since the index was built is not live. */
static ssize_t
find_by_inode(const struct engine *engine, const struct inodes *index,
    const struct scanned *file)
{
	const struct segment *segment;
	size_t at;

	if (!inodes_find(index, (uint64_t)file->st.st_dev,
	    (uint64_t)file->st.st_ino, &at))
		return -1;
	segment = engine->segments[at];
	if (segment->retired || segment->id.inode != (uint64_t)file->st.st_ino ||
	    segment->id.device != (uint64_t)file->st.st_dev)
		return -1;
	return (ssize_t)at;
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

/* SEGMENT's file FILE, whose head it still starts with, is shorter than
 * the offset: it was cut (truncate -s), not rewritten. The bytes that
 * went were read (those past the offset too, if any, are lost); reading
 * goes on from its end, and nothing is read twice. Lock held. */
static void
cut_short(struct engine *engine, struct segment *segment,
    const struct scanned *file)
{
	uint64_t unread = segment->size > segment->offset ?
	    segment->size - segment->offset : 0;

	engine_event(engine, ENGINE_WARNING, _("%s was cut from %llu to %llu "
	    "bytes; the bytes that went were read already, reading on from its "
	    "end"), file->name, (unsigned long long)segment->offset,
	    (unsigned long long)file->size);
	if (unread > 0) {
		segment->lost_bytes += unread;
		engine_event(engine, ENGINE_WARNING, _("%s: %llu bytes past the "
		    "offset went with the cut, unread"), file->name,
		    (unsigned long long)unread);
	}
	segment->offset = segment->stalled_size = file->size;
	if (segment->lines > segment->offset)
		segment->lines = segment->offset;
	engine->dirty = 1;
}

/* Returns 0 if the byte of plain file NAME before OFFSET is there and is
 * not a line end, else 1. A segment's offset counts whole lines: a file
 * that holds its content up to there has a line end there (a file that
 * merely begins the same way has one by chance only). Lock held. */
static int
line_end_before(struct engine *engine, const char *name, uint64_t offset)
{
	char last = '\n';
	int fd;

	if (offset == 0 || (fd = openat(engine->dirfd, name, O_RDONLY |
	    O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
		return 1;
	if (pread(fd, &last, 1, (off_t)(offset - 1)) != 1)
		last = '\n';
	close(fd);
	return last == '\n';
}

/* Warns if SEGMENT's plain file FILE, which changed, no longer has a
 * line end just before the offset: it was cut and written again past the
 * offset between two looks, and what the new bytes before the offset
 * held is gone unread (the line the offset falls in is read as a damaged
 * line). Lock held. */
static void
check_line_end(struct engine *engine, const struct segment *segment,
    const struct scanned *file)
{
	if (file->compressed || file->head_skipped ||
	    segment->state == SEGMENT_PROCESSING ||
	    line_end_before(engine, file->name, segment->offset))
		return;
	engine_event(engine, ENGINE_WARNING, _("%s: no line end before "
	    "offset %llu any more: it was cut and written again, and lines "
	    "before that offset may be lost"), file->name,
	    (unsigned long long)segment->offset);
}

/* SEGMENT's inode is FILE's, which does not start with the segment's
 * content. Under the segment's own name, the file was rewritten in place
 * (truncated, copytruncate): the segment is retired, and its content may
 * turn up in a copy. Under another name, the segment's file was deleted
 * (or compressed) and its inode reused for a new file (ext4 does so at
 * once): the segment is as if not seen, its content perhaps in a file
 * this listing missed. */
static void
inode_taken(struct match *match, struct segment *segment,
    struct scanned *file)
{
	if (strcmp(segment->name, file->name) == 0) {
		segment->retired = 1;
		file->rewritten = 1;
		match->rewritten = xreallocarray(match->rewritten,
		    match->rewritten_count + 1, sizeof *match->rewritten);
		match->rewritten[match->rewritten_count++] = segment;
	}
	segment->id.inode = segment->id.device = 0;
}

/* Reports the files this scan found rewritten in place whose content no
 * copy continues. */
static void
report_rewritten(struct engine *engine, const struct match *match)
{
	size_t i;

	for (i = 0; i < match->rewritten_count; i++) {
		if (match->rewritten[i]->retired)
			engine_event(engine, ENGINE_WARNING, _("%s was truncated "
			    "or rewritten; reading its new content from the "
			    "start"), match->rewritten[i]->name);
	}
}

/* Step 1 for FILE, whose inode is that of the segment at INDEX. A file
 * born after the segment's is another file that took the inode number of
 * the segment's, deleted: the segment is as if not seen. */
static void
match_inode(struct engine *engine, struct match *match, struct scanned *file,
    size_t index)
{
	struct segment *segment = engine->segments[index];

	if (file->birth_ns != 0 && segment->birth_ns != 0 &&
	    file->birth_ns != segment->birth_ns)
		segment->id.inode = segment->id.device = 0;	/* reused */
	else if (file->unreadable) {
		bind_file(engine, match, segment, file);
		match->matched[index] = 1;
	} else if (!file->head_skipped &&
	    !segment_matches(segment, &file->head))
		inode_taken(match, segment, file);
	else if (long_enough(engine, file, segment->offset)) {
		check_line_end(engine, segment, file);
		bind_file(engine, match, segment, file);
		match->matched[index] = 1;
	} else if (segment->state == SEGMENT_PROCESSING)
		match->matched[index] = 1;	/* the next scan, once read */
	else {
		cut_short(engine, segment, file);
		bind_file(engine, match, segment, file);
		match->matched[index] = 1;
	}
}

/* Step 1: files that are still what their inode's segment was. */
static void
match_inodes(struct engine *engine, struct match *match)
{
	struct inodes inodes;
	struct scanned *file;
	ssize_t index;
	size_t i;

	index_build(&inodes, engine);
	for (i = 0; i < match->listing->count; i++) {
		file = &match->listing->files[i];
		if ((index = find_by_inode(engine, &inodes, file)) >= 0)
			match_inode(engine, match, file, (size_t)index);
	}
	inodes_free(&inodes);
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

/* Reads up to SIZE of the first bytes of NAME, inflated if COMPRESSED,
 * into BUF. Returns how many, or -1. */
static ssize_t
read_start(struct engine *engine, const char *name, int compressed,
    unsigned char *buf, size_t size)
{
	ssize_t got = 0, part;
	int fd = openat(engine->dirfd, name, O_RDONLY | O_NOFOLLOW |
	    O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (compressed)
		got = reader_gzip_head(fd, buf, size);
	else {
		while ((size_t)got < size && (part = pread(fd, buf + got,
		    size - (size_t)got, (off_t)got)) > 0)
			got += part;
	}
	close(fd);
	return got;
}

/* Returns 1 if FILE and SEGMENT's file hold the same bytes over the first
 * COPY_CHECK_MAX of the shorter (those both give; inflated, for a .gz), so
 * that a file that only begins like a segment (a banner longer than the
 * fingerprint) is not taken for its copy, nor for the compressed copy
 * logrotate makes. A file that cannot be read is given the benefit of
 * the doubt (the fingerprint). Lock held. */
static int
same_start(struct engine *engine, const struct scanned *file,
    const struct segment *segment)
{
	unsigned char *ours = xmalloc(2 * COPY_CHECK_MAX);
	unsigned char *theirs = ours + COPY_CHECK_MAX;
	ssize_t got_ours, got_theirs;
	int same = 1;

	got_ours = read_start(engine, file->name, file->compressed, ours,
	    COPY_CHECK_MAX);
	got_theirs = read_start(engine, segment->name,
	    segment_compression(segment->name) == SEGMENT_GZIP, theirs,
	    COPY_CHECK_MAX);
	if (got_ours > 0 && got_theirs > 0)
		same = memcmp(ours, theirs, (size_t)(got_ours < got_theirs ?
		    got_ours : got_theirs)) == 0;
	free(ours);
	return same;
}

/* Returns 1 if the segment at INDEX was not matched in this scan, and
 * FILE starts with its content and holds at least up to its offset (or
 * is a copy of it made before that), or a worker is still reading it from
 * its old file; a plain FILE must have a line end before that offset, as
 * the segment's content does. With WANT_LIVE, if it was matched (live)
 * instead, and
 * FILE may be a copy of it, whole or in the making: not longer (a longer
 * file that merely starts the same way is a new one), and the same bytes
 * over its first COPY_CHECK_MAX. */
static int
content_fits(struct engine *engine, const struct match *match,
    struct scanned *file, size_t index, int want_live)
{
	const struct segment *segment = engine->segments[index];

	if (match->matched[index] != want_live ||
	    segment->id.fingerprint_bytes == 0 ||
	    !segment_matches(segment, &file->head))
		return 0;
	if (want_live)
		return (file->compressed || file->size <= segment->size ||
		    file->size <= live_size(engine, segment)) &&
		    same_start(engine, file, segment);
	return segment->state == SEGMENT_PROCESSING ||
	    (long_enough(engine, file, segment->offset) && (file->compressed ||
	    line_end_before(engine, file->name, segment->offset))) ||
	    copied_before_read(file, segment);
}

/* Returns the index of the first segment of the table that fits FILE
 * (content_fits), or -1. Only the segments whose fingerprint FILE starts
 * with are looked at. */
static ssize_t
find_by_content(struct engine *engine, const struct match *match,
    struct scanned *file, int want_live)
{
	const struct fingerprints *table = &match->fingerprints;
	ssize_t best = -1;
	size_t i, cursor, index;
	uint32_t bytes;
	uint64_t hash;

	for (i = 0; i < table->length_count; i++) {
		if ((bytes = table->lengths[i]) > file->head.length)
			break;
		hash = segment_hash(file->head.bytes, bytes);
		for (cursor = 0; fingerprints_next(table, bytes, hash, &cursor,
		    &index);) {
			if ((best < 0 || index < (size_t)best) &&
			    index < engine->segment_count &&
			    content_fits(engine, match, file, index, want_live))
				best = (ssize_t)index;
		}
	}
	return best;
}

/* Adds the segment at INDEX to the fingerprints, if its fingerprint is
 * not the one it had (BEFORE). */
static void
index_fingerprint(struct engine *engine, struct match *match, size_t index,
    const struct segment_id *before)
{
	const struct segment_id *id = &engine->segments[index]->id;

	if (id->fingerprint_bytes > 0 && (before == NULL ||
	    id->fingerprint_bytes != before->fingerprint_bytes ||
	    id->fingerprint != before->fingerprint))
		fingerprints_add(&match->fingerprints, id->fingerprint_bytes,
		    id->fingerprint, index);
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
	    listing_mtime_ns(&file->st);
	return age < interval && age > -interval;
}

/* Returns the scanned file named exactly as the pattern, or NULL. */
static struct scanned *
active_file(const struct engine *engine, struct match *match)
{
	size_t i;

	for (i = 0; i < match->listing->count; i++) {
		if (strcmp(match->listing->files[i].name, engine->config.pattern) == 0)
			return &match->listing->files[i];
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
find_partial_copy(struct engine *engine, struct match *match,
    const struct scanned *file)
{
	struct scanned *active;

	if (engine->config.once || file->compressed || !fresh(engine, file))
		return NULL;
	if ((active = match->active) == NULL ||
	    active->segment == NULL ||
	    file->head.length >= active->segment->id.fingerprint_bytes)
		return NULL;
	if (active->head_skipped) {
		if (listing_read_head(engine, active->name, active) != HEAD_READ)
			return NULL;
		active->head_skipped = 0;
	}
	if (active->head.length < file->head.length ||
	    memcmp(active->head.bytes, file->head.bytes, file->head.length) != 0)
		return NULL;
	return active->segment;
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

/* Step 3: FILE is a new segment, read from its start. */
static void
add_new(struct engine *engine, struct match *match, struct scanned *file)
{
	struct segment_id id = { 0 };
	struct segment *segment = segment_new(file->name, &id);

	engine_add_segment(engine, segment);
	engine->dirty = 1;
	match->matched[engine->segment_count - 1] = 1;
	bind_file(engine, match, segment, file);
	segment->stable = 0;
	index_fingerprint(engine, match, engine->segment_count - 1, NULL);
}

/* Steps 2 and 3 for FILE, which no inode matched: it continues a segment
 * whose content moved, is a copy of a live segment (skipped), or is new.
 * Returns 0, or an errno value when its head could not be read for want
 * of memory or descriptors. */
static int
match_content(struct engine *engine, struct match *match, struct scanned *file)
{
	struct segment_id before;
	struct segment *segment;
	enum head_result result;
	ssize_t index;

	/* Read again: a file whose segment went since the listing, and one
	 * too short then to be known by: a copy being made may have its
	 * content now (the scan may have seen it empty, then its original
	 * truncated, which copytruncate does once the copy is whole). */
	if (file->head_skipped || (!file->compressed &&
	    file->head.length < SEGMENT_FINGERPRINT_MAX)) {
		result = listing_read_head(engine, file->name, file);
		if (result != HEAD_READ)
			return result != HEAD_NOT_GZIP &&
			    engine_lacks_resources(errno) ? errno : 0;
		file->head_skipped = 0;
	}
	if (file->unreadable)
		add_new(engine, match, file);
	else if ((index = find_by_content(engine, match, file, 0)) >= 0) {
		segment = engine->segments[index];
		if (segment->state == SEGMENT_PROCESSING)
			return 0;	/* read on from its old file first */
		report_moved(engine, segment, file);
		continue_in_copy(engine, segment, file);
		segment_rename(segment, file->name);	/* reported: not a rename */
		segment->retired = 0;
		engine->dirty = 1;
		before = segment->id;
		bind_file(engine, match, segment, file);
		match->matched[index] = 1;
		index_fingerprint(engine, match, (size_t)index, &before);
	} else if (file->head.length > 0 &&
	    (index = find_by_content(engine, match, file, 1)) >= 0) {
		if (!file->compressed)	/* else logrotate compressing */
			warn_copy(engine, file->name,
			    engine->segments[index]->name);
	} else if (file->head.length > 0 &&
	    (segment = find_partial_copy(engine, match, file)) != NULL)
		warn_copy(engine, file->name, segment->name);
	else if (file->head.length > 0)	/* else nothing to know it by yet */
		add_new(engine, match, file);
	return 0;
}

/* Steps 2 and 3 for every file no inode matched, the active file first:
 * copytruncate copies it, and a copy, older by its time than the active
 * file written since, must find it live to be known for a copy (on a
 * first run, neither is in the table). Returns 0 or an errno value, as
 * match_content. */
static int
match_contents(struct engine *engine, struct match *match)
{
	struct scanned *active, *file;
	size_t i;
	int error = 0;

	match->active = active = active_file(engine, match);
	fingerprints_init(&match->fingerprints, engine->segment_count);
	for (i = 0; i < engine->segment_count; i++)
		index_fingerprint(engine, match, i, NULL);

	if (active != NULL && active->segment == NULL)
		error = match_content(engine, match, active);
	for (i = 0; i < match->listing->count && error == 0; i++) {
		file = &match->listing->files[i];
		if (file != active && file->segment == NULL)
			error = match_content(engine, match, file);
	}
	fingerprints_free(&match->fingerprints);
	return error;
}

/* Handles a segment no file matched: gone for good after MISSING_SCANS
 * scans, whether its file was deleted or its inode rewritten (its
 * content may have moved to a file a racing listing missed: logrotate
 * compressing it, as ext4 hands its inode to the next new file). A
 * listing the directory changed under does not count. Returns 1 if the
 * segment was removed from the table. */
static int
handle_unmatched(struct engine *engine, const struct match *match,
    size_t index)
{
	struct segment *segment = engine->segments[index];
	uint64_t unread = segment->size > segment->offset ?
	    segment->size - segment->offset : 0;

	segment->present = 0;
	if (segment->state == SEGMENT_PROCESSING || match->listing->disturbed ||
	    ++segment->missing_scans < MISSING_SCANS)
		return 0;
	if (segment->state == SEGMENT_FAILED && segment->id.inode == 0)
		return 0;
	engine->dirty = 1;
	if (segment->state == SEGMENT_COMPLETE || unread == 0) {
		engine_remove_segment(engine, index);
		return 1;
	}
	segment->lost_bytes = unread;
	segment_fail(segment, segment->retired ?
	    _("truncated or replaced before it was read to the end") :
	    _("deleted before it was read to the end"));
	engine_event(engine, ENGINE_WARNING, _("%s: %s; %llu bytes lost"),
	    segment->name, segment->reason, (unsigned long long)unread);
	segment->retired = 0;
	segment->id.inode = segment->id.device = 0;
	return 0;
}

/* Reports each skipped file once per run; lock held. */
static void
report_skipped(struct engine *engine, const struct listing *listing)
{
	const struct skipped *skipped;
	size_t i;

	for (i = 0; i < listing->skipped_count; i++) {
		skipped = &listing->skipped[i];
		if (first_warning(engine, skipped->name))
			engine_event(engine, ENGINE_WARNING, _("%s: skipped: %s"),
			    skipped->name, skipped->why);
	}
}

/* Matches LISTING with the table; lock held. Returns 0, or an errno value
 * if a file could not be looked at for want of memory or descriptors
 * (the unmatched segments are then left alone). A file that could not be
 * read stops the run instead, as a read error in a worker does: the scan
 * does not know what it is, and must not take its segment for gone. */
int
match_listing(struct engine *engine, struct listing *listing)
{
	struct match match = { .listing = listing };
	size_t i;
	int error;

	if (listing->unreadable != NULL) {
		engine_fail(engine, _("%s: %s"), listing->unreadable,
		    strerror(listing->read_error));
		return 0;
	}
	report_skipped(engine, listing);
	match.matched = xcalloc(engine->segment_count + listing->count + 1, 1);
	match_inodes(engine, &match);
	if ((error = match_contents(engine, &match)) == 0) {
		report_rewritten(engine, &match);
		if (match.renamed > RENAMES_REPORTED)
			engine_event(engine, ENGINE_INFO, _("and %zu more segments "
			    "renamed"), match.renamed - RENAMES_REPORTED);
		for (i = engine->segment_count; i > 0; i--) {
			if (!match.matched[i - 1])
				handle_unmatched(engine, &match, i - 1);
		}
	}
	free(match.matched);
	free(match.rewritten);
	return error;
}
