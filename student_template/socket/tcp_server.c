/*
 * tcp_server.c - echo every message of every client back to it, over TCP.
 *
 * Usage: tcp_server [-a ADDRESS] PORT
 *   -a ADDRESS  the IPv4 address to listen on (default 127.0.0.1)
 *   PORT        0 to 65535; 0 lets the kernel choose a free port
 *
 * Prints "port N", N being the port it got, once it listens. Serves clients
 * concurrently. Every frame (see sock_proto.h) a client sends comes back to
 * it whole; the client's end of stream ends its session. Runs until SIGINT
 * or SIGTERM.
 */
#define _XOPEN_SOURCE 700
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "sock_proto.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: parse -a ADDRESS (getopt(3), inet_pton(3)) and PORT
	 * (strtoul(3), checking the end pointer and the range).
	 *
	 * TODO 2: socket(2), SO_REUSEADDR (setsockopt(2)), bind(2) to
	 * ADDRESS and PORT, listen(2). Then getsockname(2) tells the port you
	 * got: print "port N" and flush stdout.
	 *
	 * TODO 3: accept(2) clients and serve them concurrently: fork(2) a
	 * child per client (the parent closes its copy of the client's socket
	 * and reaps ended children, waitpid(2) from a SIGCHLD handler), or a
	 * thread per client, or poll(2). A session: frame_recv() and
	 * frame_send() the same bytes back, until the client's end of stream.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: tcp_server is not written yet (see tcp_server.c)");
}
