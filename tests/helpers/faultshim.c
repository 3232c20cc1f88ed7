/* faultshim.c: an LD_PRELOAD object that makes chosen I/O calls on one
 * file fail, as a full or failing disk would, for tests/cli/run-faults.sh:
 *   LD_PRELOAD=tests/helpers/faultshim.so FAULTSHIM_PATH=out.ndjson \
 *       FAULTSHIM_OPS=write FAULTSHIM_ERRNO=ENOSPC logproc run ...
 * It is driven by these environment variables; without FAULTSHIM_PATH
 * and FAULTSHIM_OPS it changes nothing.
 *
 * FAULTSHIM_PATH    the file to hit: a descriptor is watched when the path
 *                   it was opened with (open, openat, creat and their 64
 *                   forms), as given, ends with this text; dup, dup2 and
 *                   dup3 copy the watch, close ends it.
 * FAULTSHIM_OPS     the operations that fail, separated by commas:
 *                   read (read), pread (pread), write (write), pwrite
 *                   (pwrite), fsync, fdatasync, open (opening the file
 *                   fails), rename (either name is the file's), or all.
 * FAULTSHIM_ERRNO   the error: EIO (the default), ENOSPC, EDQUOT, EACCES,
 *                   EROFS, or a number.
 * FAULTSHIM_OFFSET  for read, pread, write and pwrite: the file offset at
 *                   which the medium fails (default 0). Bytes before it
 *                   are transferred, so a call that crosses it comes back
 *                   short, as at the edge of a full disk or a bad sector;
 *                   a call at or past it fails.
 * FAULTSHIM_AFTER   how many calls of those operations on the file go
 *                   through untouched before the faults start (default 0).
 * FAULTSHIM_WHILE   a path: faults happen only while it exists, so that a
 *                   test ends them (space returns) by removing it.
 * FAULTSHIM_LOG     a file to which every fault injected appends a line
 *                   "OP PATH ERRNO-NUMBER", so that a test knows it hit.
 *
 * Like the libc functions it stands in for, it is safe to call from many
 * threads. It does not include config.h: it defines libc's own names and
 * must see their plain declarations, not the large-file renames. */
#define _GNU_SOURCE
#undef _FORTIFY_SOURCE		/* its inline read() would clash with ours */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define WATCH_MAX 65536		/* descriptors beyond are never watched */

enum op {
	OP_READ = 1 << 0,
	OP_PREAD = 1 << 1,
	OP_WRITE = 1 << 2,
	OP_PWRITE = 1 << 3,
	OP_FSYNC = 1 << 4,
	OP_FDATASYNC = 1 << 5,
	OP_OPEN = 1 << 6,
	OP_RENAME = 1 << 7
};

static const struct {
	const char *name;
	int op;
} op_names[] = {
	{ "read", OP_READ }, { "pread", OP_PREAD }, { "write", OP_WRITE },
	{ "pwrite", OP_PWRITE }, { "fsync", OP_FSYNC },
	{ "fdatasync", OP_FDATASYNC }, { "open", OP_OPEN },
	{ "rename", OP_RENAME }, { "all", ~0 }
};

static const struct {
	const char *name;
	int number;
} errno_names[] = {
	{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EDQUOT", EDQUOT },
	{ "EACCES", EACCES }, { "EROFS", EROFS }
};

/* The settings, read once from the environment. */
static struct {
	const char *path;
	int ops;
	int error;
	long long offset;
	unsigned long after;
	const char *while_path;
	const char *log_path;
} config;
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static unsigned char watched[WATCH_MAX];	/* atomic: 1 if watched */
static unsigned long calls;			/* atomic: calls counted */

/* libc's functions, found on first use. */
static void *real_open, *real_openat, *real_creat, *real_close;
static void *real_dup, *real_dup2, *real_dup3;
static void *real_read, *real_pread, *real_write, *real_pwrite;
static void *real_pread64, *real_pwrite64;
static void *real_fsync, *real_fdatasync, *real_rename, *real_renameat;

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*creat_fn)(const char *, mode_t);
typedef int (*fd_fn)(int);
typedef int (*dup2_fn)(int, int);
typedef int (*dup3_fn)(int, int, int);
typedef ssize_t (*read_fn)(int, void *, size_t);
typedef ssize_t (*pread_fn)(int, void *, size_t, off_t);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
#ifdef __GLIBC__
typedef ssize_t (*pread64_fn)(int, void *, size_t, off64_t);
typedef ssize_t (*pwrite64_fn)(int, const void *, size_t, off64_t);
#endif
typedef int (*rename_fn)(const char *, const char *);
typedef int (*renameat_fn)(int, const char *, int, const char *);

/* Returns the next definition of NAME after this object's, found once
 * and kept in *SLOT. */
static void *
next(void **slot, const char *name)
{
	void *function = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

	if (function == NULL) {
		function = dlsym(RTLD_NEXT, name);
		if (function == NULL)
			abort();
		__atomic_store_n(slot, function, __ATOMIC_RELEASE);
	}
	return function;
}

/* Returns the operations named in the comma-separated LIST. */
static int
parse_ops(const char *list)
{
	size_t length, i;
	int ops = 0;

	while (*list != '\0') {
		length = strcspn(list, ",");
		for (i = 0; i < sizeof op_names / sizeof op_names[0]; i++) {
			if (strlen(op_names[i].name) == length &&
			    strncmp(op_names[i].name, list, length) == 0)
				ops |= op_names[i].op;
		}
		list += length;
		if (*list == ',')
			list++;
	}
	return ops;
}

/* Returns the errno called NAME (or written as a number); EIO if NULL. */
static int
parse_errno(const char *name)
{
	size_t i;

	if (name == NULL)
		return EIO;
	for (i = 0; i < sizeof errno_names / sizeof errno_names[0]; i++) {
		if (strcmp(errno_names[i].name, name) == 0)
			return errno_names[i].number;
	}
	return atoi(name) > 0 ? atoi(name) : EIO;
}

static void
load_config(void)
{
	const char *value;

	config.path = getenv("FAULTSHIM_PATH");
	if (config.path != NULL && *config.path == '\0')
		config.path = NULL;
	value = getenv("FAULTSHIM_OPS");
	config.ops = value != NULL ? parse_ops(value) : 0;
	config.error = parse_errno(getenv("FAULTSHIM_ERRNO"));
	value = getenv("FAULTSHIM_OFFSET");
	config.offset = value != NULL ? strtoll(value, NULL, 10) : 0;
	value = getenv("FAULTSHIM_AFTER");
	config.after = value != NULL ? strtoul(value, NULL, 10) : 0;
	config.while_path = getenv("FAULTSHIM_WHILE");
	config.log_path = getenv("FAULTSHIM_LOG");
}

/* Returns 1 if OP on the file is to be hit at all. */
static int
targets(int op)
{
	pthread_once(&config_once, load_config);
	return config.path != NULL && (config.ops & op) != 0;
}

/* Returns 1 if PATH names the file: it ends with FAULTSHIM_PATH. */
static int
matches(const char *path)
{
	size_t length, suffix;

	pthread_once(&config_once, load_config);
	if (config.path == NULL || path == NULL)
		return 0;
	length = strlen(path);
	suffix = strlen(config.path);
	return length >= suffix && strcmp(path + length - suffix,
	    config.path) == 0;
}

static int
is_watched(int fd)
{
	return fd >= 0 && fd < WATCH_MAX &&
	    __atomic_load_n(&watched[fd], __ATOMIC_RELAXED) != 0;
}

/* Watches FD, or stops watching it; returns FD. */
static int
watch(int fd, int on)
{
	if (fd >= 0 && fd < WATCH_MAX)
		__atomic_store_n(&watched[fd], on ? 1 : 0, __ATOMIC_RELAXED);
	return fd;
}

/* Appends "OP PATH ERRNO" to the log, if there is one. */
static void
log_fault(const char *op)
{
	char line[512];
	int fd, length;

	if (config.log_path == NULL)
		return;
	length = snprintf(line, sizeof line, "%s %s %d\n", op, config.path,
	    config.error);
	fd = ((open_fn)next(&real_open, "open"))(config.log_path,
	    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (length > 0 && (size_t)length < sizeof line)
		(void)((write_fn)next(&real_write, "write"))(fd, line,
		    (size_t)length);
	((fd_fn)next(&real_close, "close"))(fd);
}

/* Counts a call on the file; returns 1 if it is to be hit: the faults
 * are on (FAULTSHIM_WHILE) and FAULTSHIM_AFTER calls went through. */
static int
armed(void)
{
	if (config.while_path != NULL && access(config.while_path, F_OK) != 0)
		return 0;
	return __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED) >= config.after;
}

/* Decides a call of OP (OP_READ, OP_WRITE...) of LENGTH bytes at file
 * offset AT on FD. Returns how many bytes may go through: LENGTH when
 * untouched, fewer when the call crosses FAULTSHIM_OFFSET, or -1 when
 * it fails (errno set, the fault logged). */
static ssize_t
allowed(const char *name, int op, int fd, size_t length, long long at)
{
	if (!is_watched(fd) || !targets(op) || !armed())
		return (ssize_t)length;
	if (at < config.offset && length > 0) {
		if ((unsigned long long)(config.offset - at) < length)
			return (ssize_t)(config.offset - at);
		return (ssize_t)length;
	}
	log_fault(name);
	errno = config.error;
	return -1;
}

/* Returns the offset at which read() or write() on FD works. */
static off_t
position(int fd, int writing)
{
	struct stat st;
	int flags = fcntl(fd, F_GETFL);

	if (writing && flags >= 0 && (flags & O_APPEND) != 0 &&
	    fstat(fd, &st) == 0)
		return st.st_size;
	return lseek(fd, 0, SEEK_CUR);
}

/* Returns 0 if opening PATH may go on, or -1 with errno. */
static int
may_open(const char *path)
{
	if (!matches(path) || !targets(OP_OPEN) || !armed())
		return 0;
	log_fault("open");
	errno = config.error;
	return -1;
}

/* Returns the mode argument of an open with FLAGS, from AP. */
static mode_t
open_mode(int flags, va_list ap)
{
	if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE)
		return (mode_t)va_arg(ap, int);
	return 0;
}

/* The stand-ins for libc's functions: each watches the descriptors it
 * makes or ends, and fails when a fault is due; otherwise it is libc's. */
int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	if (may_open(path) != 0)
		return -1;
	return watch(((open_fn)next(&real_open, "open"))(path, flags, mode),
	    matches(path));
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	if (may_open(path) != 0)
		return -1;
	return watch(((openat_fn)next(&real_openat, "openat"))(dirfd, path,
	    flags, mode), matches(path));
}

int
creat(const char *path, mode_t mode)
{
	if (may_open(path) != 0)
		return -1;
	return watch(((creat_fn)next(&real_creat, "creat"))(path, mode),
	    matches(path));
}

int
close(int fd)
{
	watch(fd, 0);
	return ((fd_fn)next(&real_close, "close"))(fd);
}

int
dup(int fd)
{
	int copy = ((fd_fn)next(&real_dup, "dup"))(fd);

	return copy >= 0 ? watch(copy, is_watched(fd)) : copy;
}

int
dup2(int fd, int copy)
{
	int result = ((dup2_fn)next(&real_dup2, "dup2"))(fd, copy);

	return result >= 0 ? watch(result, is_watched(fd)) : result;
}

int
dup3(int fd, int copy, int flags)
{
	int result = ((dup3_fn)next(&real_dup3, "dup3"))(fd, copy, flags);

	return result >= 0 ? watch(result, is_watched(fd)) : result;
}

ssize_t
read(int fd, void *buf, size_t length)
{
	ssize_t go = (ssize_t)length;

	if (is_watched(fd))
		go = allowed("read", OP_READ, fd, length, position(fd, 0));
	if (go < 0)
		return -1;
	return ((read_fn)next(&real_read, "read"))(fd, buf, (size_t)go);
}

ssize_t
pread(int fd, void *buf, size_t length, off_t at)
{
	ssize_t go = allowed("pread", OP_PREAD, fd, length, at);

	if (go < 0)
		return -1;
	return ((pread_fn)next(&real_pread, "pread"))(fd, buf, (size_t)go, at);
}

ssize_t
write(int fd, const void *buf, size_t length)
{
	ssize_t go = (ssize_t)length;

	if (is_watched(fd))
		go = allowed("write", OP_WRITE, fd, length, position(fd, 1));
	if (go < 0)
		return -1;
	return ((write_fn)next(&real_write, "write"))(fd, buf, (size_t)go);
}

ssize_t
pwrite(int fd, const void *buf, size_t length, off_t at)
{
	ssize_t go = allowed("pwrite", OP_PWRITE, fd, length, at);

	if (go < 0)
		return -1;
	return ((pwrite_fn)next(&real_pwrite, "pwrite"))(fd, buf, (size_t)go,
	    at);
}

int
fsync(int fd)
{
	if (allowed("fsync", OP_FSYNC, fd, 0, 0) < 0)
		return -1;
	return ((fd_fn)next(&real_fsync, "fsync"))(fd);
}

int
fdatasync(int fd)
{
	if (allowed("fdatasync", OP_FDATASYNC, fd, 0, 0) < 0)
		return -1;
	return ((fd_fn)next(&real_fdatasync, "fdatasync"))(fd);
}

/* Returns 0 if renaming FROM to TO may go on, or -1 with errno. */
static int
may_rename(const char *from, const char *to)
{
	if ((!matches(from) && !matches(to)) || !targets(OP_RENAME) ||
	    !armed())
		return 0;
	log_fault("rename");
	errno = config.error;
	return -1;
}

int
rename(const char *from, const char *to)
{
	if (may_rename(from, to) != 0)
		return -1;
	return ((rename_fn)next(&real_rename, "rename"))(from, to);
}

int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	if (may_rename(from, to) != 0)
		return -1;
	return ((renameat_fn)next(&real_renameat, "renameat"))(fromfd, from,
	    tofd, to);
}

#ifdef __GLIBC__
/* glibc's other names for the same calls: the large-file forms (the
 * same functions on 64-bit systems, but a program may call them by these
 * names) and the _FORTIFY_SOURCE checked forms. */
ssize_t __read_chk(int, void *, size_t, size_t);
ssize_t __pread_chk(int, void *, size_t, off_t, size_t);
ssize_t __pread64_chk(int, void *, size_t, off64_t, size_t);

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return open(path, flags | O_LARGEFILE, mode);
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return openat(dirfd, path, flags | O_LARGEFILE, mode);
}

int
creat64(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_LARGEFILE, mode);
}

ssize_t
pread64(int fd, void *buf, size_t length, off64_t at)
{
	ssize_t go = allowed("pread", OP_PREAD, fd, length, at);

	if (go < 0)
		return -1;
	return ((pread64_fn)next(&real_pread64, "pread64"))(fd, buf,
	    (size_t)go, at);
}

ssize_t
pwrite64(int fd, const void *buf, size_t length, off64_t at)
{
	ssize_t go = allowed("pwrite", OP_PWRITE, fd, length, at);

	if (go < 0)
		return -1;
	return ((pwrite64_fn)next(&real_pwrite64, "pwrite64"))(fd, buf,
	    (size_t)go, at);
}

ssize_t
__read_chk(int fd, void *buf, size_t length, size_t size)
{
	if (length > size)
		abort();
	return read(fd, buf, length);
}

ssize_t
__pread_chk(int fd, void *buf, size_t length, off_t at, size_t size)
{
	if (length > size)
		abort();
	return pread(fd, buf, length, at);
}

ssize_t
__pread64_chk(int fd, void *buf, size_t length, off64_t at, size_t size)
{
	if (length > size)
		abort();
	return pread64(fd, buf, length, at);
}
#endif
