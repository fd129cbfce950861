/*
 * pipe_filter.c - run a command with its standard input fed from a file
 * through one pipe, and its standard output read back through another.
 *
 * Usage: pipe_filter FILE CMD [ARG...]
 *   CMD is looked up in PATH. Its output is copied to our standard output.
 *
 * Exits with the command's status (128 + N if signal N killed it, 127 if it
 * could not be run), 1 on an error of its own; every child is reaped first.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "pipe_lib.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: check the arguments and open FILE before starting anything.
	 *
	 * TODO 2: make two pipes: one to the command's stdin, one from its
	 * stdout.
	 *
	 * TODO 3: fork(2) the command: in the child, dup2(2) the right ends
	 * onto descriptors 0 and 1, close every pipe descriptor (descriptors
	 * survive exec, see pipe(7) on end of file), then execvp(3). If
	 * execvp returns, report it and _exit(127).
	 *
	 * TODO 4: feed FILE into the command's stdin while you read its
	 * stdout: both can be much bigger than a pipe holds (64 KiB). One
	 * process that first writes everything and then reads deadlocks. A
	 * second child that feeds (fork(2)), or poll(2), avoids it. A command
	 * that stops reading early (head) is not an error: EPIPE, SIGPIPE.
	 *
	 * TODO 5: close what the parent does not use, copy the command's
	 * output to stdout until end of file, wait for every child, and exit
	 * with the command's status (WIFEXITED, WEXITSTATUS, WIFSIGNALED,
	 * WTERMSIG in wait(2)).
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: pipe_filter is not written yet (see pipe_filter.c)");
}
