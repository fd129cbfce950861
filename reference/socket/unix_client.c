/*
 * unix_client.c - send messages to unix_server over a UNIX domain socket.
 *
 * Usage: unix_client PATH MESSAGE...
 *
 * Connects to the socket at PATH and sends each MESSAGE as one frame (see
 * sock_proto.h), then closes the connection and exits 0. Exits 1 with a
 * message naming the errno when there is no socket at PATH (ENOENT), nobody
 * listens on it (ECONNREFUSED), or the server goes away while it sends
 * (EPIPE: the client is never killed by SIGPIPE).
 */
#define _XOPEN_SOURCE 700
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "sock_proto.h"

int main(int argc, char *argv[])
{
	struct sockaddr_un addr;
	socklen_t len;
	int fd;

	if (argc < 3)
		die_msg("usage: %s PATH MESSAGE...", argv[0]);
	if (sock_unix_address(argv[1], &addr, &len) == -1)
		die("socket path '%s'", argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		die("socket(AF_UNIX)");
	if (connect(fd, (struct sockaddr *)&addr, len) == -1)
		die("connect(%s)", argv[1]);
	for (int i = 2; i < argc; i++)
		if (frame_send(fd, argv[i], strlen(argv[i])) == -1)
			die("send(%s, message %d)", argv[1], i - 1);
	if (close(fd) == -1)
		die("close(%s)", argv[1]);
	return EXIT_SUCCESS;
}
