/* chan_socketpair.c - a connected pair of UNIX stream sockets, no names,
 * no framing: the fastest a socket can be (a machine limit). */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <sys/socket.h>

#include "die.h"

static void socketpair_open(struct chan *c)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		die("socketpair(AF_UNIX, SOCK_STREAM)");
	c->fd[PARENT][0] = c->fd[PARENT][1] = sv[0];
	c->fd[CHILD][0] = c->fd[CHILD][1] = sv[1];
}

const struct mech mech_socketpair = {
	.name = "socketpair", .label = "socketpair (limit)", .limit = true,
	.open = socketpair_open, .attach = stream_keep,
	.send = stream_send, .recv = stream_recv, .end = stream_end,
	.remove = stream_close_all,
};
