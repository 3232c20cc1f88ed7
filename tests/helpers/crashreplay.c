/* crashreplay.c: rebuilds what a power loss would leave of the files a
 * process changed, from the journal tests/helpers/syncshim.c wrote.
 *
 *	crashreplay list JOURNAL
 *	crashreplay rebuild MODEL POINT JOURNAL DIR
 *
 * list prints the number of records, then one line per record that a
 * crash point is worth placing around: "INDEX OP PATH" (PATH relative to
 * the journaled root, "." for the root itself; for a descriptor, the
 * path it was opened with). The crash point INDEX is just before that
 * record, INDEX + 1 just after it.
 *
 * rebuild replays the first POINT records (a number, or "end" for all)
 * and writes into DIR (created if missing) the tree the journaled root
 * would hold after a power loss there, under MODEL:
 *
 *	synced	a file holds what it held at its last fsync or fdatasync (a
 *		file never synced is empty), a directory the entries it held
 *		at its last fsync (a name created since is gone, a name
 *		renamed since has its old name): nothing unsynced survives
 *	all	everything written survives, as if the process had exited
 *	names	every change of names survives, in order (a journaling file
 *		system's metadata), but file data only as of its last sync
 *	data	every file's data survives, but names only as of the last
 *		fsync of their directory
 *
 * With the model "every", it writes each model's tree into DIR/MODEL.
 * The root is taken to be empty, and durable, before the first record.
 * Exit 0, or 1 with a message if the journal cannot be replayed (a
 * record it does not know, a descriptor never opened, a path that does
 * not exist), 2 on a usage error. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"

#define MAX_DEPTH 64		/* directories nest no deeper when rebuilt */
#define NO_INODE ((size_t)-1)

enum op {
	OP_START, OP_OPEN, OP_CLOSE, OP_DUP, OP_WRITE, OP_TRUNCATE,
	OP_TRUNCATE_PATH, OP_FSYNC, OP_FDATASYNC, OP_SYNC, OP_RENAME,
	OP_EXCHANGE, OP_LINK, OP_UNLINK, OP_MKDIR, OP_RMDIR, OP_UNSUPPORTED
};

/* Each op's name in the journal, and the numbers and paths its header
 * line holds after the name, in order: 'n' a number, 'x' a hexadecimal
 * number, 'p' the length of a path, 'd' the length of data. */
static const struct {
	const char *name;
	const char *fields;
} ops[] = {
	[OP_START] = { "start", "n" },
	[OP_OPEN] = { "open", "nxp" },
	[OP_CLOSE] = { "close", "n" },
	[OP_DUP] = { "dup", "nn" },
	[OP_WRITE] = { "write", "nnd" },
	[OP_TRUNCATE] = { "truncate", "nn" },
	[OP_TRUNCATE_PATH] = { "truncate-path", "np" },
	[OP_FSYNC] = { "fsync", "n" },
	[OP_FDATASYNC] = { "fdatasync", "n" },
	[OP_SYNC] = { "sync", "" },
	[OP_RENAME] = { "rename", "pp" },
	[OP_EXCHANGE] = { "exchange", "pp" },
	[OP_LINK] = { "link", "pp" },
	[OP_UNLINK] = { "unlink", "p" },
	[OP_MKDIR] = { "mkdir", "p" },
	[OP_RMDIR] = { "rmdir", "p" },
	[OP_UNSUPPORTED] = { "unsupported", "p" },
};
#define OP_COUNT (sizeof ops / sizeof ops[0])
#define MAX_FIELDS 3

/* One record: its numbers in order, its paths (NUL-terminated copies)
 * and its data (pointing into the journal). */
struct record {
	enum op op;
	long long number[MAX_FIELDS];
	char *path[2];
	const char *data;
	size_t length;
};

struct bytes {
	char *data;
	size_t length;
	size_t size;
};

struct entry {
	char *name;
	size_t inode;
};

struct directory {
	struct entry *entries;
	size_t count;
};

/* A file or directory: what it holds now, and what its last sync made
 * durable. */
struct inode {
	int is_dir;
	struct bytes live;
	struct bytes synced;
	struct directory names;
	struct directory synced_names;
};

/* An open descriptor: its inode and the path it was opened with. */
struct descriptor {
	size_t inode;
	char *path;
};

struct state {
	struct inode *inodes;
	size_t inode_count;
	struct descriptor *fds;
	size_t fd_count;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "crashreplay: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Reads the whole file PATH; returns its bytes (the caller frees them)
 * and sets *LENGTH. */
static char *
read_file(const char *path, size_t *length)
{
	struct bytes file = { NULL, 0, 0 };
	ssize_t got;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	for (;;) {
		if (file.size - file.length < 65536) {
			file.size = file.size * 2 + 65536;
			file.data = xreallocarray(file.data, file.size, 1);
		}
		got = read(fd, file.data + file.length, file.size - file.length);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			die("%s: %s", path, strerror(errno));
		if (got == 0)
			break;
		file.length += (size_t)got;
	}
	close(fd);
	*length = file.length;
	return file.data;
}

/* Returns the op named by the LENGTH bytes of NAME. */
static enum op
op_named(const char *name, size_t length, size_t offset)
{
	size_t i;

	for (i = 0; i < OP_COUNT; i++) {
		if (strlen(ops[i].name) == length &&
		    memcmp(ops[i].name, name, length) == 0)
			return (enum op)i;
	}
	die("journal byte %zu: unknown record \"%.*s\"", offset, (int)length,
	    name);
}

/* Takes LENGTH bytes at *AT of the journal (of END bytes), moving *AT. */
static const char *
take(const char *journal, size_t *at, size_t end, long long length)
{
	const char *p = journal + *at;

	if (length < 0 || (unsigned long long)length > end - *at)
		die("journal byte %zu: the journal ends inside a record", *at);
	*at += (size_t)length;
	return p;
}

/* Parses the record at *AT of JOURNAL (END bytes) into RECORD, moving
 * *AT past it. */
static void
parse_record(const char *journal, size_t *at, size_t end,
    struct record *record)
{
	const char *line = journal + *at, *newline, *field, *spec;
	size_t paths = 0, numbers = 0, start = *at, i;
	long long value, path_length[2];
	char *after;

	newline = memchr(line, '\n', end - *at);
	if (newline == NULL)
		die("journal byte %zu: a record without its end of line", start);
	*at += (size_t)(newline - line) + 1;
	memset(record, 0, sizeof *record);
	field = line + strcspn(line, " \n");
	record->op = op_named(line, (size_t)(field - line), start);
	for (spec = ops[record->op].fields; *spec != '\0'; spec++) {
		if (*field != ' ')
			die("journal byte %zu: a field is missing", start);
		errno = 0;
		value = strtoll(field + 1, &after, *spec == 'x' ? 16 : 10);
		if (errno != 0 || after == field + 1 || after > newline)
			die("journal byte %zu: a bad number", start);
		field = after;
		if (*spec == 'p')
			path_length[paths++] = value;
		else if (*spec == 'd')
			record->length = (size_t)value;
		else
			record->number[numbers++] = value;
	}
	if (field != newline)
		die("journal byte %zu: too many fields", start);
	for (i = 0; i < paths; i++) {
		field = take(journal, at, end, path_length[i]);
		record->path[i] = xmalloc((size_t)path_length[i] + 1);
		memcpy(record->path[i], field, (size_t)path_length[i]);
		record->path[i][path_length[i]] = '\0';
	}
	if (strchr(ops[record->op].fields, 'd') != NULL)
		record->data = take(journal, at, end, (long long)record->length);
}

/* Parses the whole journal; returns its records and sets *COUNT. */
static struct record *
parse_journal(const char *journal, size_t length, size_t *count)
{
	struct record *records = NULL;
	size_t at = 0, capacity = 0;

	*count = 0;
	while (at < length) {
		if (*count == capacity) {
			capacity = capacity * 2 + 256;
			records = xreallocarray(records, capacity, sizeof *records);
		}
		parse_record(journal, &at, length, &records[(*count)++]);
	}
	return records;
}

/* Returns a new inode, a directory if IS_DIR. */
static size_t
new_inode(struct state *state, int is_dir)
{
	state->inodes = xreallocarray(state->inodes, state->inode_count + 1,
	    sizeof *state->inodes);
	memset(&state->inodes[state->inode_count], 0, sizeof *state->inodes);
	state->inodes[state->inode_count].is_dir = is_dir;
	return state->inode_count++;
}

/* Returns the entry NAME of DIRECTORY, or NULL. */
static struct entry *
find_entry(struct directory *directory, const char *name)
{
	size_t i;

	for (i = 0; i < directory->count; i++) {
		if (strcmp(directory->entries[i].name, name) == 0)
			return &directory->entries[i];
	}
	return NULL;
}

/* Makes NAME in DIRECTORY refer to INODE, replacing what it named. */
static void
set_entry(struct directory *directory, const char *name, size_t inode)
{
	struct entry *entry = find_entry(directory, name);

	if (entry != NULL) {
		entry->inode = inode;
		return;
	}
	directory->entries = xreallocarray(directory->entries,
	    directory->count + 1, sizeof *directory->entries);
	directory->entries[directory->count].name = xstrdup(name);
	directory->entries[directory->count++].inode = inode;
}

/* Removes NAME from DIRECTORY; returns its inode, or NO_INODE. */
static size_t
remove_entry(struct directory *directory, const char *name)
{
	struct entry *entry = find_entry(directory, name);
	size_t inode;

	if (entry == NULL)
		return NO_INODE;
	inode = entry->inode;
	free(entry->name);
	*entry = directory->entries[--directory->count];
	return inode;
}

static void
copy_directory(struct directory *to, const struct directory *from)
{
	size_t i;

	for (i = 0; i < to->count; i++)
		free(to->entries[i].name);
	to->entries = xreallocarray(to->entries, from->count + 1,
	    sizeof *to->entries);
	for (i = 0; i < from->count; i++) {
		to->entries[i].name = xstrdup(from->entries[i].name);
		to->entries[i].inode = from->entries[i].inode;
	}
	to->count = from->count;
}

static void
copy_bytes(struct bytes *to, const struct bytes *from)
{
	if (to->size < from->length) {
		to->size = from->length;
		to->data = xreallocarray(to->data, to->size, 1);
	}
	if (from->length > 0)
		memcpy(to->data, from->data, from->length);
	to->length = from->length;
}

/* Sets the length of B to LENGTH, with zeros if it grows. */
static void
resize_bytes(struct bytes *b, long long length)
{
	if (length < 0 || length > (long long)1 << 40)
		die("a file truncated to %lld bytes", length);
	if ((size_t)length > b->size) {
		b->size = (size_t)length + (size_t)length / 2;
		b->data = xreallocarray(b->data, b->size, 1);
	}
	if ((size_t)length > b->length)
		memset(b->data + b->length, 0, (size_t)length - b->length);
	b->length = (size_t)length;
}

/* Finds the directory that holds PATH and PATH's last component, which
 * it copies into NAME (PATH's length + 1 bytes). Returns the directory's
 * inode; dies if it does not exist. */
static size_t
parent_of(struct state *state, const char *path, char *name)
{
	const char *p = path, *slash;
	struct entry *entry;
	size_t inode = 0;
	char component[4096];

	if (*path == '\0')
		die("the root itself cannot be created or removed");
	while ((slash = strchr(p, '/')) != NULL) {
		if ((size_t)(slash - p) >= sizeof component)
			die("%s: a name too long", path);
		memcpy(component, p, (size_t)(slash - p));
		component[slash - p] = '\0';
		entry = find_entry(&state->inodes[inode].names, component);
		if (entry == NULL || !state->inodes[entry->inode].is_dir)
			die("%s: no such directory", path);
		inode = entry->inode;
		p = slash + 1;
	}
	strcpy(name, p);
	return inode;
}

/* Returns PATH's inode now, or NO_INODE if it does not exist. */
static size_t
lookup(struct state *state, const char *path)
{
	char *name;
	struct entry *entry;
	size_t parent;

	if (*path == '\0')
		return 0;
	name = xmalloc(strlen(path) + 1);
	parent = parent_of(state, path, name);
	entry = find_entry(&state->inodes[parent].names, name);
	free(name);
	return entry != NULL ? entry->inode : NO_INODE;
}

/* Returns the inode of PATH; dies if it does not exist. */
static size_t
existing(struct state *state, const char *path)
{
	size_t inode = lookup(state, path);

	if (inode == NO_INODE)
		die("%s: no such file in the journal", path);
	return inode;
}

/* Returns the descriptor FD of STATE; dies if it is not open. */
static struct descriptor *
descriptor(struct state *state, long long fd)
{
	if (fd < 0 || (unsigned long long)fd >= state->fd_count ||
	    state->fds[fd].inode == NO_INODE)
		die("descriptor %lld is not open in the journal", fd);
	return &state->fds[fd];
}

/* Makes FD refer to INODE, opened as PATH. */
static void
set_descriptor(struct state *state, long long fd, size_t inode,
    const char *path)
{
	size_t i;

	if (fd < 0 || fd > 1 << 20)
		die("descriptor %lld: out of range", fd);
	if ((size_t)fd >= state->fd_count) {
		state->fds = xreallocarray(state->fds, (size_t)fd + 1,
		    sizeof *state->fds);
		for (i = state->fd_count; i <= (size_t)fd; i++) {
			state->fds[i].inode = NO_INODE;
			state->fds[i].path = NULL;
		}
		state->fd_count = (size_t)fd + 1;
	}
	free(state->fds[fd].path);
	state->fds[fd].inode = inode;
	state->fds[fd].path = path != NULL ? xstrdup(path) : NULL;
}

/* Closes every descriptor: a new process starts. */
static void
close_all(struct state *state)
{
	size_t i;

	for (i = 0; i < state->fd_count; i++) {
		free(state->fds[i].path);
		state->fds[i].inode = NO_INODE;
		state->fds[i].path = NULL;
	}
}

/* Opens RECORD's path: creates it with O_CREAT if it does not exist,
 * empties it with O_TRUNC. Returns 1 if it created it. */
static int
replay_open(struct state *state, const struct record *record)
{
	const char *path = record->path[0];
	size_t inode = lookup(state, path), parent;
	int flags = (int)record->number[1], created = 0;
	char *name;

	if (inode == NO_INODE) {
		if (!(flags & O_CREAT))
			die("%s: opened without O_CREAT, but no such file", path);
		name = xmalloc(strlen(path) + 1);
		parent = parent_of(state, path, name);
		inode = new_inode(state, 0);
		set_entry(&state->inodes[parent].names, name, inode);
		free(name);
		created = 1;
	}
	if ((flags & O_TRUNC) && !state->inodes[inode].is_dir)
		state->inodes[inode].live.length = 0;
	set_descriptor(state, record->number[0], inode, path);
	return created;
}

/* Writes RECORD's data into its file. */
static void
replay_write(struct state *state, const struct record *record)
{
	struct inode *inode = &state->inodes[descriptor(state,
	    record->number[0])->inode];
	long long offset = record->number[1];

	if (inode->is_dir || offset < 0)
		die("write %lld: not a file, or a bad offset", record->number[0]);
	if ((size_t)offset + record->length > inode->live.length)
		resize_bytes(&inode->live, offset + (long long)record->length);
	memcpy(inode->live.data + offset, record->data, record->length);
}

/* Makes INODE durable as it is now: its data, or its names. */
static void
sync_inode(struct inode *inode)
{
	if (inode->is_dir)
		copy_directory(&inode->synced_names, &inode->names);
	else
		copy_bytes(&inode->synced, &inode->live);
}

/* Moves (or, if EXCHANGE, swaps) FROM and TO. */
static void
replay_rename(struct state *state, const char *from, const char *to,
    int exchange)
{
	char *from_name = xmalloc(strlen(from) + 1);
	char *to_name = xmalloc(strlen(to) + 1);
	size_t from_dir = parent_of(state, from, from_name);
	size_t to_dir = parent_of(state, to, to_name);
	size_t inode = existing(state, from), other = lookup(state, to);

	if (exchange && other == NO_INODE)
		die("exchange %s %s: no such file", from, to);
	remove_entry(&state->inodes[from_dir].names, from_name);
	if (exchange)
		set_entry(&state->inodes[from_dir].names, from_name, other);
	set_entry(&state->inodes[to_dir].names, to_name, inode);
	free(from_name);
	free(to_name);
}

/* Adds NAME for a new inode (a directory if IS_DIR), or with INODE. */
static void
replay_add_name(struct state *state, const char *path, size_t inode,
    int is_dir)
{
	char *name = xmalloc(strlen(path) + 1);
	size_t parent = parent_of(state, path, name);

	if (find_entry(&state->inodes[parent].names, name) != NULL)
		die("%s: created, but it exists", path);
	if (inode == NO_INODE)
		inode = new_inode(state, is_dir);
	set_entry(&state->inodes[parent].names, name, inode);
	free(name);
}

static void
replay_remove_name(struct state *state, const char *path)
{
	char *name = xmalloc(strlen(path) + 1);
	size_t parent = parent_of(state, path, name);

	if (remove_entry(&state->inodes[parent].names, name) == NO_INODE)
		die("%s: removed, but no such file", path);
	free(name);
}

/* Applies RECORD to STATE. Returns 1 if it created a file. */
static int
replay(struct state *state, const struct record *record)
{
	struct descriptor *fd;
	size_t i;

	switch (record->op) {
	case OP_START:
		close_all(state);
		break;
	case OP_OPEN:
		return replay_open(state, record);
	case OP_CLOSE:
		descriptor(state, record->number[0]);
		set_descriptor(state, record->number[0], NO_INODE, NULL);
		break;
	case OP_DUP:
		fd = descriptor(state, record->number[0]);
		set_descriptor(state, record->number[1], fd->inode, fd->path);
		break;
	case OP_WRITE:
		replay_write(state, record);
		break;
	case OP_TRUNCATE:
		fd = descriptor(state, record->number[0]);
		resize_bytes(&state->inodes[fd->inode].live, record->number[1]);
		break;
	case OP_TRUNCATE_PATH:
		resize_bytes(&state->inodes[existing(state,
		    record->path[0])].live, record->number[0]);
		break;
	case OP_FSYNC:
	case OP_FDATASYNC:
		sync_inode(&state->inodes[descriptor(state,
		    record->number[0])->inode]);
		break;
	case OP_SYNC:
		for (i = 0; i < state->inode_count; i++)
			sync_inode(&state->inodes[i]);
		break;
	case OP_RENAME:
	case OP_EXCHANGE:
		replay_rename(state, record->path[0], record->path[1],
		    record->op == OP_EXCHANGE);
		break;
	case OP_LINK:
		replay_add_name(state, record->path[1], existing(state,
		    record->path[0]), 0);
		break;
	case OP_MKDIR:
		replay_add_name(state, record->path[0], NO_INODE, 1);
		break;
	case OP_UNLINK:
	case OP_RMDIR:
		replay_remove_name(state, record->path[0]);
		break;
	case OP_UNSUPPORTED:
		die("%s: the shim could not journal a change of it",
		    record->path[0]);
	}
	return 0;
}

static void
state_init(struct state *state)
{
	memset(state, 0, sizeof *state);
	new_inode(state, 1);	/* the root, empty and durable */
}

static void
free_directory(struct directory *directory)
{
	size_t i;

	for (i = 0; i < directory->count; i++)
		free(directory->entries[i].name);
	free(directory->entries);
}

static void
state_free(struct state *state)
{
	struct inode *inode;
	size_t i;

	for (i = 0; i < state->inode_count; i++) {
		inode = &state->inodes[i];
		free(inode->live.data);
		free(inode->synced.data);
		free_directory(&inode->names);
		free_directory(&inode->synced_names);
	}
	free(state->inodes);
	for (i = 0; i < state->fd_count; i++)
		free(state->fds[i].path);
	free(state->fds);
}

/* Prints the record at INDEX if a crash point belongs around it. */
static void
list_record(struct state *state, const struct record *record, size_t index)
{
	const char *path = NULL;

	switch (record->op) {
	case OP_TRUNCATE:
	case OP_FSYNC:
	case OP_FDATASYNC:
		path = descriptor(state, record->number[0])->path;
		break;
	case OP_OPEN:
		if (!(record->number[1] & O_TRUNC) && lookup(state,
		    record->path[0]) != NO_INODE)
			return;
		path = record->path[0];
		break;
	case OP_START:
	case OP_SYNC:
		path = "";
		break;
	case OP_RENAME:
	case OP_EXCHANGE:
	case OP_LINK:
		path = record->path[1];
		break;
	case OP_UNLINK:
	case OP_MKDIR:
	case OP_RMDIR:
	case OP_TRUNCATE_PATH:
		path = record->path[0];
		break;
	default:
		return;
	}
	printf("%zu %s %s\n", index, ops[record->op].name,
	    *path != '\0' ? path : ".");
}

static int
list(const struct record *records, size_t count)
{
	struct state state;
	size_t i;

	state_init(&state);
	printf("records %zu\n", count);
	for (i = 0; i < count; i++) {
		list_record(&state, &records[i], i);
		replay(&state, &records[i]);
	}
	state_free(&state);
	return 0;
}

/* Writes the LENGTH bytes of DATA to a new file PATH. */
static void
write_file(const char *path, const char *data, size_t length)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ssize_t written;

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	while (length > 0) {
		written = write(fd, data, length);
		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0)
			die("%s: %s", path, strerror(errno));
		data += written;
		length -= (size_t)written;
	}
	if (close(fd) != 0)
		die("%s: %s", path, strerror(errno));
}

/* What survives: the names as they are (or as last synced), the data as
 * it is (or as last synced). */
struct model {
	int live_names;
	int live_data;
};

/* Writes directory INODE, as MODEL keeps it, into the existing
 * directory PATH. */
static void
rebuild_directory(struct state *state, size_t inode, const char *path,
    const struct model *model, int depth)
{
	struct inode *dir = &state->inodes[inode], *child;
	struct directory *names = model->live_names ? &dir->names :
	    &dir->synced_names;
	const struct bytes *data;
	char *child_path;
	size_t i;

	if (depth > MAX_DEPTH)
		die("%s: directories nest too deep", path);
	for (i = 0; i < names->count; i++) {
		xasprintf(&child_path, "%s/%s", path, names->entries[i].name);
		child = &state->inodes[names->entries[i].inode];
		if (child->is_dir) {
			if (mkdir(child_path, 0755) != 0)
				die("%s: %s", child_path, strerror(errno));
			rebuild_directory(state, names->entries[i].inode,
			    child_path, model, depth + 1);
		} else {
			data = model->live_data ? &child->live : &child->synced;
			write_file(child_path, data->data, data->length);
		}
		free(child_path);
	}
}

/* The models, by name. */
static const struct {
	const char *name;
	struct model model;
} models[] = {
	{ "synced", { 0, 0 } },
	{ "all", { 1, 1 } },
	{ "names", { 1, 0 } },
	{ "data", { 0, 1 } },
};
#define MODEL_COUNT (sizeof models / sizeof models[0])

/* Returns the index of the model named NAME, MODEL_COUNT for "every",
 * or -1. */
static int
model_named(const char *name)
{
	size_t i;

	if (strcmp(name, "every") == 0)
		return MODEL_COUNT;
	for (i = 0; i < MODEL_COUNT; i++) {
		if (strcmp(models[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

/* Parses POINT_TEXT, a number up to COUNT or "end", into *POINT.
 * Returns 0, or -1. */
static int
point_named(const char *point_text, size_t count, size_t *point)
{
	char *end;

	if (strcmp(point_text, "end") == 0) {
		*point = count;
		return 0;
	}
	errno = 0;
	*point = (size_t)strtoull(point_text, &end, 10);
	if (errno != 0 || *end != '\0' || end == point_text || *point > count)
		return -1;
	return 0;
}

static void
make_directory(const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		die("%s: %s", dir, strerror(errno));
}

/* Rebuilds, into DIR, the state after POINT records under the model
 * named MODEL_NAME, or under every model into DIR/NAME for "every". */
static int
rebuild(const struct record *records, size_t count, const char *model_name,
    const char *point_text, const char *dir)
{
	int model = model_named(model_name);
	struct state state;
	size_t i, point;
	char *path;

	if (model < 0) {
		fprintf(stderr, "crashreplay: %s: no such model (synced, all, "
		    "names, data, every)\n", model_name);
		return 2;
	}
	if (point_named(point_text, count, &point) != 0) {
		fprintf(stderr, "crashreplay: %s: not a point from 0 to %zu\n",
		    point_text, count);
		return 2;
	}
	state_init(&state);
	for (i = 0; i < point; i++)
		replay(&state, &records[i]);
	make_directory(dir);
	for (i = 0; i < MODEL_COUNT; i++) {
		if ((size_t)model == i)
			rebuild_directory(&state, 0, dir, &models[i].model, 0);
		if ((size_t)model != MODEL_COUNT)
			continue;
		xasprintf(&path, "%s/%s", dir, models[i].name);
		make_directory(path);
		rebuild_directory(&state, 0, path, &models[i].model, 0);
		free(path);
	}
	state_free(&state);
	return 0;
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: crashreplay list JOURNAL\n"
	    "       crashreplay rebuild synced|all|names|data|every POINT "
	    "JOURNAL DIR\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct record *records;
	size_t length, count, i;
	char *journal;
	int result;

	if (argc == 3 && strcmp(argv[1], "list") == 0)
		journal = read_file(argv[2], &length);
	else if (argc == 6 && strcmp(argv[1], "rebuild") == 0)
		journal = read_file(argv[4], &length);
	else
		usage();
	records = parse_journal(journal, length, &count);
	if (argc == 3)
		result = list(records, count);
	else
		result = rebuild(records, count, argv[2], argv[3], argv[5]);
	for (i = 0; i < count; i++) {
		free(records[i].path[0]);
		free(records[i].path[1]);
	}
	free(records);
	free(journal);
	return result;
}
