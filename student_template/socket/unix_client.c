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
	/*
	 * TODO 1: check the arguments; build the address with
	 * sock_unix_address().
	 *
	 * TODO 2: socket(2) and connect(2). When connect fails, die() prints
	 * the errno's name (ENOENT, ECONNREFUSED) and exits 1.
	 *
	 * TODO 3: frame_send() each MESSAGE, then close(2) and exit 0.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: unix_client is not written yet (see unix_client.c)");
}
