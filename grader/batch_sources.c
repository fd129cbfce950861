/*
 * batch_sources.c - a submission's sources in memory, read from a directory
 * or from an archive with libarchive.
 *
 * An archive is never extracted as it stands: only regular files named
 * *.c or *.h, at its top or in its one folder, are read, each capped, and
 * written back later under their bare names in a directory we made. A
 * hostile path ("../x", "/etc/x", a link) has nowhere to go.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The same caps as grade.c's copy; the total and entry count stop bombs. */
enum { MAX_FILE = 1 << 20, MAX_TOTAL = 8 << 20, MAX_SOURCES = 64, MAX_ENTRIES = 10000 };

const char *ig_errno_text(int err)
{
	static char text[128];

	snprintf(text, sizeof text, "%s (%s)", strerrorname_np(err) ? strerrorname_np(err) : "?",
		 strerror(err));
	return text;
}

static bool fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return false;
}

static bool is_source(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 2 && len < sizeof ((struct ig_source *)0)->name &&
	       name[len - 2] == '.' && (name[len - 1] == 'c' || name[len - 1] == 'h');
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ig_source *)a)->name, ((const struct ig_source *)b)->name);
}

static struct ig_source *add(struct ig_sources *s, const char *name)
{
	struct ig_source *files;

	if (s->n == MAX_SOURCES || !(files = realloc(s->files, (s->n + 1) * sizeof *files)))
		return NULL;
	s->files = files;
	files[s->n] = (struct ig_source){ .data = NULL };
	snprintf(files[s->n].name, sizeof files[s->n].name, "%s", name);
	return &files[s->n++];
}

void ig_sources_free(struct ig_sources *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->files[i].data);
	free(s->files);
	*s = (struct ig_sources){ NULL, 0 };
}

static bool read_all(int fd, char *buf, size_t n)
{
	while (n > 0) {
		ssize_t got = read(fd, buf, n);

		if (got <= 0 && !(got == -1 && errno == EINTR))
			return false;
		if (got > 0) {
			buf += got;
			n -= (size_t)got;
		}
	}
	return true;
}

static bool load_dir(const char *path, struct ig_sources *s, char *err, size_t errsize)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t total = 0;

	if (!d)
		return fail(err, errsize, "cannot read the directory: %s", ig_errno_text(errno));
	while ((e = readdir(d)) != NULL) {
		char file[PATH_MAX * 2];
		struct ig_source *src;
		struct stat st;
		int fd;

		if (!is_source(e->d_name))
			continue;
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		if ((fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
			closedir(d);
			return fail(err, errsize, "cannot read %s: %s", e->d_name, ig_errno_text(errno));
		}
		if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE ||
		    (total += (size_t)st.st_size) > MAX_TOTAL || !(src = add(s, e->d_name)) ||
		    !(src->data = malloc((size_t)st.st_size + 1)) ||
		    !read_all(fd, src->data, (size_t)st.st_size)) {
			close(fd);
			closedir(d);
			return fail(err, errsize, "cannot read %s: not a regular file of at most "
				    "%d KiB, or more than %d sources", e->d_name, MAX_FILE >> 10,
				    MAX_SOURCES);
		}
		src->size = (size_t)st.st_size;
		src->data[src->size] = '\0';
		close(fd);
	}
	closedir(d);
	return true;
}

/* An entry's folder ("" at the top) and name, if it is a source at depth 0 or 1. */
static bool entry_place(const char *path, char *folder, size_t size, const char **name)
{
	const char *slash;

	while (strncmp(path, "./", 2) == 0)
		path += 2;
	slash = strchr(path, '/');
	*name = slash ? slash + 1 : path;
	/* "/x.c" and "../x.c" are no folder of the submission's. */
	if ((slash && (slash == path || strchr(*name, '/') || (size_t)(slash - path) >= size ||
		       strncmp(path, "../", 3) == 0)) || !is_source(*name))
		return false;
	snprintf(folder, size, "%.*s", slash ? (int)(slash - path) : 0, path);
	return true;
}

static bool read_entry(struct archive *a, struct ig_source *src, size_t *total,
		       char *err, size_t errsize)
{
	char buf[16384];
	la_ssize_t n;

	while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
		char *grown;

		*total += (size_t)n;
		if (src->size + (size_t)n > MAX_FILE || *total > MAX_TOTAL)
			return fail(err, errsize, "%s or the whole archive is too large "
				    "(caps: %d KiB a file, %d MiB in all)", src->name,
				    MAX_FILE >> 10, MAX_TOTAL >> 20);
		if (!(grown = realloc(src->data, src->size + (size_t)n + 1)))
			return fail(err, errsize, "out of memory reading %s", src->name);
		src->data = grown;
		memcpy(src->data + src->size, buf, (size_t)n);
		src->size += (size_t)n;
	}
	if (n < 0)
		return fail(err, errsize, "broken archive: %s", archive_error_string(a));
	if (!src->data && !(src->data = calloc(1, 1)))
		return fail(err, errsize, "out of memory reading %s", src->name);
	src->data[src->size] = '\0';
	return true;
}

/* Keep the sources of one place: the top if it has any, else the one folder. */
static bool pick_folder(struct ig_sources *s, char (*folders)[256], char *err, size_t errsize)
{
	const char *chosen = NULL;
	size_t kept = 0;

	for (size_t i = 0; i < s->n; i++)
		if (!chosen || (folders[i][0] == '\0' && chosen[0] != '\0'))
			chosen = folders[i];
	for (size_t i = 0; i < s->n; i++)
		if (chosen[0] && strcmp(folders[i], chosen) != 0 && folders[i][0])
			return fail(err, errsize, "sources in two folders (%s and %s): put them at "
				    "the top of the archive", chosen, folders[i]);
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(folders[i], chosen) == 0)
			s->files[kept++] = s->files[i];
		else
			free(s->files[i].data);
	}
	s->n = kept;
	return true;
}

static bool load_archive(const char *path, struct ig_sources *s, char *err, size_t errsize)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char (*folders)[256] = calloc(MAX_SOURCES, sizeof *folders);
	size_t total = 0, entries = 0;
	bool ok = a && folders;
	int rc = ARCHIVE_OK;

	if (!ok)
		fail(err, errsize, "out of memory");
	if (ok && (archive_read_support_filter_all(a) != ARCHIVE_OK ||
		   archive_read_support_format_tar(a) != ARCHIVE_OK ||
		   archive_read_support_format_zip(a) != ARCHIVE_OK ||
		   archive_read_open_filename(a, path, 65536) != ARCHIVE_OK))
		ok = fail(err, errsize, "cannot open the archive: %s", archive_error_string(a));
	while (ok && ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN)) {
		const char *name, *entry = archive_entry_pathname(e);
		char folder[256];
		struct ig_source *src;

		if (++entries > MAX_ENTRIES)
			ok = fail(err, errsize, "more than %d entries in the archive", MAX_ENTRIES);
		else if (!entry || archive_entry_filetype(e) != AE_IFREG ||
			 !entry_place(entry, folder, sizeof folder, &name))
			continue;
		else if (!(src = add(s, name)))
			ok = fail(err, errsize, "more than %d sources in the archive", MAX_SOURCES);
		else {
			snprintf(folders[s->n - 1], sizeof *folders, "%s", folder);
			ok = read_entry(a, src, &total, err, errsize);
		}
	}
	if (ok && rc != ARCHIVE_EOF)
		ok = fail(err, errsize, "broken archive: %s", archive_error_string(a));
	if (ok)
		ok = pick_folder(s, folders, err, errsize);
	free(folders);
	archive_read_free(a);
	return ok;
}

bool ig_sources_load(const char *path, struct ig_sources *s, char *err, size_t errsize)
{
	struct stat st;
	bool ok;

	*s = (struct ig_sources){ NULL, 0 };
	if (stat(path, &st) == -1)
		return fail(err, errsize, "cannot read the submission: %s", ig_errno_text(errno));
	ok = S_ISDIR(st.st_mode) ? load_dir(path, s, err, errsize) :
	     S_ISREG(st.st_mode) ? load_archive(path, s, err, errsize) :
	     fail(err, errsize, "neither a directory nor an archive");
	if (ok && s->n == 0)
		ok = fail(err, errsize, "no .c or .h file at the top of the submission "
			  "(or of its one folder)");
	/* Same order whatever the directory or archive order: the digest is stable. */
	if (ok)
		qsort(s->files, s->n, sizeof *s->files, by_name);
	else
		ig_sources_free(s);
	return ok;
}

bool ig_sources_write(const struct ig_sources *s, const char *dir)
{
	for (size_t i = 0; i < s->n; i++) {
		char path[PATH_MAX + 300];
		int fd;
		bool ok;

		snprintf(path, sizeof path, "%s/%s", dir, s->files[i].name);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd == -1)
			return false;
		ok = write(fd, s->files[i].data, s->files[i].size) == (ssize_t)s->files[i].size;
		if (close(fd) == -1 || !ok)
			return false;
	}
	return true;
}

/* FNV-1a: not a defence against forgery, only "has this changed since?". */
unsigned long long ig_fnv(unsigned long long hash, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++)
		hash = (hash ^ p[i]) * 0x100000001b3ULL;
	return hash;
}

unsigned long long ig_sources_digest(const struct ig_sources *s, const char *salt)
{
	unsigned long long hash = ig_fnv(IG_FNV_BASIS, salt, strlen(salt));

	for (size_t i = 0; i < s->n; i++) {
		char size[32];
		int len = snprintf(size, sizeof size, "%zu:", s->files[i].size);

		hash = ig_fnv(hash, s->files[i].name, strlen(s->files[i].name) + 1);
		hash = ig_fnv(hash, size, (size_t)len);
		hash = ig_fnv(hash, s->files[i].data, s->files[i].size);
	}
	return hash;
}
