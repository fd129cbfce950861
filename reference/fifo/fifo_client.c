/*
 * fifo_client.c - ask fifo_server for COUNT sequence numbers and print the
 * first one.
 *
 * Usage: fifo_client REQUEST_FIFO REPLY_FIFO [COUNT]
 *   COUNT is a whole number from 1 (the default).
 *
 * Creates REPLY_FIFO, writes one request into REQUEST_FIFO, waits for the
 * answer in REPLY_FIFO, prints the number and removes REPLY_FIFO, also on
 * every error and on SIGINT or SIGTERM. Fails at once, without waiting, when
 * no server reads REQUEST_FIFO.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "fifo_lib.h"
#include "fifo_proto.h"
#include "leave.h"

static const char *reply_path; /* set once the FIFO is ours */

/* Runs from die() and from the signal handler: system calls only. */
static void remove_fifo(void)
{
	if (reply_path)
		unlink(reply_path);
	reply_path = NULL;
}

static int parse_count(const char *arg)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 1 || n > INT_MAX)
		die_msg("bad COUNT '%s': expected a whole number from 1", arg);
	return (int)n;
}

/* Without O_NONBLOCK, open() would wait for a server forever; with it, no
 * reader means ENXIO (see fifo(7)). Writes block again afterwards, so that
 * a full FIFO makes the client wait instead of failing with EAGAIN. */
static int open_request_fifo(const char *path)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK);
	int flags;

	if (fd == -1 && errno == ENXIO)
		die("open(%s): no server is reading it", path);
	if (fd == -1)
		die("open(%s)", path);
	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1)
		die("fcntl(%s, F_SETFL)", path);
	return fd;
}

static void send_request(const char *path, const struct fifo_request *req)
{
	int fd = open_request_fifo(path);
	ssize_t n;

	/* One write: shorter than PIPE_BUF, the record is never split. */
	while ((n = write(fd, req, sizeof *req)) == -1 && errno == EINTR)
		;
	if (n == -1)
		die("write(%s)", path);
	if (n != (ssize_t)sizeof *req)
		die_msg("write(%s): only %zd of %zu bytes written", path, n, sizeof *req);
	if (close(fd) == -1)
		die("close(%s)", path);
}

static int receive_answer(const char *path)
{
	struct fifo_response resp;
	ssize_t n;
	int fd;

	/* Blocks until the server opens it for writing. */
	while ((fd = open(path, O_RDONLY)) == -1 && errno == EINTR)
		;
	if (fd == -1)
		die("open(%s)", path);
	while ((n = read(fd, &resp, sizeof resp)) == -1 && errno == EINTR)
		;
	if (n == -1)
		die("read(%s)", path);
	if (n != (ssize_t)sizeof resp)
		die_msg("the server closed %s without a whole answer (%zd bytes)", path, n);
	close(fd);
	return resp.seq;
}

int main(int argc, char *argv[])
{
	struct fifo_request req = { .pid = getpid(), .count = 1 };

	if (argc != 3 && argc != 4)
		die_msg("usage: %s REQUEST_FIFO REPLY_FIFO [COUNT]", argv[0]);
	if (argc == 4)
		req.count = parse_count(argv[3]);
	if (strlen(argv[2]) >= sizeof req.reply)
		die_msg("REPLY_FIFO '%.40s...' is longer than %d bytes", argv[2],
			FIFO_PATH_MAX - 1);
	strcpy(req.reply, argv[2]);

	die_at_exit(remove_fifo);
	leave_on_signals(remove_fifo);
	hold_signals(true);
	if (fifo_make(argv[2]) == -1)
		die("fifo_make(%s)", argv[2]);
	reply_path = argv[2];
	hold_signals(false);

	send_request(argv[1], &req);
	if (printf("%d\n", receive_answer(argv[2])) < 0 || fflush(stdout) == EOF)
		die("printf");
	remove_fifo();
	return EXIT_SUCCESS;
}
