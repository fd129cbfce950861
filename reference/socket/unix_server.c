/*
 * unix_server.c - print the messages that clients send to a UNIX domain
 * stream socket, one client after another, until one sends "quit".
 *
 * Usage: unix_server PATH
 *
 * Removes a stale socket file at PATH, binds and listens there, then prints
 * "ready". Each message (a frame, see sock_proto.h) is written to stdout as
 * it arrives, followed by a newline. A client that breaks off in the middle
 * of a frame is reported on stderr and dropped. After "quit": exit 0. The
 * socket file is removed on every way out, SIGINT and SIGTERM included.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "die.h"
#include "sock_proto.h"
#include "sock_util.h"

static const char *socket_path;
static volatile sig_atomic_t bound;

/* Runs from die() and from the signal handler: system calls only. */
static void remove_socket(void)
{
	static const char failed[] = "unix_server: could not remove the socket file\n";

	if (!bound)
		return;
	bound = 0;
	if (unlink(socket_path) == -1 && errno != ENOENT &&
	    write(STDERR_FILENO, failed, sizeof failed - 1) == -1)
		_exit(EXIT_FAILURE);
}

/* A socket file nobody listens on (a crashed server's) blocks bind with
 * EADDRINUSE. Only a socket is removed: anything else is not ours. */
static void remove_stale(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == -1) {
		if (errno != ENOENT)
			die("lstat(%s)", path);
		return;
	}
	if (!S_ISSOCK(st.st_mode))
		die_msg("%s exists and is not a socket", path);
	if (unlink(path) == -1)
		die("unlink(%s)", path);
}

static int listen_at(const char *path)
{
	struct sockaddr_un addr;
	socklen_t len;
	int fd;

	if (sock_unix_address(path, &addr, &len) == -1)
		die("socket path '%s'", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		die("socket(AF_UNIX)");
	remove_stale(path);
	if (bind(fd, (struct sockaddr *)&addr, len) == -1)
		die("bind(%s)", path);
	bound = 1;
	if (listen(fd, SOMAXCONN) == -1)
		die("listen(%s)", path);
	return fd;
}

/* Print one client's messages. Returns true if it said "quit". */
static bool serve(int client)
{
	char *msg;
	size_t len;
	int r;

	while ((r = frame_recv(client, &msg, &len)) == 1) {
		bool quit = len == strlen(UNIX_QUIT) && memcmp(msg, UNIX_QUIT, len) == 0;

		if (!quit) {
			msg[len] = '\n'; /* replaces the NUL frame_recv adds */
			write_all(STDOUT_FILENO, msg, len + 1);
		}
		free(msg); /* after the last look at it: ALP's server frees first */
		if (quit)
			return true;
	}
	if (r == -1)
		fprintf(stderr, "unix_server: a client broke off: %s (%s)\n",
			errno_name(errno), strerror(errno));
	return false;
}

int main(int argc, char *argv[])
{
	int listener;
	bool quit = false;

	if (argc != 2)
		die_msg("usage: %s PATH", argv[0]);
	socket_path = argv[1];
	die_at_exit(remove_socket);
	cleanup_on_signals(remove_socket);
	listener = listen_at(socket_path);
	write_all(STDOUT_FILENO, "ready\n", 6);

	while (!quit) {
		int client = accept(listener, NULL, NULL);

		if (client == -1 && errno == EINTR)
			continue;
		if (client == -1)
			die("accept(%s)", socket_path);
		quit = serve(client);
		if (close(client) == -1)
			die("close(client)");
	}
	remove_socket();
	return EXIT_SUCCESS;
}
