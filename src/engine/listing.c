/* listing.c: lists the log directory for a scan, without the engine's
 * lock. The names come first, all of them, then each file is looked at:
 * a name renamed or a file created meanwhile may be missed or seen
 * twice, as readdir allows, so the directory's times are compared
 * before and after, and a listing it changed under is marked disturbed:
 * its absences prove nothing (match.c). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_STATX
#include <sys/sysmacros.h>
#endif

#include "common/i18n.h"
#include "common/xmalloc.h"
#include "engine/ckpt.h"
#include "engine/engine-int.h"
#include "engine/listing.h"
#include "engine/reader.h"

#define GZIP_MIN_SIZE 18	/* a gzip header and trailer */
#define STOP_CHECK_EVERY 1024	/* files looked at between stop checks */

void (*listing_hook)(void);
int64_t (*listing_clock)(void);

int64_t
listing_mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static int64_t
ctime_ns(const struct stat *st)
{
	return (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

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
 * for this scan instead. A file the process may not open is noted in
 * FILE->unreadable, with an empty head. */
enum head_result
listing_read_head(struct engine *engine, const char *name,
    struct scanned *file)
{
	enum head_result result;
	struct stat st;
	int fd, error;

	file->unreadable = 0;
	fd = openat(engine->dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EPERM)) {
		file->unreadable = errno;
		file->head.length = 0;
		file->head.hashed_bytes = 0;
		file->size = (uint64_t)file->st.st_size;
		return HEAD_READ;
	}
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
skip(struct listing *listing, const char *name, const char *why)
{
	listing->skipped = xreallocarray(listing->skipped,
	    listing->skipped_count + 1, sizeof *listing->skipped);
	listing->skipped[listing->skipped_count].name = xstrdup(name);
	listing->skipped[listing->skipped_count++].why = why;
}

/* Returns 1 if NAME could belong to PATTERN (the same prefix), so that a
 * file the engine will not read is reported rather than ignored. */
int
listing_of_pattern(const char *name, const char *pattern)
{
	size_t length = strlen(pattern);

	return strncmp(name, pattern, length) == 0 &&
	    (name[length] == '\0' || name[length] == '.' ||
	    name[length] == '-');
}

/* Copies the live segments' files into LISTING's known files; lock held.
 * A failed segment never read (its file could not be opened) is left
 * out: its file is opened again at each scan. */
void
listing_know(struct engine *engine, struct listing *listing)
{
	const struct segment *segment;
	struct known *known;
	size_t i, count = 0;

	listing->known = xreallocarray(NULL, engine->segment_count + 1,
	    sizeof *listing->known);
	inodes_init(&listing->known_inodes, engine->segment_count);
	for (i = 0; i < engine->segment_count; i++) {
		segment = engine->segments[i];
		if (segment->retired || !segment->present ||
		    segment->needs_scan || segment->unreadable)
			continue;
		known = &listing->known[count];
		known->device = segment->id.device;
		known->inode = segment->id.inode;
		known->size = segment->size;
		known->mtime_ns = segment->mtime_ns;
		known->birth_ns = segment->birth_ns;
		known->compressed = segment_compression(segment->name) ==
		    SEGMENT_GZIP;
		inodes_add(&listing->known_inodes, known->device, known->inode,
		    count++);
	}
}

/* Returns 1 if FILE is a file of the table as it was last seen, and then
 * takes its size from there. A compressed file is known by its time
 * alone: its size there is the uncompressed one. */
static int
known_unchanged(const struct listing *listing, struct scanned *file)
{
	const struct known *known;
	size_t at;

	if (!inodes_find(&listing->known_inodes, (uint64_t)file->st.st_dev,
	    (uint64_t)file->st.st_ino, &at))
		return 0;
	known = &listing->known[at];
	if (known->mtime_ns != listing_mtime_ns(&file->st) ||
	    (known->birth_ns != 0 && file->birth_ns != 0 &&
	    known->birth_ns != file->birth_ns) ||
	    known->compressed != file->compressed ||
	    (!file->compressed && known->size != (uint64_t)file->st.st_size))
		return 0;
	file->size = known->size;
	return 1;
}

/* Appends FILE to LISTING, which takes it. */
static void
add_file(struct engine *engine, struct listing *listing,
    struct scanned *file, const char *name)
{
	file->name = xstrdup(name);
	file->pattern = engine->config.pattern;
	if (listing->count == listing->capacity) {
		listing->capacity = listing->capacity * 2 + 64;
		listing->files = xreallocarray(listing->files, listing->capacity,
		    sizeof *listing->files);
	}
	listing->files[listing->count++] = *file;
}

/* Reads FILE's head unless it is as the table last saw it. Returns 1 to
 * add it to the listing, 0 to leave it out, -1 with errno when the
 * process lacks the memory or descriptors to look at it. */
static int
look_at(struct engine *engine, struct listing *listing, const char *name,
    struct scanned *file)
{
	if (known_unchanged(listing, file)) {
		file->head_skipped = 1;
		return 1;
	}
	switch (listing_read_head(engine, name, file)) {
	case HEAD_READ:
		return 1;
	case HEAD_NOT_GZIP:
		skip(listing, name, _("it is not gzip data"));
		return 0;
	case HEAD_FAILED:
		if (engine_lacks_resources(errno))
			return -1;
		if (listing->unreadable == NULL) {
			listing->unreadable = xstrdup(name);
			listing->read_error = errno;
		}
		return 0;
	default:			/* not opened: gone, or no descriptor */
		if (errno == ENOENT)
			listing->disturbed = 1;	/* renamed or deleted since */
		return engine_lacks_resources(errno) ? -1 : 0;
	}
}

/* Stats NAME into FILE, with its birth time where the system gives one
 * (statx): a reused inode number is then known for another file. Returns
 * 0, or -1 with errno. */
static int
stat_entry(struct engine *engine, const char *name, struct scanned *file)
{
#ifdef HAVE_STATX
	struct statx stx;

	if (statx(engine->dirfd, name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS |
	    STATX_BTIME, &stx) == 0) {
		file->st.st_dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
		file->st.st_ino = (ino_t)stx.stx_ino;
		file->st.st_mode = stx.stx_mode;
		file->st.st_size = (off_t)stx.stx_size;
		file->st.st_mtim.tv_sec = (time_t)stx.stx_mtime.tv_sec;
		file->st.st_mtim.tv_nsec = (long)stx.stx_mtime.tv_nsec;
		file->st.st_ctim.tv_sec = (time_t)stx.stx_ctime.tv_sec;
		file->st.st_ctim.tv_nsec = (long)stx.stx_ctime.tv_nsec;
		if ((stx.stx_mask & STATX_BTIME) != 0)
			file->birth_ns = (int64_t)stx.stx_btime.tv_sec *
			    1000000000 + stx.stx_btime.tv_nsec;
		return 0;
	}
	if (errno != ENOSYS)
		return -1;
#endif
	return fstatat(engine->dirfd, name, &file->st, AT_SYMLINK_NOFOLLOW);
}

/* Adds NAME to LISTING if it is a regular file of the pattern; notes the
 * pattern's files that are not (links, directories, FIFOs, devices,
 * names that are not printable UTF-8). Returns 0, or -1 with errno when
 * the process lacks the memory or descriptors to look at the file: the
 * scan would not see it, as if it were gone. */
static int
list_entry(struct engine *engine, struct listing *listing, const char *name)
{
	struct scanned file;
	int added;

	if (!ckpt_name_valid(name, engine->config.pattern)) {
		skip(listing, name, _("its name is not printable UTF-8 text"));
		return 0;
	}
	memset(&file, 0, sizeof file);
	if (stat_entry(engine, name, &file) != 0) {
		if (errno == ENOENT)
			listing->disturbed = 1;
		return engine_lacks_resources(errno) ? -1 : 0;
	}
	if (!S_ISREG(file.st.st_mode)) {
		skip(listing, name, S_ISLNK(file.st.st_mode) ?
		    _("it is a symbolic link") : _("it is not a regular file"));
		return 0;
	}
	switch (segment_compression(name)) {
	case SEGMENT_UNSUPPORTED:
		skip(listing, name, _("it is compressed with a method logproc "
		    "does not read (gzip only)"));
		return 0;
	case SEGMENT_GZIP:
		file.compressed = 1;
		break;
	default:
		break;
	}
	if ((added = look_at(engine, listing, name, &file)) > 0)
		add_file(engine, listing, &file, name);
	return added < 0 ? -1 : 0;
}

/* Orders listed files oldest first, so new segments join the table, and
 * the checkpoint, in age order; files of the same time as their names
 * order them. */
static int
compare_age(const void *a, const void *b)
{
	const struct scanned *left = a, *right = b;
	int64_t lt = listing_mtime_ns(&left->st);
	int64_t rt = listing_mtime_ns(&right->st);

	if (lt != rt)
		return lt < rt ? -1 : 1;
	return segment_name_order(left->name, right->name, left->pattern);
}

/* The names of the pattern in the log directory. */
struct names {
	char **names;
	size_t count, capacity;
};

static void
names_free(struct names *names)
{
	size_t i;

	for (i = 0; i < names->count; i++)
		free(names->names[i]);
	free(names->names);
}

/* Reads the names of the pattern's files into NAMES. Returns 0, or -1
 * with errno if the directory could not be read whole. */
static int
read_names(struct engine *engine, struct names *names)
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
		if (!listing_of_pattern(entry->d_name, engine->config.pattern))
			continue;
		if (names->count == names->capacity) {
			names->capacity = names->capacity * 2 + 64;
			names->names = xreallocarray(names->names,
			    names->capacity, sizeof *names->names);
		}
		names->names[names->count++] = xstrdup(entry->d_name);
	}
	closedir(dir);
	errno = error;
	return error != 0 ? -1 : 0;
}

/* The directory's modification and change times, and the coarse clock
 * when they were taken. */
struct dir_times {
	int64_t mtime_ns, ctime_ns, taken_ns;
};

/* Returns the coarse clock's time, which the file times are of, in ns;
 * listing_clock's, when the tests set it. */
static int64_t
coarse_now_ns(void)
{
	struct timespec now;

	if (listing_clock != NULL)
		return listing_clock();
	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* Reads the log directory's times into TIMES; returns 0 or -1. */
static int
dir_times(struct engine *engine, struct dir_times *times)
{
	struct stat st;

	times->taken_ns = coarse_now_ns();
	if (fstat(engine->dirfd, &st) != 0)
		return -1;
	times->mtime_ns = listing_mtime_ns(&st);
	times->ctime_ns = ctime_ns(&st);
	return 0;
}

/* Returns the latest of the times in TIMES. */
static int64_t
latest(const struct dir_times *times)
{
	return times->mtime_ns > times->ctime_ns ? times->mtime_ns :
	    times->ctime_ns;
}

/* Reads the log directory's times into TIMES before a listing. A
 * directory changed within the current clock tick could change again in
 * it, during the listing, and keep its times: the tick is let pass
 * first. Returns 0 or -1. */
static int
times_before(struct engine *engine, struct dir_times *times)
{
	struct timespec tick;
	int64_t tick_ns = 10000000;

	if (dir_times(engine, times) != 0)
		return -1;
	if (clock_getres(CLOCK_REALTIME_COARSE, &tick) == 0)
		tick_ns = (int64_t)tick.tv_sec * 1000000000 + tick.tv_nsec;
	if (latest(times) < times->taken_ns ||
	    latest(times) > times->taken_ns + tick_ns)
		return 0;		/* settled, or in the future */
	poll(NULL, 0, (int)(tick_ns / 1000000) + 1);
	return dir_times(engine, times);
}

/* Returns 1 if the directory may have changed while it was listed: its
 * times moved, or they are of the clock tick the listing began in (a
 * change later in that tick would leave them as they were) or later,
 * unless an earlier listing saw them as they are (a directory whose
 * time is in the future changes it with any change). */
static int
listing_raced(struct engine *engine, const struct dir_times *before,
    const struct dir_times *after)
{
	if (before->mtime_ns != after->mtime_ns ||
	    before->ctime_ns != after->ctime_ns)
		return 1;
	if (latest(before) < before->taken_ns)
		return 0;
	return engine->listed_mtime_ns != before->mtime_ns ||
	    engine->listed_ctime_ns != before->ctime_ns;
}

/* Returns 1 if the engine is stopping; takes the lock. */
static int
stopping(struct engine *engine)
{
	int result;

	pthread_mutex_lock(&engine->lock);
	result = engine->stopping;
	pthread_mutex_unlock(&engine->lock);
	return result;
}

/* Lists the directory into LISTING, without the lock. Returns 0, or -1
 * with errno if it could not be listed whole. A stop cuts the listing
 * short (LISTING->stopped): a scan of 100,000 files takes seconds, and a
 * stop must be prompt; such a listing is not matched. */
int
listing_list(struct engine *engine, struct listing *listing)
{
	struct dir_times before, after;
	struct names names = { 0 };
	int error = 0, timed;
	size_t i;

	timed = times_before(engine, &before) == 0;
	if (read_names(engine, &names) != 0)
		error = errno;
	if (listing_hook != NULL)
		listing_hook();
	for (i = 0; i < names.count && error == 0; i++) {
		if (i % STOP_CHECK_EVERY == STOP_CHECK_EVERY - 1 &&
		    stopping(engine)) {
			listing->stopped = 1;
			break;
		}
		if (list_entry(engine, listing, names.names[i]) != 0)
			error = errno;
	}
	names_free(&names);
	if (!timed || dir_times(engine, &after) != 0 ||
	    listing_raced(engine, &before, &after))
		listing->disturbed = 1;
	if (timed) {
		engine->listed_mtime_ns = before.mtime_ns;
		engine->listed_ctime_ns = before.ctime_ns;
	}
	if (listing->count > 1)
		qsort(listing->files, listing->count, sizeof *listing->files,
		    compare_age);
	errno = error;
	return error != 0 ? -1 : 0;
}

/* Frees what LISTING holds. */
void
listing_free(struct listing *listing)
{
	size_t i;

	for (i = 0; i < listing->count; i++)
		free(listing->files[i].name);
	free(listing->files);
	for (i = 0; i < listing->skipped_count; i++)
		free(listing->skipped[i].name);
	free(listing->skipped);
	free(listing->unreadable);
	free(listing->known);
	inodes_free(&listing->known_inodes);
}
