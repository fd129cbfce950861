/*
 * cgroup.c - caps on processes and memory that hold even for root, where
 * RLIMIT_NPROC does not and RLIMIT_AS counts per process: every sandbox
 * gets a control group of its own, in the v1 "pids" and "memory"
 * hierarchies or in the v2 tree, when the grader may make one (as root).
 * A fork bomb then stops at MAX_PROCESSES without starving the machine's
 * other processes of the user, and many processes that each allocate what
 * RLIMIT_AS allows meet the cgroup's out-of-memory killer, not the host's.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { MAX_PROCESSES = 128 };
static const char max_memory[] = "2147483648"; /* 2 GiB for the whole test */

/* A hierarchy to make groups in, and the limit files a group has there. */
struct hierarchy {
	const char *base, *pids_max, *memory_max;
};

static const struct hierarchy v1[] = {
	{ "/sys/fs/cgroup/pids", "pids.max", NULL },
	{ "/sys/fs/cgroup/memory", NULL, "memory.limit_in_bytes" },
};
static const struct hierarchy v2[] = {
	{ "/sys/fs/cgroup", "pids.max", "memory.max" },
};
static const struct hierarchy *found;
static size_t nfound;

static bool write_text(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX + 64];
	int fd;
	bool ok;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return false;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	return close(fd) == 0 && ok;
}

/* v2 gives a child group pids.max and memory.max only when the parent
 * lists both controllers in its cgroup.subtree_control. */
static bool v2_usable(void)
{
	char line[256] = "";
	FILE *f = fopen("/sys/fs/cgroup/cgroup.subtree_control", "re");

	if (!f)
		return false;
	if (!fgets(line, sizeof line, f))
		line[0] = '\0';
	fclose(f);
	return strstr(line, "pids") && strstr(line, "memory") &&
	       access("/sys/fs/cgroup/cgroup.procs", W_OK) == 0;
}

/*
 * A grader killed by SIGKILL cannot remove its groups. A group is named
 * after the process that made it, which removes it before it ends: a
 * group whose maker is gone, a minute old, is stale (rmdir() refuses one
 * that still holds a process).
 */
static void remove_stale_groups(void)
{
	for (size_t i = 0; i < nfound; i++) {
		DIR *d = opendir(found[i].base);
		const struct dirent *e;
		int pid;
		unsigned serial;

		while (d && (e = readdir(d)) != NULL) {
			char path[PATH_MAX];
			struct stat st;

			snprintf(path, sizeof path, "%s/%s", found[i].base, e->d_name);
			if (sscanf(e->d_name, "ipcgrade-%d-%u", &pid, &serial) == 2 && pid > 0 &&
			    kill(pid, 0) == -1 && errno == ESRCH && stat(path, &st) == 0 &&
			    time(NULL) - st.st_mtime > 60)
				rmdir(path);
		}
		if (d)
			closedir(d);
	}
}

const char *ig_cgroup_init(void)
{
	const char *name = NULL;

	if (access("/sys/fs/cgroup/pids/cgroup.procs", W_OK) == 0 &&
	    access("/sys/fs/cgroup/memory/cgroup.procs", W_OK) == 0) {
		found = v1;
		nfound = sizeof v1 / sizeof *v1;
		name = "cgroup v1";
	} else if (v2_usable()) {
		found = v2;
		nfound = sizeof v2 / sizeof *v2;
		name = "cgroup v2";
	}
	remove_stale_groups();
	return name;
}

bool ig_cgroup_make(struct ig_cgroup *cg)
{
	static unsigned serial;
	char processes[16];
	bool ok = true;

	cg->n = 0;
	snprintf(processes, sizeof processes, "%d", MAX_PROCESSES);
	for (size_t i = 0; ok && i < nfound; i++) {
		snprintf(cg->dirs[i], sizeof cg->dirs[i], "%s/ipcgrade-%d-%u", found[i].base,
			 (int)getpid(), ++serial);
		if (!(ok = mkdir(cg->dirs[i], 0755) == 0))
			break;
		cg->n++;
		ok = (!found[i].pids_max || write_text(cg->dirs[i], found[i].pids_max, processes)) &&
		     (!found[i].memory_max || write_text(cg->dirs[i], found[i].memory_max, max_memory));
	}
	if (!ok)
		ig_cgroup_remove(cg);
	return ok;
}

bool ig_cgroup_enter(const struct ig_cgroup *cg, pid_t pid)
{
	char text[16];

	snprintf(text, sizeof text, "%d", (int)pid);
	for (size_t i = 0; i < cg->n; i++)
		if (!write_text(cg->dirs[i], "cgroup.procs", text))
			return false;
	return true;
}

void ig_cgroup_remove(struct ig_cgroup *cg)
{
	const struct timespec tick = { .tv_nsec = 2 * 1000 * 1000 };

	/* The last processes leave the group a moment after they are reaped. */
	for (size_t i = 0; i < cg->n; i++)
		for (int tries = 0; rmdir(cg->dirs[i]) == -1 && errno == EBUSY && tries < 500; tries++)
			nanosleep(&tick, NULL);
	cg->n = 0;
}
