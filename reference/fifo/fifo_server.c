/*
 * fifo_server.c - hand out sequence numbers to any number of fifo_clients,
 * one request at a time, through a well-known request FIFO; each answer
 * goes back through the FIFO the client named in its request.
 *
 * Usage: fifo_server REQUEST_FIFO
 *
 * Creates REQUEST_FIFO (replacing a leftover one), prints "ready" once it
 * reads it, and serves until SIGINT or SIGTERM, which remove the FIFO. A
 * request that cannot be answered is reported on stderr and skipped.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "die.h"
#include "fifo_lib.h"
#include "fifo_proto.h"
#include "leave.h"

static const char *request_path; /* set once the FIFO is ours */

/* Runs from die() and from the signal handler: system calls only. */
static void remove_fifo(void)
{
	if (request_path)
		unlink(request_path);
	request_path = NULL;
}

static void make_request_fifo(const char *path)
{
	hold_signals(true);
	if (fifo_make(path) == -1)
		die(errno == EBUSY ? "fifo_make(%s): another server reads it" :
		    "fifo_make(%s)", path);
	request_path = path;
	hold_signals(false);
}

/*
 * Open the request FIFO for reading without waiting for a first client,
 * and hold a write end too: with no writer left, read() would return end
 * of file at once, again and again, after every client that leaves.
 */
static int open_request_fifo(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	int flags;

	if (fd == -1)
		die("open(%s, O_RDONLY)", path);
	if (open(path, O_WRONLY) == -1)
		die("open(%s, O_WRONLY)", path);
	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1)
		die("fcntl(%s, F_SETFL)", path);
	return fd;
}

/* Report a request that is not answered; ERR 0 means no errno applies. */
static void skip(const struct fifo_request *req, const char *what, int err)
{
	fprintf(stderr, "fifo_server: request of pid %ld skipped: %s%s%s%s%s\n",
		(long)req->pid, what, err ? ": " : "", err ? errno_name(err) : "",
		err ? " " : "", err ? strerror(err) : "");
}

/* Answer one request; false if the answer could not be delivered. */
static bool answer(const struct fifo_request *req, int seq)
{
	struct fifo_response resp = { .seq = seq };
	struct stat st;
	ssize_t n;
	int fd;

	/* Blocks until the client opens its end for reading. */
	while ((fd = open(req->reply, O_WRONLY)) == -1 && errno == EINTR)
		;
	if (fd == -1) {
		skip(req, "open(reply FIFO)", errno);
		return false;
	}
	/* Never write into a file a client named by mistake or malice. */
	if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
		skip(req, "the reply path is not a FIFO", 0);
		close(fd);
		return false;
	}
	while ((n = write(fd, &resp, sizeof resp)) == -1 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof resp)
		skip(req, "write(reply FIFO)", n == -1 ? errno : 0); /* EPIPE: the client left */
	close(fd);
	return n == (ssize_t)sizeof resp;
}

int main(int argc, char *argv[])
{
	struct fifo_request req;
	int fd, next = 0;
	ssize_t n;

	if (argc != 2)
		die_msg("usage: %s REQUEST_FIFO", argv[0]);
	die_at_exit(remove_fifo);
	leave_on_signals(remove_fifo);
	signal(SIGPIPE, SIG_IGN); /* a client that leaves is an EPIPE */
	make_request_fifo(argv[1]);
	fd = open_request_fifo(argv[1]);
	if (printf("ready\n") < 0 || fflush(stdout) == EOF)
		die("printf(ready)");

	for (;;) {
		n = read(fd, &req, sizeof req);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			die("read(%s)", argv[1]);
		/* Clients write whole records, each in one write(). */
		if (n != (ssize_t)sizeof req) {
			fprintf(stderr, "fifo_server: a request of %zd bytes discarded\n", n);
			continue;
		}
		req.reply[FIFO_PATH_MAX - 1] = '\0';
		if (req.count < 1 || req.count > INT_MAX - next)
			skip(&req, "count out of range", 0);
		else if (answer(&req, next))
			next += req.count;
	}
}
