/*
 * tcp_client.c - send each line of standard input to tcp_server and print
 * the echo that comes back.
 *
 * Usage: tcp_client [-a ADDRESS] PORT
 *   -a ADDRESS  the server's IPv4 address (default 127.0.0.1)
 *
 * Each line, its newline included (the last line may lack one), goes out as
 * one frame (see sock_proto.h); the reply frame is written to stdout whole,
 * so the output equals the input, any bytes and any line length. At the end
 * of input it closes the connection and exits 0. Exits 1 with a message
 * naming the errno when nobody listens (ECONNREFUSED) or the connection
 * fails, and when the server closes the connection before a reply.
 */
#define _XOPEN_SOURCE 700
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "die.h"
#include "sock_proto.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: parse -a ADDRESS and PORT; socket(2) and connect(2).
	 *
	 * TODO 2: read lines with getline(3): any length, any bytes. Send
	 * each with frame_send(), then frame_recv() its echo (one recv(2) is
	 * not one reply) and write(2) it to stdout.
	 *
	 * TODO 3: at the end of input (getline returns -1), close the
	 * connection and exit 0.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: tcp_client is not written yet (see tcp_client.c)");
}
