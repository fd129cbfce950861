/* chan_tcp.c - a TCP connection over loopback: the parent listens on
 * 127.0.0.1 at a port the kernel picks, the child connects to it. */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "die.h"

static struct sockaddr_in address(unsigned short port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	return addr;
}

static void tcp_open(struct chan *c)
{
	struct sockaddr_in addr = address(0);
	socklen_t len = sizeof addr;

	c->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->listen_fd == -1)
		die("socket(AF_INET)");
	if (bind(c->listen_fd, (struct sockaddr *)&addr, sizeof addr) == -1)
		die("bind(127.0.0.1:0)");
	if (listen(c->listen_fd, 1) == -1)
		die("listen(127.0.0.1)");
	if (getsockname(c->listen_fd, (struct sockaddr *)&addr, &len) == -1)
		die("getsockname(fd=%d)", c->listen_fd);
	c->port = ntohs(addr.sin_port);
}

static void tcp_attach(struct chan *c, enum side s)
{
	struct sockaddr_in addr = address(c->port);

	stream_connect(c, s, (struct sockaddr *)&addr, sizeof addr);
}

const struct mech mech_tcp = {
	.name = "tcp", .label = "TCP loopback", .framed = true,
	.open = tcp_open, .attach = tcp_attach,
	.send = stream_send, .recv = stream_recv, .end = stream_end,
	.remove = stream_close_all,
};
