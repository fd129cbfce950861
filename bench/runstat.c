/*
 * runstat - run a command and say how long it took and how much memory it
 * used: its own peak resident set (VmHWM of /proc/PID/status, sampled every
 * few milliseconds, so the program itself, not the processes it starts), the
 * largest peak of the whole process tree (wait4's ru_maxrss) and the CPU
 * time of the tree, which a busy machine disturbs less than the wall time.
 *
 * Usage: runstat FILE COMMAND [ARG]...
 *
 * Writes one line to FILE: "WALL_S SELF_KIB TREE_KIB CPU_S EXIT_STATUS",
 * and exits with the command's status (128 + N if signal N killed it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "die.h"

enum { SAMPLE_NS = 5 * 1000 * 1000 };

static double now(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) == -1)
		die("clock_gettime(CLOCK_MONOTONIC)");
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double seconds(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

/* The peak resident set of PID so far, in KiB; 0 once it is gone. */
static long hwm(pid_t pid)
{
	char path[64], line[256];
	long kib = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

int main(int argc, char *argv[])
{
	struct timespec pause = { .tv_nsec = SAMPLE_NS };
	struct rusage ru;
	double start;
	long self = 0, sample;
	int status, code;
	pid_t pid, r;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: %s FILE COMMAND [ARG]...\n", argv[0]);
		return 2;
	}
	start = now();
	pid = fork();
	if (pid == -1)
		die("fork");
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		die("execvp(%s)", argv[2]);
	}
	while ((r = wait4(pid, &status, WNOHANG, &ru)) == 0 ||
	       (r == -1 && errno == EINTR)) {
		if ((sample = hwm(pid)) > self)
			self = sample;
		nanosleep(&pause, NULL);
	}
	if (r == -1)
		die("wait4(%ld)", (long)pid);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (!(out = fopen(argv[1], "w")))
		die("fopen(%s)", argv[1]);
	fprintf(out, "%.3f %ld %ld %.3f %d\n", now() - start, self, ru.ru_maxrss,
		seconds(ru.ru_utime) + seconds(ru.ru_stime), code);
	if (fclose(out) == EOF)
		die("fclose(%s)", argv[1]);
	return code;
}
