/* spec_env.c - the test's surroundings: page, keys, paths, tracked objects. */
#include "spec.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

long spec_must_(long ret, const char *what, const char *file, int line)
{
	if (ret == -1)
		cr_assert_fail(SPEC_SETUP_FAILED "%s (%s:%d): %s", what, file, line,
			 spec_errno_name(errno));
	return ret;
}

const char *spec_errno_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

size_t spec_page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

key_t spec_key(void)
{
	unsigned int r;

	if (getrandom(&r, sizeof r, 0) != sizeof r)
		cr_assert_fail(SPEC_SETUP_FAILED "getrandom: %s", spec_errno_name(errno));
	return (key_t)(0x10000000u | (r & 0x0fffffffu));
}

const char *spec_program(const char *name)
{
	static char path[PATH_MAX];
	const char *bin = getenv("IPCLAB_BIN");

	if (!bin)
		cr_assert_fail(SPEC_SETUP_FAILED "IPCLAB_BIN is not set");
	snprintf(path, sizeof path, "%s/%s", bin, name);
	if (access(path, X_OK) != 0)
		cr_assert_fail(SPEC_CANNOT_CHECK "%s was not built", name);
	return path;
}

const char *spec_path(const char *name)
{
	static char path[2 * PATH_MAX];
	char cwd[PATH_MAX];

	if (!getcwd(cwd, sizeof cwd))
		cr_assert_fail(SPEC_SETUP_FAILED "getcwd: %s", spec_errno_name(errno));
	snprintf(path, sizeof path, "%s/%s", cwd, name);
	return path;
}

bool spec_student_is_other_user(void)
{
	const char *uid = getenv("IPCLAB_STUDENT_UID");

	return uid && (uid_t)strtoul(uid, NULL, 10) != geteuid();
}

/* The tracking file lives where the student's processes cannot write. */
static const char *track_file(void)
{
	static char path[PATH_MAX];
	const char *dir = getenv("IPCLAB_PRIVATE");

	snprintf(path, sizeof path, "%s/tracked", dir ? dir : ".");
	return path;
}

static void track(const char *kind, const char *what)
{
	FILE *f = fopen(track_file(), "a");

	if (!f || fprintf(f, "%s %s\n", kind, what) < 0 || fclose(f) == EOF)
		cr_assert_fail(SPEC_SETUP_FAILED "cannot record %s %s in %s", kind,
			 what, track_file());
}

void spec_track_shm(int id)
{
	char s[16];

	snprintf(s, sizeof s, "%d", id);
	track("shm", s);
}

void spec_track_sem(int id)
{
	char s[16];

	snprintf(s, sizeof s, "%d", id);
	track("sem", s);
}

void spec_track_path(const char *path)
{
	track("path", path);
}

void spec_remove_tracked(void)
{
	char kind[8], what[PATH_MAX];
	FILE *f = fopen(track_file(), "r");

	if (!f)
		return;
	while (fscanf(f, "%7s %4095[^\n]", kind, what) == 2) {
		if (strcmp(kind, "shm") == 0)
			shmctl(atoi(what), IPC_RMID, NULL);
		else if (strcmp(kind, "sem") == 0)
			semctl(atoi(what), 0, IPC_RMID);
		else
			unlink(what);
	}
	fclose(f);
	unlink(track_file());
}

/* The ids of the test's own objects, for spec_ipc_list() to skip. */
bool spec_is_tracked(const char *kind, int id)
{
	char k[8], what[PATH_MAX];
	bool found = false;
	FILE *f = fopen(track_file(), "r");

	if (!f)
		return false;
	while (!found && fscanf(f, "%7s %4095[^\n]", k, what) == 2)
		found = strcmp(k, kind) == 0 && atoi(what) == id;
	fclose(f);
	return found;
}

const char *spec_num(size_t n)
{
	static char buf[4][24];
	static unsigned next;
	char *s = buf[next++ % 4];

	snprintf(s, sizeof buf[0], "%zu", n);
	return s;
}
