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
#include "sock_util.h"

static int connect_to(const char *address, const char *port_arg)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	char *end;
	unsigned long port;
	int fd;

	errno = 0;
	port = strtoul(port_arg, &end, 10);
	if (errno != 0 || end == port_arg || *end != '\0' || port_arg[0] == '-' ||
	    port == 0 || port > 65535)
		die_msg("bad port '%s': expected a number from 1 to 65535", port_arg);
	addr.sin_port = htons((in_port_t)port);
	if (inet_pton(AF_INET, address, &addr.sin_addr) != 1)
		die_msg("bad address '%s': expected an IPv4 address like 127.0.0.1", address);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		die("socket(AF_INET)");
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
		die("connect(%s port %lu)", address, port);
	return fd;
}

int main(int argc, char *argv[])
{
	const char *address = TCP_DEFAULT_ADDRESS;
	char *line = NULL, *reply;
	size_t size = 0, len;
	ssize_t n;
	int opt, fd, r;

	while ((opt = getopt(argc, argv, "a:")) != -1) {
		if (opt != 'a')
			die_msg("usage: %s [-a ADDRESS] PORT", argv[0]);
		address = optarg;
	}
	if (optind != argc - 1)
		die_msg("usage: %s [-a ADDRESS] PORT", argv[0]);
	fd = connect_to(address, argv[optind]);

	while ((n = getline(&line, &size, stdin)) != -1) {
		if (frame_send(fd, line, (size_t)n) == -1)
			die("send(%zd bytes)", n);
		r = frame_recv(fd, &reply, &len);
		if (r == -1)
			die("recv(reply)");
		if (r == 0)
			die_msg("the server closed the connection before replying");
		write_all(STDOUT_FILENO, reply, len);
		free(reply);
	}
	if (ferror(stdin))
		die("read(stdin)");
	free(line);
	if (close(fd) == -1)
		die("close(connection)");
	return EXIT_SUCCESS;
}
