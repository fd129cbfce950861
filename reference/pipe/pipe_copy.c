/*
 * pipe_copy.c - the course's pipe.c done right: a parent streams a file
 * through a pipe to its child, which writes it to standard output.
 *
 * Usage: pipe_copy [FILE]
 *   Without FILE, the parent streams its standard input.
 *
 * fds[0] is the read end, fds[1] the write end (pipe(2)). Each process
 * closes the end it does not use: the child sees end of file only once
 * every write end is closed, and the parent gets EPIPE (SIGPIPE is
 * ignored) only once every read end is. Exits 0 when everything was copied
 * and the child exited 0; otherwise 1, after a message and after reaping
 * the child.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "stream.h"

static noreturn void run_child(int fds[2])
{
	const char *failed = "";

	if (close(fds[1]) == -1) /* or our own copy keeps EOF away */
		die("close(pipe write end)");
	if (stream_copy(fds[0], STDOUT_FILENO, &failed) == -1)
		die("%s(%s)", failed, *failed == 'r' ? "pipe" : "stdout");
	exit(EXIT_SUCCESS);
}

int main(int argc, char *argv[])
{
	int in = STDIN_FILENO, fds[2], status;
	const char *failed = "";
	bool copied;
	pid_t child;

	if (argc > 2)
		die_msg("usage: %s [FILE]", argv[0]);
	if (argc == 2 && (in = open(argv[1], O_RDONLY)) == -1)
		die("open(%s)", argv[1]);
	stream_ignore_sigpipe();
	if (pipe(fds) == -1)
		die("pipe");

	child = fork();
	if (child == -1)
		die("fork");
	if (child == 0)
		run_child(fds);

	if (close(fds[0]) == -1) /* or a dead child never gives EPIPE */
		die("close(pipe read end)");
	copied = stream_copy(in, fds[1], &failed) == 0;
	if (!copied)
		stream_warn("%s(%s)", failed, *failed == 'r' ? "input" : "pipe");
	if (close(fds[1]) == -1) /* the child's end of file */
		die("close(pipe write end)");
	status = stream_reap(child);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die_msg("the child (pid %d) failed", (int)child);
	return copied ? EXIT_SUCCESS : EXIT_FAILURE;
}
