/* stream.c - see stream.h. */
#define _GNU_SOURCE /* program_invocation_short_name */
#include "stream.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "pipe_lib.h"

enum { CHUNK = 65536 };

int stream_copy(int in, int out, const char **failed)
{
	char buf[CHUNK];
	ssize_t n;

	/* A read returns what is there: write exactly that much. */
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*failed = "read";
			return -1;
		}
		if (pipe_write_all(out, buf, (size_t)n) == -1) {
			*failed = "write";
			return -1;
		}
	}
	return 0;
}

int stream_reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			die("waitpid(%d)", (int)pid);
	return status;
}

void stream_ignore_sigpipe(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		die("sigaction(SIGPIPE)");
}

void stream_warn(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s (%s)\n", errno_name(err), strerror(err));
}
