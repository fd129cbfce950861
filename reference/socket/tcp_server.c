/*
 * tcp_server.c - echo every message of every client back to it, over TCP.
 *
 * Usage: tcp_server [-a ADDRESS] PORT
 *   -a ADDRESS  the IPv4 address to listen on (default 127.0.0.1: loopback
 *               only, where the course's server listened on every interface)
 *   PORT        0 to 65535; 0 lets the kernel choose a free port
 *
 * Prints "port N", N being the port it got (getsockname), once it listens.
 * Serves clients concurrently, each in a child process of its own that is
 * reaped when it ends. Every frame (see sock_proto.h) a client sends comes
 * back to it whole; the client's end of stream ends its session. Runs until
 * SIGINT or SIGTERM, whose default action is right: it owns no file.
 */
#define _XOPEN_SOURCE 700
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "sock_proto.h"
#include "sock_util.h"

/* Reap every child that has ended, so that none stays a zombie. */
static void reap_children(int sig)
{
	int saved = errno;

	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	errno = saved;
}

static in_port_t parse_port(const char *arg)
{
	char *end;
	unsigned long port;

	errno = 0;
	port = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || port > 65535)
		die_msg("bad port '%s': expected a number from 0 to 65535", arg);
	return (in_port_t)port;
}

static int listen_on(const char *address, in_port_t port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
	socklen_t len = sizeof addr;
	const int on = 1;
	char line[32];
	int fd;

	if (inet_pton(AF_INET, address, &addr.sin_addr) != 1)
		die_msg("bad address '%s': expected an IPv4 address like 127.0.0.1", address);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		die("socket(AF_INET)");
	/* Rebind at once even if the port's last connections are in TIME_WAIT. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1)
		die("setsockopt(SO_REUSEADDR)");
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
		die("bind(%s port %u)", address, (unsigned)port);
	if (listen(fd, SOMAXCONN) == -1)
		die("listen(%s port %u)", address, (unsigned)port);
	if (getsockname(fd, (struct sockaddr *)&addr, &len) == -1)
		die("getsockname");
	snprintf(line, sizeof line, "port %u\n", (unsigned)ntohs(addr.sin_port));
	write_all(STDOUT_FILENO, line, strlen(line));
	return fd;
}

/* In the child: echo frames until the client closes its end. */
static noreturn void echo(int client)
{
	char *msg;
	size_t len;
	int r;

	while ((r = frame_recv(client, &msg, &len)) == 1) {
		r = frame_send(client, msg, len);
		free(msg);
		if (r == -1)
			die("send(echo of %zu bytes)", len);
	}
	if (r == -1)
		die("recv(frame)");
	exit(EXIT_SUCCESS);
}

int main(int argc, char *argv[])
{
	const char *address = TCP_DEFAULT_ADDRESS;
	struct sigaction sa = { .sa_handler = reap_children,
				.sa_flags = SA_RESTART | SA_NOCLDSTOP };
	int opt, listener;

	while ((opt = getopt(argc, argv, "a:")) != -1) {
		if (opt != 'a')
			die_msg("usage: %s [-a ADDRESS] PORT", argv[0]);
		address = optarg;
	}
	if (optind != argc - 1)
		die_msg("usage: %s [-a ADDRESS] PORT", argv[0]);
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		die("sigaction(SIGCHLD)");
	listener = listen_on(address, parse_port(argv[optind]));

	for (;;) {
		int client = accept(listener, NULL, NULL);
		pid_t pid;

		if (client == -1 && (errno == EINTR || errno == ECONNABORTED))
			continue;
		if (client == -1)
			die("accept");
		pid = fork();
		if (pid == -1)
			die("fork");
		if (pid == 0) {
			if (close(listener) == -1)
				die("close(listener)");
			echo(client);
		}
		/* The child has its own copy: ours would leak one per client. */
		if (close(client) == -1)
			die("close(client)");
	}
}
