/* rotate-file.h: what rotation does to files: renaming without replacing,
 * gzip compression, removal. */
#ifndef LOGPROC_ROTATE_FILE_H
#define LOGPROC_ROTATE_FILE_H

int rotate_file_rename(int dirfd, const char *from, const char *to);
int rotate_file_exists(int dirfd, const char *name);
int rotate_file_remove(int dirfd, const char *name);
int rotate_file_compress(int dirfd, const char *name, char **cause);

#endif /* LOGPROC_ROTATE_FILE_H */
