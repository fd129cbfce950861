/*
 * created_at.c - the line of the student's code that created each leaked
 * object. The trace layer (labs/common/trace.c) logs "kind id exe offset"
 * per creating call; addr2line, run as the student in the sandbox because
 * the executable is the student's, turns the offset into file:line.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TRACE_LINES = 4096 };

/* Does the trace's KIND and ID name leak L? Everything is traced by full
 * path; FIFOs and sockets left in the test's directory WORK are reported
 * by name, those in the private /tmp by full path. */
static bool same_object(const struct ig_leak *l, const char *kind, const char *id,
			const char *work)
{
	const char *fs_kind = strcmp(kind, "fifo") == 0 || strcmp(kind, "socket") == 0 ? kind : NULL;
	size_t len = strlen(work);

	if (fs_kind && strcmp(l->kind, fs_kind) == 0 && l->id[0] == '/')
		return strcmp(id, l->id) == 0; /* found in the private /tmp */
	if (fs_kind && strcmp(l->kind, fs_kind) == 0)
		return strncmp(id, work, len) == 0 && id[len] == '/' && strcmp(id + len + 1, l->id) == 0;
	/* A trace "file" under /dev/shm is a POSIX shm object (leak kind file). */
	return strcmp(l->kind, kind) == 0 && strcmp(l->id, id) == 0;
}

static void addr2line(const char *exe, const char *offset, char *where, size_t size)
{
	char *argv[] = { "/usr/bin/addr2line", "-s", "-e", (char *)exe, (char *)offset, NULL };
	char *envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", NULL };
	char dir[PATH_MAX];
	struct ig_run run = { .argv = argv, .envp = envp, .keep = dir, .as_student = true,
			      .limits = { .timeout_ms = 10000 } };
	struct ig_outcome o;
	unsigned line;

	snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(exe, '/') ? strrchr(exe, '/') - exe : 0), exe);
	if (!ig_sandbox_run(&run, &o, NULL, 0))
		return;
	free(o.leaks);
	o.output[strcspn(o.output, "\n ")] = '\0';
	/* "??:0" or "??:?" when there is no debug information. */
	if (!o.timed_out && o.output[0] != '?' && sscanf(strrchr(o.output, ':') ?
	    strrchr(o.output, ':') + 1 : "", "%u", &line) == 1 && line > 0)
		snprintf(where, size, "%.*s", (int)size - 1, o.output);
}

void ig_locate_leaks(struct ig_test *t, const char *trace, const char *work)
{
	FILE *f;
	char line[PATH_MAX * 3];
	unsigned n = 0;

	if (t->nleaks == 0 || !(f = fopen(trace, "re")))
		return;
	while (fgets(line, sizeof line, f) && n++ < MAX_TRACE_LINES) {
		char *save = NULL, *kind = strtok_r(line, "\t", &save);
		char *id = strtok_r(NULL, "\t", &save), *exe = strtok_r(NULL, "\t", &save);
		char *offset = strtok_r(NULL, "\n", &save);

		if (!offset)
			continue;
		/* Later lines win: an id reused after removal is the last creation. */
		for (size_t k = 0; k < t->nleaks; k++)
			if (same_object(&t->leaks[k], kind, id, work))
				addr2line(exe, offset, t->leaks[k].created_at,
					  sizeof t->leaks[k].created_at);
	}
	fclose(f);
}
