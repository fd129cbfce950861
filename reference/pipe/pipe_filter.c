/*
 * pipe_filter.c - run a command with its standard input fed from a file
 * through one pipe, and its standard output read back through another: the
 * course's dup2 (parent -> sort) and popen examples, both ways at once.
 *
 * Usage: pipe_filter FILE CMD [ARG...]
 *   CMD is looked up in PATH. Its output is copied to our standard output.
 *
 * A feeder child writes FILE into the command's stdin while the parent
 * reads the command's stdout: one process doing both in turn would
 * deadlock once both pipes are full. A command that stops reading early
 * (head) is not an error: the feeder gets EPIPE and stops quietly. Exits
 * with the command's status (128 + N if signal N killed it, 127 if it
 * could not be run), 1 on an error of our own; every child is reaped first.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "stream.h"

enum { EXIT_CANNOT_RUN = 127, EXIT_SIGNAL_BASE = 128 };

static void close_or_die(int fd)
{
	if (close(fd) == -1)
		die("close(%d)", fd);
}

static pid_t start_command(char *argv[], int in, int to_cmd[2], int from_cmd[2])
{
	pid_t pid = fork();

	if (pid == -1)
		die("fork");
	if (pid > 0)
		return pid;
	if (dup2(to_cmd[0], STDIN_FILENO) == -1 || dup2(from_cmd[1], STDOUT_FILENO) == -1)
		die("dup2");
	/* Only 0 and 1 stay: a write end kept here would keep EOF away. */
	close_or_die(to_cmd[0]);
	close_or_die(to_cmd[1]);
	close_or_die(from_cmd[0]);
	close_or_die(from_cmd[1]);
	close_or_die(in);
	/* An ignored signal stays ignored across exec: give CMD the default. */
	if (signal(SIGPIPE, SIG_DFL) == SIG_ERR)
		die("signal(SIGPIPE)");
	execvp(argv[0], argv);
	stream_warn("execvp(%s)", argv[0]);
	_exit(EXIT_CANNOT_RUN);
}

static pid_t start_feeder(int in, int to_cmd[2], int from_cmd[2])
{
	const char *failed = "";
	pid_t pid = fork();

	if (pid == -1)
		die("fork");
	if (pid > 0)
		return pid;
	close_or_die(to_cmd[0]); /* or EPIPE never comes when CMD quits */
	close_or_die(from_cmd[0]);
	close_or_die(from_cmd[1]);
	if (stream_copy(in, to_cmd[1], &failed) == -1 && errno != EPIPE)
		die("%s(%s)", failed, *failed == 'r' ? "input" : "command's stdin");
	exit(EXIT_SUCCESS); /* EPIPE: the command has read all it wanted */
}

int main(int argc, char *argv[])
{
	int in, to_cmd[2], from_cmd[2], status, fed;
	const char *failed = "";
	pid_t cmd, feeder;
	int code = EXIT_SUCCESS;

	if (argc < 3)
		die_msg("usage: %s FILE CMD [ARG...]", argv[0]);
	if ((in = open(argv[1], O_RDONLY)) == -1)
		die("open(%s)", argv[1]);
	stream_ignore_sigpipe();
	if (pipe(to_cmd) == -1 || pipe(from_cmd) == -1)
		die("pipe");

	cmd = start_command(argv + 2, in, to_cmd, from_cmd);
	feeder = start_feeder(in, to_cmd, from_cmd);
	close_or_die(in);
	close_or_die(to_cmd[0]);
	close_or_die(to_cmd[1]);
	close_or_die(from_cmd[1]); /* or the command's EOF never reaches us */

	if (stream_copy(from_cmd[0], STDOUT_FILENO, &failed) == -1) {
		stream_warn("%s(%s)", failed, *failed == 'r' ? "command's stdout" : "stdout");
		code = EXIT_FAILURE;
	}
	close_or_die(from_cmd[0]);
	status = stream_reap(cmd);
	fed = stream_reap(feeder);
	if (!WIFEXITED(fed) || WEXITSTATUS(fed) != 0)
		code = EXIT_FAILURE;
	if (code != EXIT_SUCCESS)
		return code;
	if (WIFSIGNALED(status))
		return EXIT_SIGNAL_BASE + WTERMSIG(status);
	return WEXITSTATUS(status);
}
