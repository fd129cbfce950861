/*
 * leaks.c - what a test left behind: System V objects, /dev/shm files,
 * processes, FIFOs and sockets. Each leak carries the command that removes
 * it on the student's own machine.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct sysv_kind {
	const char *file, *kind, *what, *many, *flag;
} sysv_kinds[] = {
	{ "/proc/sysvipc/shm", "shm", "segment", "segments", "-m" },
	{ "/proc/sysvipc/sem", "sem", "semaphore set", "semaphore sets", "-s" },
	{ "/proc/sysvipc/msg", "msg", "message queue", "message queues", "-q" },
};

/* Leaks listed one by one per kind; the rest are counted in one line, so a
 * program that leaves thousands keeps the report readable (and within the
 * sandbox's report buffer). */
enum { MAX_LISTED = 10 };

static bool list_one_more(unsigned *count)
{
	return ++*count <= MAX_LISTED;
}

static void list_the_rest(int fd, const char *kind, unsigned count, const char *what,
			  const char *remove)
{
	if (count > MAX_LISTED)
		dprintf(fd, "leak\t%s\t+%u\t\t%u more %s, not listed\t%s\n", kind,
			count - MAX_LISTED, count - MAX_LISTED, what, remove);
}

static bool in_list(const char *ids, const char *kind, int id)
{
	char token[32];

	snprintf(token, sizeof token, " %s%d ", kind, id);
	return ids && strstr(ids, token) != NULL;
}

void ig_sysv_ids(char *ids, size_t size)
{
	size_t used = 0;

	ids[0] = '\0';
	for (size_t k = 0; k < sizeof sysv_kinds / sizeof *sysv_kinds; k++) {
		char line[512];
		FILE *f = fopen(sysv_kinds[k].file, "re");
		int key, id;

		if (!f)
			continue;
		while (fgets(line, sizeof line, f) && used + 32 < size)
			if (sscanf(line, "%d %d", &key, &id) == 2)
				used += (size_t)snprintf(ids + used, size - used, " %s%d ",
							 sysv_kinds[k].kind, id);
		fclose(f);
	}
}

void ig_traced_ids(const char *trace, char *ids, size_t size)
{
	FILE *f = fopen(trace, "re");
	char line[PATH_MAX * 3], kind[8];
	size_t used = 0;
	int id;

	ids[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof line, f) && used + 32 < size)
		if (sscanf(line, "%7[a-z]\t%d\t", kind, &id) == 2 &&
		    (strcmp(kind, "shm") == 0 || strcmp(kind, "sem") == 0 || strcmp(kind, "msg") == 0))
			used += (size_t)snprintf(ids + used, size - used, " %s%d ", kind, id);
	fclose(f);
}

void ig_scan_sysv(int fd, const char *before, const char *only, bool remove)
{
	for (size_t k = 0; k < sizeof sysv_kinds / sizeof *sysv_kinds; k++) {
		const struct sysv_kind *s = &sysv_kinds[k];
		char line[512];
		FILE *f = fopen(s->file, "re");
		unsigned long size;
		unsigned mode, count = 0;
		int key, id, cpid = 0, nattch = 0;
		char remove_all[32];

		if (!f)
			continue;
		while (fgets(line, sizeof line, f)) {
			if (sscanf(line, "%d %d %o %lu", &key, &id, &mode, &size) != 4 ||
			    in_list(before, s->kind, id) || (only && !in_list(only, s->kind, id)))
				continue;
			if (k == 0)
				sscanf(line, "%*d %*d %*o %*u %d %*d %d", &cpid, &nattch);
			if (list_one_more(&count)) {
				dprintf(fd, "leak\t%s\t%d\t%#x\t%s, mode %o, %lu %s",
					s->kind, id, (unsigned)key, s->what, mode & 0777, size,
					k == 0 ? "bytes" : k == 1 ? "semaphores" : "bytes queued");
				if (k == 0)
					dprintf(fd, ", made by pid %d, %d attached", cpid, nattch);
				dprintf(fd, "\tipcrm %s %d\n", s->flag, id);
			}
			if (remove)
				k == 0 ? shmctl(id, IPC_RMID, NULL) :
				k == 1 ? semctl(id, 0, IPC_RMID) : msgctl(id, IPC_RMID, NULL);
		}
		fclose(f);
		snprintf(remove_all, sizeof remove_all, "ipcrm --all=%s", s->kind);
		list_the_rest(fd, s->kind, count, s->many, remove_all);
	}
}

static void scan_dev_shm(int fd)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *e;
	unsigned count = 0;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL)
		/* Criterion keeps its own arenas there. */
		if (e->d_name[0] != '.' && strncmp(e->d_name, "bxf_arena_", 10) != 0 &&
		    list_one_more(&count))
			dprintf(fd, "leak\tfile\t/dev/shm/%s\t\tPOSIX shared memory object\trm /dev/shm/%s\n",
				e->d_name, e->d_name);
	closedir(d);
	list_the_rest(fd, "file", count, "files in /dev/shm", "ls /dev/shm");
}

bool ig_descends_from(pid_t pid, pid_t ancestor)
{
	/* A chain of parents is short; the bound only guards against a loop
	 * made of pids reused while we read. */
	for (int depth = 0; pid > 1 && depth < 4096; depth++) {
		char path[64], stat[512], *paren;
		FILE *f;

		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
		if (!(f = fopen(path, "re")))
			return false;
		paren = fgets(stat, sizeof stat, f) ? strrchr(stat, ')') : NULL;
		fclose(f);
		/* "pid (comm) state ppid ...": comm may hold spaces and parentheses. */
		if (!paren || sscanf(paren + 1, " %*c %d", &pid) != 1)
			return false;
		if (pid == ancestor)
			return true;
	}
	return false;
}

void ig_scan_processes(int fd, const char *test_exe, pid_t ancestor)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	unsigned count = 0;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[64], comm[64] = "?", exe[PATH_MAX];
		ssize_t n;
		FILE *f;

		if (!isdigit((unsigned char)e->d_name[0]) || atoi(e->d_name) == getpid() ||
		    (ancestor && !ig_descends_from(atoi(e->d_name), ancestor)))
			continue;
		snprintf(path, sizeof path, "/proc/%.20s/exe", e->d_name);
		n = readlink(path, exe, sizeof exe - 1);
		exe[n > 0 ? n : 0] = '\0';
		if (strcmp(exe, test_exe) == 0 || !list_one_more(&count))
			continue;
		snprintf(path, sizeof path, "/proc/%.20s/comm", e->d_name);
		if ((f = fopen(path, "re")) != NULL) {
			if (fgets(comm, sizeof comm, f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		dprintf(fd, "leak\tprocess\t%s\t\t%s, still running after the test\tkill %s\n",
			e->d_name, comm, e->d_name);
	}
	closedir(d);
	list_the_rest(fd, "process", count, "processes", "ps -u");
}

/* Whether NAME, an entry of /tmp, leads to PATH. */
static bool leads_to(const char *name, const char *path)
{
	size_t len = strlen(name);

	return path && strncmp(path, "/tmp/", 5) == 0 && strncmp(path + 5, name, len) == 0 &&
	       (path[5 + len] == '/' || path[5 + len] == '\0');
}

/* The sandbox's private /tmp: what the student's programs left there. Not
 * Criterion's socket, nor the paths the sandbox bound back in place (the
 * scratch directory KEEP, the test program TEST_EXE). */
static void scan_private_tmp(int fd, const char *keep, const char *test_exe)
{
	DIR *d = opendir("/tmp");
	struct dirent *e;
	unsigned count = 0;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strncmp(e->d_name, "criterion_", 10) == 0 ||
		    leads_to(e->d_name, keep) || leads_to(e->d_name, test_exe))
			continue;
		snprintf(path, sizeof path, "/tmp/%s", e->d_name);
		if (lstat(path, &st) == -1 || !list_one_more(&count))
			continue;
		dprintf(fd, "leak\t%s\t%s\t\t%s left in /tmp\trm %s%s\n",
			S_ISFIFO(st.st_mode) ? "fifo" : S_ISSOCK(st.st_mode) ? "socket" : "file",
			path, S_ISFIFO(st.st_mode) ? "FIFO" : S_ISSOCK(st.st_mode) ? "socket file" :
			S_ISDIR(st.st_mode) ? "directory" : "file",
			S_ISDIR(st.st_mode) ? "-r " : "", path);
	}
	closedir(d);
	list_the_rest(fd, "file", count, "files in /tmp", "ls /tmp");
}

void ig_scan_shared_dirs(int fd, uid_t uid, time_t since, bool remove_them)
{
	const char *dirs[] = { "/dev/shm", "/tmp" };

	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		unsigned count = 0;
		char many[32];

		while (d && (e = readdir(d)) != NULL) {
			char path[PATH_MAX];
			struct stat st;

			/* Not the test runner's own files, nor the grader's scratch. */
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
			    strncmp(e->d_name, "bxf_arena_", 10) == 0 ||
			    strncmp(e->d_name, "criterion_", 10) == 0 ||
			    strncmp(e->d_name, "ipcgrade-", 9) == 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", dirs[i], e->d_name);
			if (lstat(path, &st) == -1 || st.st_uid != uid || st.st_ctime < since)
				continue;
			if (list_one_more(&count))
				dprintf(fd, "leak\t%s\t%s\t\t%s left in %s\trm %s%s\n",
					S_ISFIFO(st.st_mode) ? "fifo" : S_ISSOCK(st.st_mode) ? "socket" : "file",
					path, S_ISDIR(st.st_mode) ? "directory" : "file", dirs[i],
					S_ISDIR(st.st_mode) ? "-r " : "", path);
			if (remove_them)
				remove(path);
		}
		if (d)
			closedir(d);
		snprintf(many, sizeof many, "files in %s", dirs[i]);
		list_the_rest(fd, "file", count, many, "ls -l");
	}
}

void ig_scan_namespace(int fd, const char *test_exe, const char *keep)
{
	ig_scan_sysv(fd, NULL, NULL, false);
	scan_dev_shm(fd);
	scan_private_tmp(fd, keep, test_exe);
	ig_scan_processes(fd, test_exe, 0);
}

void ig_scan_dir(const char *dir, struct ig_leak **leaks, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;
		struct ig_leak *grown;

		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == -1 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
			continue;
		grown = realloc(*leaks, (*n + 1) * sizeof **leaks);
		if (!grown)
			break;
		*leaks = grown;
		grown[*n] = (struct ig_leak){ 0 };
		snprintf(grown[*n].kind, sizeof grown[*n].kind, "%s",
			 S_ISFIFO(st.st_mode) ? "fifo" : "socket");
		snprintf(grown[*n].id, sizeof grown[*n].id, "%s", e->d_name);
		snprintf(grown[*n].detail, sizeof grown[*n].detail, "%s left in the test's directory",
			 S_ISFIFO(st.st_mode) ? "FIFO" : "socket file");
		snprintf(grown[*n].remove, sizeof grown[*n].remove, "rm %s", e->d_name);
		(*n)++;
	}
	closedir(d);
}

bool ig_leak_parse(char *line, struct ig_leak *leak)
{
	char *field[6];
	size_t n = 0;

	for (char *p = line; n < 6; n++) {
		field[n] = p;
		p = strchr(p, '\t');
		if (!p) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	if (n != 6 || strcmp(field[0], "leak") != 0)
		return false;
	*leak = (struct ig_leak){ 0 };
	snprintf(leak->kind, sizeof leak->kind, "%s", field[1]);
	snprintf(leak->id, sizeof leak->id, "%s", field[2]);
	snprintf(leak->key, sizeof leak->key, "%s", field[3]);
	snprintf(leak->detail, sizeof leak->detail, "%s", field[4]);
	snprintf(leak->remove, sizeof leak->remove, "%s", field[5]);
	return true;
}
