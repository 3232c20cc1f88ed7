/* scanner.c: the scanner thread. It scans the log directory (a listing,
 * listing.c, matched with the table, match.c) when the directory changes,
 * as inotify tells where it exists, or the scan interval passes; between
 * scans, a write to a file only takes its new size. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYS_INOTIFY_H
#include <sys/inotify.h>
#endif

#include "common/i18n.h"
#include "engine/engine-int.h"
#include "engine/listing.h"
#include "engine/match.h"

#define MIN_SCAN_GAP_MS 20	/* after a change event, scan at most this often */

/* Scans the log directory once and wakes the workers. A directory that
 * cannot be listed whole fails the engine: taking the files not seen for
 * gone would lose their unread lines. A listing the directory changed
 * under is followed by another soon enough: inotify reports the change,
 * or the scan interval passes. */
void
scanner_scan(struct engine *engine)
{
	struct listing listing;
	int error;

	memset(&listing, 0, sizeof listing);
	pthread_mutex_lock(&engine->lock);
	listing_know(engine, &listing);
	pthread_mutex_unlock(&engine->lock);
	error = listing_list(engine, &listing) != 0 ? errno : 0;
	pthread_mutex_lock(&engine->lock);
	if (error == 0 && !listing.stopped)
		error = match_listing(engine, &listing);
	engine_segments_changed(engine);	/* a scan may change any */
	if (error != 0)
		engine_fail(engine, _("log directory %s: %s"),
		    engine->config.logs_dir, strerror(error));
	pthread_cond_broadcast(&engine->work_cond);
	pthread_mutex_unlock(&engine->lock);
	listing_free(&listing);
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
			else if (listing_of_pattern(event->name, engine->config.pattern))
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
	    segment->mtime_ns != listing_mtime_ns(st)) {
		segment->size = (uint64_t)st->st_size;
		segment->stable = 0;
		engine_segment_changed(engine, segment);
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
		    refresh_written(engine, &wakeup) == 0) {
			engine_detect_schema(engine);	/* lines just written */
			continue;
		}
		scanner_scan(engine);
		engine_detect_schema(engine);
		last_scan = now_ns;
	}
	return NULL;
}
