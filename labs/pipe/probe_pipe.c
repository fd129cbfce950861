/*
 * probe_pipe.c - call one helper of the student's pipe_lib.c on the
 * descriptors the spec test gave it, so that the test, at the other end of
 * the pipe, decides when a call is cut short. Built by the grader, not by
 * students.
 *
 * Usage: probe_pipe write_all LEN empty|full | read_full LEN
 *   write_all: with "full", first fills the stdout pipe with '.' itself
 *              (F_GETPIPE_SZ bytes); then calls pipe_write_all(1, data,
 *              LEN), data byte i being i % 251.
 *   read_full: calls pipe_read_full(0, buf, LEN), then copies what it got
 *              to stdout.
 * SIGUSR1 is caught without SA_RESTART (so that it cuts a blocked read or
 * write short) and SIGPIPE is ignored. Answers "RETURN ERRNO" on
 * descriptor 3.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipe_lib.h"

static void on_usr1(int sig)
{
	(void)sig;
}

/* The probe's own copy loop: a student's bug must not hide in it. */
static int put(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	const char *call = argc > 1 ? argv[1] : "";
	struct sigaction sa = { .sa_handler = on_usr1 };
	size_t len = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	char *buf = malloc(len + 1);
	long ret;
	int err;

	sigemptyset(&sa.sa_mask);
	if (!buf || sigaction(SIGUSR1, &sa, NULL) == -1 || signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		perror("probe_pipe: setup");
		return 2;
	}
	if (strcmp(call, "write_all") == 0 && argc == 4) {
		int cap = strcmp(argv[3], "full") == 0 ? fcntl(STDOUT_FILENO, F_GETPIPE_SZ) : 0;
		char *dots = cap >= 0 ? malloc((size_t)cap + 1) : NULL;

		if (!dots || (memset(dots, '.', (size_t)cap), put(dots, (size_t)cap)) == -1) {
			perror("probe_pipe: prefill");
			return 2;
		}
		free(dots);
		for (size_t i = 0; i < len; i++)
			buf[i] = (char)(i % 251);
		errno = 0;
		ret = (long)pipe_write_all(STDOUT_FILENO, buf, len);
		err = errno;
	} else if (strcmp(call, "read_full") == 0 && argc == 3) {
		errno = 0;
		ret = (long)pipe_read_full(STDIN_FILENO, buf, len);
		err = errno;
		if (ret > 0 && (size_t)ret <= len && put(buf, (size_t)ret) == -1) {
			perror("probe_pipe: copy to stdout");
			return 2;
		}
	} else {
		fprintf(stderr, "usage: probe_pipe write_all LEN empty|full | read_full LEN\n");
		return 2;
	}
	free(buf);
	return dprintf(3, "%ld %d\n", ret, err) < 0;
}
