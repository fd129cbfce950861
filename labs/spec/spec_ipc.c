/* spec_ipc.c - the System V objects the student's programs left around. */
#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_OBJECTS = 64 };

static const char *proc_file(char kind)
{
	return kind == 'm' ? "/proc/sysvipc/shm" :
	       kind == 's' ? "/proc/sysvipc/sem" : "/proc/sysvipc/msg";
}

static const char *track_kind(char kind)
{
	return kind == 'm' ? "shm" : kind == 's' ? "sem" : "msg";
}

/* One line of /proc/sysvipc/{shm,sem,msg}; their columns differ. */
static bool parse_line(char kind, const char *line, struct spec_ipc *o)
{
	unsigned long size = 0;
	int n;

	*o = (struct spec_ipc){ .kind = kind };
	if (kind == 'm')
		n = sscanf(line, "%d %d %o %lu %d %*d %d %u", &o->key, &o->id,
			   &o->mode, &size, &o->cpid, &o->nattch, &o->uid) - 7;
	else if (kind == 's')
		n = sscanf(line, "%d %d %o %lu %u", &o->key, &o->id, &o->mode,
			   &size, &o->uid) - 5;
	else
		n = sscanf(line, "%d %d %o %*u %*u %*d %*d %u", &o->key, &o->id,
			   &o->mode, &o->uid) - 4;
	o->mode &= 0777;
	o->size = size;
	return n == 0;
}

/* Without namespaces the grader lists the objects that existed before the
 * test (" shm3 sem5 "): the host's, never the student's. */
static bool existed_before(char kind, int id)
{
	const char *before = getenv("IPCLAB_IPC_BASELINE");
	char token[32];

	snprintf(token, sizeof token, " %s%d ", track_kind(kind), id);
	return before && strstr(before, token);
}

/* Without namespaces, other programs on the machine (another grader) make
 * objects during the test too: the student's are those that the trace layer
 * (labs/common/trace.c) saw the student's programs create. */
static bool traced(char kind, int id)
{
	const char *path = getenv("IPCLAB_TRACE");
	char line[4096], want[32];
	bool found = false;
	FILE *f;

	if (!getenv("IPCLAB_IPC_BASELINE"))
		return true;
	if (!path || !(f = fopen(path, "re")))
		return false;
	snprintf(want, sizeof want, "%s\t%d\t", track_kind(kind), id);
	while (!found && fgets(line, sizeof line, f))
		found = strncmp(line, want, strlen(want)) == 0;
	fclose(f);
	return found;
}

size_t spec_ipc_list(char kind, struct spec_ipc *out, size_t max)
{
	char line[512];
	size_t count = 0;
	FILE *f = fopen(proc_file(kind), "re");

	if (!f)
		cr_assert_fail(SPEC_SETUP_FAILED "cannot read %s", proc_file(kind));
	if (!fgets(line, sizeof line, f)) /* the header */
		line[0] = '\0';
	while (count < max && fgets(line, sizeof line, f))
		if (parse_line(kind, line, &out[count]) &&
		    !spec_is_tracked(track_kind(kind), out[count].id) &&
		    !existed_before(kind, out[count].id) && traced(kind, out[count].id))
			count++;
	fclose(f);
	return count;
}

bool spec_ipc_find(char kind, key_t key, struct spec_ipc *out)
{
	struct spec_ipc all[MAX_OBJECTS];
	size_t n = spec_ipc_list(kind, all, MAX_OBJECTS);

	for (size_t i = 0; i < n; i++)
		if (all[i].key == key) {
			*out = all[i];
			return true;
		}
	return false;
}

void spec_adopt_segments_of(pid_t pid)
{
	struct spec_ipc all[MAX_OBJECTS];
	size_t n = spec_ipc_list('m', all, MAX_OBJECTS);

	for (size_t i = 0; i < n; i++)
		if (all[i].cpid == pid)
			spec_track_shm(all[i].id);
}

const char *spec_ipc_describe(const struct spec_ipc *o)
{
	static char buf[128];
	const char *what = o->kind == 'm' ? "segment" :
			   o->kind == 's' ? "semaphore set" : "message queue";

	if (o->kind == 'm')
		snprintf(buf, sizeof buf, "%s %d (key %#x, %zu bytes, mode %o)",
			 what, o->id, (unsigned)o->key, o->size, o->mode);
	else if (o->kind == 's')
		snprintf(buf, sizeof buf, "%s %d (key %#x, %zu semaphores, mode %o)",
			 what, o->id, (unsigned)o->key, o->size, o->mode);
	else
		snprintf(buf, sizeof buf, "%s %d (key %#x, mode %o)", what,
			 o->id, (unsigned)o->key, o->mode);
	return buf;
}

void spec_expect_no_ipc(const char *after)
{
	static const char kinds[] = { 'm', 's', 'q' };
	struct spec_ipc left[MAX_OBJECTS];
	char list[512] = "";
	size_t total = 0;

	for (size_t k = 0; k < sizeof kinds; k++) {
		size_t n = spec_ipc_list(kinds[k], left, MAX_OBJECTS);

		for (size_t i = 0; i < n; i++) {
			size_t used = strlen(list);

			snprintf(list + used, sizeof list - used, "%s%s",
				 total ? "; " : "", spec_ipc_describe(&left[i]));
			total++;
		}
	}
	cr_expect(total == 0, "%s: expected no System V object left, got %zu: %s",
		  after, total, list);
}
