/* fsutil.h: small file-system helpers shared by the commands. */
#ifndef LOGPROC_FSUTIL_H
#define LOGPROC_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

int fsutil_mkdirs(const char *path, mode_t mode, char **cause);
int fsutil_sync_parent(const char *path);
int fsutil_write_all(int fd, const void *data, size_t length);
const char *fsutil_type_name(mode_t mode);
int fsutil_open_regular(const char *path, int flags, mode_t mode,
    char **cause);
int fsutil_probe_replace(const char *path, char **cause);
int fsutil_replace_file(const char *path, const char *data, size_t length,
    char **cause);

/* A file being replaced piece by piece: written to PATH.tmp through a
 * buffer, then renamed over PATH by fsutil_replace_commit, so readers
 * see the old file or the whole new one. The fields are private. */
struct fsutil_replace {
	char *path;
	char *temp;			/* PATH.tmp */
	int fd;
	int error;			/* errno of the first failed write, or 0 */
	char *buffer;
	size_t used;			/* bytes waiting in the buffer */
};

int fsutil_replace_open(struct fsutil_replace *file, const char *path,
    char **cause);
int fsutil_replace_write(struct fsutil_replace *file, const void *data,
    size_t length);
int fsutil_replace_commit(struct fsutil_replace *file, char **cause);
int fsutil_replace_abort(struct fsutil_replace *file, int error,
    char **cause);

#endif /* LOGPROC_FSUTIL_H */
