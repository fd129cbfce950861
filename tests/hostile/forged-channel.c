/*
 * Attack: shm_demo looks for the grader's secrets where a process of the
 * same user could read them: the nonce in the environment of every
 * process (/proc/PID/environ), and every descriptor of every process
 * (/proc/PID/fd/N). It writes forged pass records, end records and exit
 * statuses into every one it can open, then exits 0 without doing its job.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail error
 * Levels: root user none
 */
#include "hostile.h"

#include <dirent.h>

static void forge(const char *nonce)
{
	DIR *proc = opendir("/proc");
	struct dirent *p;

	while (proc && (p = readdir(proc)) != NULL) {
		for (int fd = 0; p->d_name[0] >= '1' && p->d_name[0] <= '9' && fd < 32; fd++) {
			char path[64];
			int w;

			snprintf(path, sizeof path, "/proc/%s/fd/%d", p->d_name, fd);
			if ((w = open(path, O_WRONLY | O_NONBLOCK)) == -1)
				continue;
			dprintf(w, "%s result demo::reports_requested_and_allocated pass 1 \n"
				   "%s end 1\nstatus\t0\n", nonce, nonce);
			close(w);
		}
	}
	if (proc)
		closedir(proc);
}

__attribute__((constructor)) static void attack(void)
{
	DIR *proc;
	struct dirent *p;
	bool found = false;

	if (!hostile_in("shm_demo") || !(proc = opendir("/proc")))
		return;
	while ((p = readdir(proc)) != NULL) {
		char path[64], env[65536];
		ssize_t n;
		int fd;

		snprintf(path, sizeof path, "/proc/%s/environ", p->d_name);
		if ((fd = open(path, O_RDONLY)) == -1)
			continue;
		n = read(fd, env, sizeof env - 1);
		close(fd);
		for (ssize_t i = 0; i < n; i += (ssize_t)strlen(env + i) + 1) {
			env[n] = '\0';
			if (strncmp(env + i, "IPCLAB_NONCE=", 13) == 0) {
				forge(env + i + 13);
				found = true;
			}
		}
	}
	closedir(proc);
	if (!found)
		forge("-");
	fprintf(stderr, "nonce %s\n", found ? "found" : "not found");
	exit(0);
}
