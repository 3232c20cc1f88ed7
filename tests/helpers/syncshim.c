/* syncshim.c: an LD_PRELOAD library that journals every change a
 * process makes under one directory, for crashreplay to rebuild what a
 * power loss would leave. Set SYNCSHIM_ROOT to the directory and
 * SYNCSHIM_JOURNAL to the journal file (appended to; it must lie outside
 * the root). Only calls that succeed are journaled, each in the order
 * the calls happened: a lock is held across the call and its record.
 *
 * The journal is a sequence of records, each a header line of words
 * separated by spaces, then the bytes its lengths announce:
 *
 *	start PID			a process starts: no descriptor is open
 *	open FD FLAGS LEN		PATH (FLAGS in hexadecimal)
 *	close FD
 *	dup FD NEWFD
 *	write FD OFFSET LEN		the LEN bytes written at OFFSET
 *	truncate FD SIZE
 *	truncate-path SIZE LEN		PATH
 *	fsync FD
 *	fdatasync FD
 *	sync				sync or syncfs: everything is durable
 *	rename LEN LEN2			PATH, then PATH2
 *	exchange LEN LEN2		PATH, then PATH2 (RENAME_EXCHANGE)
 *	link LEN LEN2			PATH, then PATH2
 *	unlink LEN			PATH
 *	mkdir LEN			PATH
 *	rmdir LEN			PATH
 *	unsupported LEN			what the shim cannot journal
 *
 * PATHs are relative to the root (empty for the root itself), without
 * "." or ".." components; a descriptor is journaled when it is opened
 * on such a path. What cannot be rebuilt is journaled as unsupported (a
 * file renamed or linked in from outside, an O_TMPFILE), or aborts the
 * process (stdio writes under the root, which libc makes through calls
 * no shim sees). Other writers are not seen at all (mmap, fallocate,
 * copy_file_range, fcntl's F_DUPFD): a test should check that the whole
 * journal, replayed, gives the files as they are. Only one process at a
 * time may write a journal. Symbolic links under the root are not
 * followed when paths are made absolute. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define SHIM_MAX_FD 4096	/* descriptors above this are not journaled */

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* The calls the shim wraps, as the next library (libc) defines them. */
static struct {
	int (*open)(const char *, int, ...);
	int (*openat)(int, const char *, int, ...);
	int (*close)(int);
	int (*dup)(int);
	int (*dup2)(int, int);
	int (*dup3)(int, int, int);
	ssize_t (*write)(int, const void *, size_t);
	ssize_t (*pwrite)(int, const void *, size_t, off_t);
	ssize_t (*writev)(int, const struct iovec *, int);
	ssize_t (*pwritev)(int, const struct iovec *, int, off_t);
	int (*ftruncate)(int, off_t);
	int (*truncate)(const char *, off_t);
	int (*fsync)(int);
	int (*fdatasync)(int);
	void (*sync)(void);
	int (*syncfs)(int);
	int (*renameat)(int, const char *, int, const char *);
	int (*renameat2)(int, const char *, int, const char *, unsigned int);
	int (*linkat)(int, const char *, int, const char *, int);
	int (*unlinkat)(int, const char *, int);
	int (*mkdirat)(int, const char *, mode_t);
	FILE *(*fopen)(const char *, const char *);
} real;

static pthread_once_t shim_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t shim_lock = PTHREAD_MUTEX_INITIALIZER;
static char *shim_root;			/* absolute, or NULL: journal nothing */
static int shim_journal = -1;
static unsigned char shim_tracked[SHIM_MAX_FD];	/* 1: journaled */

/* Returns the next definition of NAME; dies if there is none. */
static void *
next_symbol(const char *name)
{
	void *symbol = dlsym(RTLD_NEXT, name);

	if (symbol == NULL) {
		fprintf(stderr, "syncshim: no %s after the shim\n", name);
		abort();
	}
	return symbol;
}

/* Like next_symbol, but NULL if no library defines NAME. */
static void *
next_symbol_optional(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

/* Finds the calls the shim wraps. */
static void
resolve(void)
{
	*(void **)&real.open = next_symbol("open");
	*(void **)&real.openat = next_symbol("openat");
	*(void **)&real.close = next_symbol("close");
	*(void **)&real.dup = next_symbol("dup");
	*(void **)&real.dup2 = next_symbol("dup2");
	*(void **)&real.dup3 = next_symbol("dup3");
	*(void **)&real.write = next_symbol("write");
	*(void **)&real.pwrite = next_symbol("pwrite");
	*(void **)&real.writev = next_symbol("writev");
	*(void **)&real.pwritev = next_symbol("pwritev");
	*(void **)&real.ftruncate = next_symbol("ftruncate");
	*(void **)&real.truncate = next_symbol("truncate");
	*(void **)&real.fsync = next_symbol("fsync");
	*(void **)&real.fdatasync = next_symbol("fdatasync");
	*(void **)&real.sync = next_symbol("sync");
	*(void **)&real.syncfs = next_symbol("syncfs");
	*(void **)&real.renameat = next_symbol("renameat");
	*(void **)&real.renameat2 = next_symbol_optional("renameat2");
	*(void **)&real.linkat = next_symbol("linkat");
	*(void **)&real.unlinkat = next_symbol("unlinkat");
	*(void **)&real.mkdirat = next_symbol("mkdirat");
	*(void **)&real.fopen = next_symbol("fopen");
}

/* Writes all LENGTH bytes of DATA to the journal; dies if it cannot, as
 * a journal with a hole in it would rebuild nonsense. */
static void
journal_out(const void *data, size_t length)
{
	const char *p = data;
	ssize_t written;

	while (length > 0) {
		written = real.write(shim_journal, p, length);
		if (written < 0 && errno == EINTR)
			continue;
		if (written <= 0) {
			fprintf(stderr, "syncshim: cannot write the journal: %s\n",
			    strerror(errno));
			abort();
		}
		p += written;
		length -= (size_t)written;
	}
}

/* Writes a record's header line, printf-style. */
static void __attribute__((format(printf, 1, 2)))
journal_header(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int length;

	va_start(ap, fmt);
	length = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (length < 0 || (size_t)length >= sizeof line - 1)
		abort();
	line[length++] = '\n';
	journal_out(line, (size_t)length);
}

/* Reads the environment, opens the journal and records the start. */
static void
shim_init(void)
{
	const char *root = getenv("SYNCSHIM_ROOT");
	const char *journal = getenv("SYNCSHIM_JOURNAL");
	char resolved[PATH_MAX];
	int saved = errno;

	resolve();
	if (root == NULL || journal == NULL || realpath(root, resolved) == NULL) {
		errno = saved;
		return;
	}
	shim_journal = real.open(journal, O_WRONLY | O_CREAT | O_APPEND |
	    O_CLOEXEC, 0644);
	if (shim_journal < 0) {
		fprintf(stderr, "syncshim: %s: %s\n", journal, strerror(errno));
		abort();
	}
	shim_root = strdup(resolved);
	journal_header("start %ld", (long)getpid());
	errno = saved;
}

/* Makes sure shim_init has run, once, whichever call comes first. */
static void
init(void)
{
	pthread_once(&shim_once, shim_init);
}

/* Returns 1 if FD's changes are journaled. Read without the lock: a
 * descriptor's flag only changes while it is opened or closed. */
static int
tracked(int fd)
{
	if (fd < 0 || fd >= SHIM_MAX_FD)
		return 0;
	return __atomic_load_n(&shim_tracked[fd], __ATOMIC_RELAXED);
}

static void
set_tracked(int fd, int on)
{
	if (fd >= 0 && fd < SHIM_MAX_FD)
		__atomic_store_n(&shim_tracked[fd], (unsigned char)on,
		    __ATOMIC_RELAXED);
}

/* Appends the LENGTH bytes of COMPONENT to the absolute path PATH (of
 * *USED bytes, PATH_MAX allocated), undoing it for "..", skipping ".".
 * Returns 0, or -1 if too long. */
static int
append_component(char *path, size_t *used, const char *component,
    size_t length)
{
	char *slash;

	if (length == 0 || (length == 1 && component[0] == '.'))
		return 0;
	if (length == 2 && component[0] == '.' && component[1] == '.') {
		slash = strrchr(path, '/');
		*used = slash != NULL && slash != path ? (size_t)(slash - path) : 0;
		path[*used] = '\0';
		return 0;
	}
	if (*used + 1 + length + 1 > PATH_MAX)
		return -1;
	path[(*used)++] = '/';
	memcpy(path + *used, component, length);
	*used += length;
	path[*used] = '\0';
	return 0;
}

/* Appends each component of TEXT to PATH (see append_component).
 * Returns 0, or -1 if too long. */
static int
append_path(char *path, size_t *used, const char *text)
{
	const char *p, *end;

	for (p = text; *p != '\0'; p = end) {
		while (*p == '/')
			p++;
		end = p + strcspn(p, "/");
		if (append_component(path, used, p, (size_t)(end - p)) != 0)
			return -1;
	}
	return 0;
}

/* Returns where DIRFD (or the working directory, for AT_FDCWD) is, into
 * BASE (PATH_MAX bytes). Returns 0, or -1. */
static int
base_directory(int dirfd, char *base)
{
	char link[64];
	ssize_t length;

	if (dirfd == AT_FDCWD)
		return getcwd(base, PATH_MAX) != NULL ? 0 : -1;
	snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
	length = readlink(link, base, PATH_MAX - 1);
	if (length < 0)
		return -1;
	base[length] = '\0';
	return 0;
}

/* Sets RELATIVE (PATH_MAX bytes) to PATH, taken from DIRFD, relative to
 * the root. Returns 1 if PATH is the root or under it, 0 if not. */
static int
under_root(int dirfd, const char *path, char *relative)
{
	char absolute[PATH_MAX], base[PATH_MAX];
	const char *p;
	size_t used = 0, root_length;

	if (shim_root == NULL || path == NULL)
		return 0;
	absolute[0] = '\0';
	if (path[0] != '/' && (base_directory(dirfd, base) != 0 ||
	    append_path(absolute, &used, base) != 0))
		return 0;
	if (append_path(absolute, &used, path) != 0)
		return 0;
	root_length = strlen(shim_root);
	if (strcmp(shim_root, "/") == 0)
		root_length = 0;
	if (strncmp(absolute, shim_root, root_length) != 0 ||
	    (absolute[root_length] != '\0' && absolute[root_length] != '/'))
		return 0;
	p = absolute + root_length;
	if (*p == '/')
		p++;
	strcpy(relative, p);
	return 1;
}

/* Records an operation on one path. */
static void
journal_path(const char *op, const char *path)
{
	journal_header("%s %zu", op, strlen(path));
	journal_out(path, strlen(path));
}

/* Records an operation on two paths. */
static void
journal_paths(const char *op, const char *path, const char *path2)
{
	journal_header("%s %zu %zu", op, strlen(path), strlen(path2));
	journal_out(path, strlen(path));
	journal_out(path2, strlen(path2));
}

/* Opens PATH from DIRFD through the real openat, journaling the
 * descriptor if PATH is under the root. */
static int
shim_open(int dirfd, const char *path, int flags, mode_t mode)
{
	char relative[PATH_MAX];
	int fd, saved;

	init();
	if (!under_root(dirfd, path, relative))
		return real.openat(dirfd, path, flags, mode);
	pthread_mutex_lock(&shim_lock);
	fd = real.openat(dirfd, path, flags, mode);
	saved = errno;
	if (fd >= 0 && (flags & O_TMPFILE) == O_TMPFILE)
		journal_path("unsupported", relative);	/* a file without a name */
	else if (fd >= 0) {
		if (fd >= SHIM_MAX_FD) {
			fprintf(stderr, "syncshim: descriptor %d is too high\n", fd);
			abort();
		}
		set_tracked(fd, 1);
		journal_header("open %d %x %zu", fd, (unsigned)flags,
		    strlen(relative));
		journal_out(relative, strlen(relative));
	}
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return fd;
}

/* Returns 1 if an open with FLAGS takes a mode argument. */
static int
needs_mode(int flags)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

int open(const char *, int, ...);
int open64(const char *, int, ...);
int openat(int, const char *, int, ...);
int openat64(int, const char *, int, ...);
int __open_2(const char *, int);
int __open64_2(const char *, int);
int __openat_2(int, const char *, int);
int __openat64_2(int, const char *, int);
int creat64(const char *, mode_t);

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (needs_mode(flags)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return shim_open(AT_FDCWD, path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (needs_mode(flags)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return shim_open(AT_FDCWD, path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (needs_mode(flags)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return shim_open(dirfd, path, flags, mode);
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (needs_mode(flags)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return shim_open(dirfd, path, flags, mode);
}

int
__open_2(const char *path, int flags)
{
	return shim_open(AT_FDCWD, path, flags, 0);
}

int
__open64_2(const char *path, int flags)
{
	return shim_open(AT_FDCWD, path, flags, 0);
}

int
__openat_2(int dirfd, const char *path, int flags)
{
	return shim_open(dirfd, path, flags, 0);
}

int
__openat64_2(int dirfd, const char *path, int flags)
{
	return shim_open(dirfd, path, flags, 0);
}

int
creat(const char *path, mode_t mode)
{
	return shim_open(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int
creat64(const char *path, mode_t mode)
{
	return shim_open(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* Refuses stdio writes under the root: libc writes them through calls
 * the shim cannot see. */
static void
check_stdio(const char *path, const char *mode)
{
	char relative[PATH_MAX];

	if (strpbrk(mode, "wa+") != NULL && under_root(AT_FDCWD, path, relative)) {
		fprintf(stderr, "syncshim: %s: stdio writes are not journaled\n",
		    path);
		abort();
	}
}

FILE *fopen64(const char *, const char *);

FILE *
fopen(const char *path, const char *mode)
{
	init();
	check_stdio(path, mode);
	return real.fopen(path, mode);
}

FILE *
fopen64(const char *path, const char *mode)
{
	init();
	check_stdio(path, mode);
	return real.fopen(path, mode);
}

int
close(int fd)
{
	int result, saved;

	init();
	if (!tracked(fd))
		return real.close(fd);
	pthread_mutex_lock(&shim_lock);
	set_tracked(fd, 0);
	journal_header("close %d", fd);
	result = real.close(fd);	/* closed even when it fails */
	saved = errno;
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

/* Journals NEWFD as a copy of FD, or its closing if it was journaled and
 * FD is not; lock held. */
static void
journal_dup(int fd, int newfd)
{
	if (tracked(newfd) && newfd != fd) {
		set_tracked(newfd, 0);
		journal_header("close %d", newfd);
	}
	if (tracked(fd) && newfd != fd) {
		set_tracked(newfd, 1);
		journal_header("dup %d %d", fd, newfd);
	}
}

int
dup(int fd)
{
	int newfd, saved;

	init();
	if (!tracked(fd))
		return real.dup(fd);
	pthread_mutex_lock(&shim_lock);
	newfd = real.dup(fd);
	saved = errno;
	if (newfd >= 0)
		journal_dup(fd, newfd);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return newfd;
}

int
dup2(int fd, int newfd)
{
	int result, saved;

	init();
	if (!tracked(fd) && !tracked(newfd))
		return real.dup2(fd, newfd);
	pthread_mutex_lock(&shim_lock);
	result = real.dup2(fd, newfd);
	saved = errno;
	if (result >= 0)
		journal_dup(fd, result);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

int
dup3(int fd, int newfd, int flags)
{
	int result, saved;

	init();
	if (!tracked(fd) && !tracked(newfd))
		return real.dup3(fd, newfd, flags);
	pthread_mutex_lock(&shim_lock);
	result = real.dup3(fd, newfd, flags);
	saved = errno;
	if (result >= 0)
		journal_dup(fd, result);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

/* Journals the first WRITTEN bytes of the COUNT buffers IOV, written at
 * OFFSET through FD; lock held. */
static void
journal_write(int fd, off_t offset, const struct iovec *iov, int count,
    size_t written)
{
	size_t part;
	int i;

	journal_header("write %d %lld %zu", fd, (long long)offset, written);
	for (i = 0; i < count && written > 0; i++) {
		part = iov[i].iov_len < written ? iov[i].iov_len : written;
		journal_out(iov[i].iov_base, part);
		written -= part;
	}
}

/* Where the bytes just written through FD began: its position now, less
 * WRITTEN (right for O_APPEND too). */
static off_t
written_at(int fd, ssize_t written)
{
	return lseek(fd, 0, SEEK_CUR) - (off_t)written;
}

ssize_t
write(int fd, const void *data, size_t length)
{
	struct iovec iov = { (void *)data, length };
	ssize_t written;
	int saved;

	init();
	if (!tracked(fd))
		return real.write(fd, data, length);
	pthread_mutex_lock(&shim_lock);
	written = real.write(fd, data, length);
	saved = errno;
	if (written > 0)
		journal_write(fd, written_at(fd, written), &iov, 1,
		    (size_t)written);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return written;
}

ssize_t
writev(int fd, const struct iovec *iov, int count)
{
	ssize_t written;
	int saved;

	init();
	if (!tracked(fd))
		return real.writev(fd, iov, count);
	pthread_mutex_lock(&shim_lock);
	written = real.writev(fd, iov, count);
	saved = errno;
	if (written > 0)
		journal_write(fd, written_at(fd, written), iov, count,
		    (size_t)written);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return written;
}

/* pwrite and pwritev: OFFSET is given (O_APPEND is not looked at: Linux
 * appends anyway, which the shim does not follow). */
static ssize_t
shim_pwritev(int fd, const struct iovec *iov, int count, off_t offset)
{
	ssize_t written;
	int saved;

	pthread_mutex_lock(&shim_lock);
	written = real.pwritev(fd, iov, count, offset);
	saved = errno;
	if (written > 0)
		journal_write(fd, offset, iov, count, (size_t)written);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return written;
}

ssize_t pwrite64(int, const void *, size_t, off_t);
ssize_t pwritev64(int, const struct iovec *, int, off_t);

ssize_t
pwrite(int fd, const void *data, size_t length, off_t offset)
{
	struct iovec iov = { (void *)data, length };

	init();
	if (!tracked(fd))
		return real.pwrite(fd, data, length, offset);
	return shim_pwritev(fd, &iov, 1, offset);
}

ssize_t
pwrite64(int fd, const void *data, size_t length, off_t offset)
{
	return pwrite(fd, data, length, offset);
}

ssize_t
pwritev(int fd, const struct iovec *iov, int count, off_t offset)
{
	init();
	if (!tracked(fd))
		return real.pwritev(fd, iov, count, offset);
	return shim_pwritev(fd, iov, count, offset);
}

ssize_t
pwritev64(int fd, const struct iovec *iov, int count, off_t offset)
{
	return pwritev(fd, iov, count, offset);
}

int ftruncate64(int, off_t);
int truncate64(const char *, off_t);

int
ftruncate(int fd, off_t size)
{
	int result, saved;

	init();
	if (!tracked(fd))
		return real.ftruncate(fd, size);
	pthread_mutex_lock(&shim_lock);
	result = real.ftruncate(fd, size);
	saved = errno;
	if (result == 0)
		journal_header("truncate %d %lld", fd, (long long)size);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

int
ftruncate64(int fd, off_t size)
{
	return ftruncate(fd, size);
}

int
truncate(const char *path, off_t size)
{
	char relative[PATH_MAX];
	int result, saved;

	init();
	if (!under_root(AT_FDCWD, path, relative))
		return real.truncate(path, size);
	pthread_mutex_lock(&shim_lock);
	result = real.truncate(path, size);
	saved = errno;
	if (result == 0) {
		journal_header("truncate-path %lld %zu", (long long)size,
		    strlen(relative));
		journal_out(relative, strlen(relative));
	}
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

int
truncate64(const char *path, off_t size)
{
	return truncate(path, size);
}

/* fsync and fdatasync: the lock is held across the call, so that no
 * write journaled before the record can have come after the sync. */
static int
shim_sync(int fd, int (*call)(int), const char *op)
{
	int result, saved;

	init();
	if (!tracked(fd))
		return call(fd);
	pthread_mutex_lock(&shim_lock);
	result = call(fd);
	saved = errno;
	if (result == 0)
		journal_header("%s %d", op, fd);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

int
fsync(int fd)
{
	init();
	return shim_sync(fd, real.fsync, "fsync");
}

int
fdatasync(int fd)
{
	init();
	return shim_sync(fd, real.fdatasync, "fdatasync");
}

void
sync(void)
{
	init();
	pthread_mutex_lock(&shim_lock);
	real.sync();
	if (shim_root != NULL)
		journal_header("sync");
	pthread_mutex_unlock(&shim_lock);
}

int
syncfs(int fd)
{
	int result, saved;

	init();
	pthread_mutex_lock(&shim_lock);
	result = real.syncfs(fd);
	saved = errno;
	if (result == 0 && shim_root != NULL)
		journal_header("sync");
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

/* Renames (or exchanges, with RENAME_EXCHANGE in FLAGS) FROM to TO,
 * journaling what the root sees: a rename in it, a file leaving it (an
 * unlink) or a file entering it (unsupported). */
static int
shim_rename(int fromfd, const char *from, int tofd, const char *to,
    unsigned int flags)
{
	char from_relative[PATH_MAX], to_relative[PATH_MAX];
	int from_in, to_in, result, saved;

	init();
	from_in = under_root(fromfd, from, from_relative);
	to_in = under_root(tofd, to, to_relative);
	if (!from_in && !to_in)
		return real.renameat2 != NULL && flags != 0 ?
		    real.renameat2(fromfd, from, tofd, to, flags) :
		    real.renameat(fromfd, from, tofd, to);
	pthread_mutex_lock(&shim_lock);
	if (flags != 0 && real.renameat2 == NULL)
		result = (errno = ENOSYS, -1);
	else if (flags != 0)
		result = real.renameat2(fromfd, from, tofd, to, flags);
	else
		result = real.renameat(fromfd, from, tofd, to);
	saved = errno;
	if (result == 0 && from_in && to_in)
		journal_paths(flags & RENAME_EXCHANGE ? "exchange" : "rename",
		    from_relative, to_relative);
	else if (result == 0 && from_in && !(flags & RENAME_EXCHANGE))
		journal_path("unlink", from_relative);
	else if (result == 0)
		journal_path("unsupported", from_in ? from_relative : to_relative);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

int renameat2(int, const char *, int, const char *, unsigned int);

int
rename(const char *from, const char *to)
{
	return shim_rename(AT_FDCWD, from, AT_FDCWD, to, 0);
}

int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	return shim_rename(fromfd, from, tofd, to, 0);
}

int
renameat2(int fromfd, const char *from, int tofd, const char *to,
    unsigned int flags)
{
	return shim_rename(fromfd, from, tofd, to, flags);
}

/* Makes a hard link; a link from outside into the root is unsupported. */
static int
shim_link(int fromfd, const char *from, int tofd, const char *to, int flags)
{
	char from_relative[PATH_MAX], to_relative[PATH_MAX];
	int from_in, result, saved;

	init();
	if (!under_root(tofd, to, to_relative))
		return real.linkat(fromfd, from, tofd, to, flags);
	from_in = under_root(fromfd, from, from_relative);
	pthread_mutex_lock(&shim_lock);
	result = real.linkat(fromfd, from, tofd, to, flags);
	saved = errno;
	if (result == 0 && from_in)
		journal_paths("link", from_relative, to_relative);
	else if (result == 0)
		journal_path("unsupported", to_relative);
	pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

int
link(const char *from, const char *to)
{
	return shim_link(AT_FDCWD, from, AT_FDCWD, to, 0);
}

int
linkat(int fromfd, const char *from, int tofd, const char *to, int flags)
{
	return shim_link(fromfd, from, tofd, to, flags);
}

/* The calls that add or remove one name. */
enum name_call {
	NAME_UNLINK,
	NAME_RMDIR,
	NAME_MKDIR
};

/* Makes CALL on PATH from DIRFD (MODE for mkdir), journaling it if PATH
 * is under the root and it succeeds. */
static int
shim_name(enum name_call call, int dirfd, const char *path, mode_t mode)
{
	static const char *const ops[] = { "unlink", "rmdir", "mkdir" };
	char relative[PATH_MAX];
	int in, result, saved;

	init();
	in = under_root(dirfd, path, relative);
	if (in)
		pthread_mutex_lock(&shim_lock);
	if (call == NAME_MKDIR)
		result = real.mkdirat(dirfd, path, mode);
	else
		result = real.unlinkat(dirfd, path, call == NAME_RMDIR ?
		    AT_REMOVEDIR : 0);
	saved = errno;
	if (in && result == 0)
		journal_path(ops[call], relative);
	if (in)
		pthread_mutex_unlock(&shim_lock);
	errno = saved;
	return result;
}

int
unlink(const char *path)
{
	return shim_name(NAME_UNLINK, AT_FDCWD, path, 0);
}

int
unlinkat(int dirfd, const char *path, int flags)
{
	return shim_name((flags & AT_REMOVEDIR) ? NAME_RMDIR : NAME_UNLINK,
	    dirfd, path, 0);
}

int
rmdir(const char *path)
{
	return shim_name(NAME_RMDIR, AT_FDCWD, path, 0);
}

int
mkdir(const char *path, mode_t mode)
{
	return shim_name(NAME_MKDIR, AT_FDCWD, path, mode);
}

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
	return shim_name(NAME_MKDIR, dirfd, path, mode);
}
