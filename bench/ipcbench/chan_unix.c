/* chan_unix.c - a UNIX stream socket bound to a path in the channel's
 * directory: the parent listens and accepts, the child connects. */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "die.h"

static struct sockaddr_un address(const struct chan *c)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	/* sun_path is short (108 bytes): a longer path must not be cut. */
	if ((size_t)snprintf(addr.sun_path, sizeof addr.sun_path, "%s/socket", c->dir) >=
	    sizeof addr.sun_path)
		die_msg("%s/socket: longer than sun_path (%zu bytes)", c->dir,
			sizeof addr.sun_path);
	return addr;
}

static void unix_open(struct chan *c)
{
	struct sockaddr_un addr = address(c);

	c->listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c->listen_fd == -1)
		die("socket(AF_UNIX)");
	if (bind(c->listen_fd, (struct sockaddr *)&addr, sizeof addr) == -1)
		die("bind(%s)", addr.sun_path);
	if (listen(c->listen_fd, 1) == -1)
		die("listen(%s)", addr.sun_path);
}

static void unix_attach(struct chan *c, enum side s)
{
	struct sockaddr_un addr = address(c);

	stream_connect(c, s, (struct sockaddr *)&addr, sizeof addr);
}

static void unix_remove(struct chan *c)
{
	char path[PATH_MAX + 8];

	/* Not address(): it may die, and this runs in a signal handler. */
	snprintf(path, sizeof path, "%s/socket", c->dir);
	unlink(path);
	stream_close_all(c);
}

const struct mech mech_unix = {
	.name = "unix", .label = "UNIX socket", .framed = true,
	.open = unix_open, .attach = unix_attach,
	.send = stream_send, .recv = stream_recv, .end = stream_end,
	.remove = unix_remove,
};
