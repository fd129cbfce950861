/*
 * chan_fifo.c - two FIFOs in the channel's directory, one per direction.
 * Both processes open them in the same order (parent-to-child first), so
 * the blocking opens pair up instead of deadlocking.
 */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "die.h"

static void fifo_path(const struct chan *c, enum side writer, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", c->dir, writer == PARENT ? "down" : "up");
}

static void fifo_open(struct chan *c)
{
	for (enum side writer = PARENT; writer <= CHILD; writer++) {
		char path[PATH_MAX + 8];

		fifo_path(c, writer, path, sizeof path);
		if (mkfifo(path, 0600) == -1)
			die("mkfifo(%s)", path);
	}
}

static void fifo_attach(struct chan *c, enum side s)
{
	for (enum side writer = PARENT; writer <= CHILD; writer++) {
		char path[PATH_MAX + 8];
		int mine = writer == s;

		fifo_path(c, writer, path, sizeof path);
		/* open() blocks until the other process opens the other end. */
		c->fd[s][mine] = open(path, mine ? O_WRONLY : O_RDONLY);
		if (c->fd[s][mine] == -1)
			die("open(%s)", path);
	}
}

static void fifo_remove(struct chan *c)
{
	for (enum side writer = PARENT; writer <= CHILD; writer++) {
		char path[PATH_MAX + 8];

		fifo_path(c, writer, path, sizeof path);
		unlink(path);
	}
	stream_close_all(c);
}

const struct mech mech_fifo = {
	.name = "fifo", .label = "FIFO", .framed = true,
	.open = fifo_open, .attach = fifo_attach,
	.send = stream_send, .recv = stream_recv, .end = stream_end,
	.remove = fifo_remove,
};
