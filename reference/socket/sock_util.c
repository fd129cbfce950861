/* sock_util.c - see sock_util.h. */
#define _XOPEN_SOURCE 700
#include "sock_util.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "die.h"

void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			die("write(fd %d)", fd);
		p += n;
		len -= (size_t)n;
	}
}

static void (*signal_cleanup)(void);

static void leave(int sig)
{
	signal_cleanup();
	signal(sig, SIG_DFL); /* the parent sees how we ended */
	raise(sig);
}

void cleanup_on_signals(void (*cleanup)(void))
{
	struct sigaction sa = { .sa_handler = leave };

	signal_cleanup = cleanup;
	sigfillset(&sa.sa_mask); /* one cleanup at a time */
	if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1)
		die("sigaction(SIGINT, SIGTERM)");
}
