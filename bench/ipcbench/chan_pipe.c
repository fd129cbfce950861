/*
 * chan_pipe.c - two pipes, one per direction. The lab mechanism frames each
 * message with a length header; the bare pipe, a machine limit, moves the
 * payload alone.
 */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <unistd.h>

#include "die.h"

static void pipe_open(struct chan *c)
{
	int down[2], up[2];

	if (pipe(down) == -1 || pipe(up) == -1)
		die("pipe");
	c->fd[PARENT][0] = up[0];
	c->fd[PARENT][1] = down[1];
	c->fd[CHILD][0] = down[0];
	c->fd[CHILD][1] = up[1];
}

const struct mech mech_pipe = {
	.name = "pipe", .label = "pipe", .framed = true,
	.open = pipe_open, .attach = stream_keep,
	.send = stream_send, .recv = stream_recv, .end = stream_end,
	.remove = stream_close_all,
};

const struct mech mech_bare_pipe = {
	.name = "bare-pipe", .label = "bare pipe (limit)", .limit = true,
	.open = pipe_open, .attach = stream_keep,
	.send = stream_send, .recv = stream_recv, .end = stream_end,
	.remove = stream_close_all,
};
