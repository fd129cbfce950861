/* spec_proc.c - start the student's programs, talk to them, reap them. */
#include "spec.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child_fail(const char *what)
{
	dprintf(STDERR_FILENO, "ipclab: %s: %s\n", what, strerror(errno));
	_exit(127);
}

/* In the child: become the student's user, if the grader named one. */
static void drop_privileges(void)
{
	const char *uid = getenv("IPCLAB_STUDENT_UID");
	const char *gid = getenv("IPCLAB_STUDENT_GID");

	if (!uid || !gid || (uid_t)atol(uid) == geteuid())
		return;
	if (setgroups(0, NULL) == -1 || setgid((gid_t)atol(gid)) == -1 ||
	    setuid((uid_t)atol(uid)) == -1)
		child_fail("dropping privileges");
}

static void open_onto(const char *path, int flags, int target)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);

	if (fd == -1 || dup2(fd, target) == -1)
		child_fail(path);
}

static void make_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) == -1)
		cr_assert_fail(SPEC_SETUP_FAILED "pipe: %s", spec_errno_name(errno));
}

static void exec_student(const char *path, const struct spec_io *io,
			 const char *name, const char *const argv[],
			 int in[2], int out[2], int res[2], const char *err_path,
			 unsigned serial)
{
	/* Under valgrind: its options, then the program and its arguments. */
	/* --vgdb=no: no vgdb FIFOs left in /tmp when a test stops the program. */
	char log_fd[32], *memcheck[] = { (char *)name, "-q", "--vgdb=no", "--leak-check=full",
		"--show-leak-kinds=definite", "--errors-for-leak-kinds=definite", log_fd,
		(char *)path };
	size_t nvg = spec_valgrind_on() ? sizeof memcheck / sizeof *memcheck : 1;
	char *args[40] = { (char *)name };
	int first_free = io->result_pipe ? 4 : 3;
	char *envp[6] = { "PATH=/usr/bin:/bin", "LC_ALL=C" };
	size_t nenv = 2;
	sigset_t none;
	size_t i;

	memcpy(args, memcheck, nvg * sizeof *args);
	for (i = 0; argv[i] && i + nvg + 1 < sizeof args / sizeof *args; i++)
		args[i + nvg] = (char *)argv[i];
	/* The grader's trace layer: where objects are made, injected delays. */
	for (char **e = environ; *e && nenv + 2 < sizeof envp / sizeof *envp; e++)
		if (strncmp(*e, "IPCLAB_TRACE=", 13) == 0 || strncmp(*e, "IPCLAB_DELAY=", 13) == 0)
			envp[nenv++] = *e;
	if (io->env)
		envp[nenv++] = (char *)io->env;
	if (io->stdin_pipe)
		dup2(in[0], STDIN_FILENO);
	else
		open_onto(io->stdin_file ? io->stdin_file : "/dev/null",
			  O_RDONLY, STDIN_FILENO);
	if (io->stdout_pipe)
		dup2(out[1], STDOUT_FILENO);
	else
		open_onto(io->stdout_file ? io->stdout_file : "/dev/null",
			  O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
	open_onto(err_path, O_WRONLY | O_CREAT | O_TRUNC, STDERR_FILENO);
	if (io->result_pipe)
		dup2(res[1], 3);
	if (nvg > 1) {
		int log = spec_valgrind_log(name, serial);

		if (log == -1 || dup2(log, first_free) == -1)
			child_fail("valgrind's log");
		snprintf(log_fd, sizeof log_fd, "--log-fd=%d", first_free++);
		path = "/usr/bin/valgrind";
	}
	close_range((unsigned)first_free, ~0U, 0);

	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	umask(022);
	drop_privileges();
	execve(path, args, envp);
	child_fail(path);
}

void spec_start(struct spec_proc *p, const struct spec_io *io,
		const char *name, const char *const argv[])
{
	static const struct spec_io plain;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, res[2] = { -1, -1 };
	const char *path = spec_program(name);
	static unsigned serial;

	if (!io)
		io = &plain;
	*p = (struct spec_proc){ .name = name, .in = -1, .out = -1,
				 .result = -1 };
	snprintf(p->err_path, sizeof p->err_path, "%s.%u.stderr", name,
		 ++serial);
	if (io->stdin_pipe)
		make_pipe(in);
	if (io->stdout_pipe)
		make_pipe(out);
	if (io->result_pipe)
		make_pipe(res);

	p->pid = fork();
	if (p->pid == -1)
		cr_assert_fail(SPEC_SETUP_FAILED "fork: %s", spec_errno_name(errno));
	if (p->pid == 0)
		exec_student(path, io, name, argv, in, out, res, p->err_path, serial);

	if (io->stdin_pipe) {
		close(in[0]);
		p->in = in[1];
	}
	if (io->stdout_pipe) {
		close(out[1]);
		p->out = out[0];
	}
	if (io->result_pipe) {
		close(res[1]);
		p->result = res[0];
	}
}

bool spec_wait_exit(struct spec_proc *p, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	const struct timespec tick = { .tv_nsec = 2 * 1000 * 1000 };

	while (!p->reaped) {
		pid_t r = waitpid(p->pid, &p->status, WNOHANG);

		if (r == p->pid)
			p->reaped = true;
		else if (r == -1 && errno != EINTR)
			cr_assert_fail(SPEC_SETUP_FAILED "waitpid(%d): %s", p->pid,
				 spec_errno_name(errno));
		else if (now_ms() >= deadline)
			return false;
		else
			nanosleep(&tick, NULL);
	}
	return true;
}

bool spec_exited_with(const struct spec_proc *p, int code)
{
	return p->reaped && WIFEXITED(p->status) &&
	       WEXITSTATUS(p->status) == code;
}

const char *spec_how_ended(const struct spec_proc *p)
{
	static char bufs[4][96]; /* several may stand in one message */
	static unsigned next;
	char *buf = bufs[next++ % 4];

	if (!p->reaped)
		return "is still running";
	if (WIFEXITED(p->status))
		snprintf(buf, sizeof bufs[0], "exited with status %d",
			 WEXITSTATUS(p->status));
	else
		snprintf(buf, sizeof bufs[0], "was killed by %s%s",
			 sigabbrev_np(WTERMSIG(p->status)) ? "SIG" : "signal ",
			 sigabbrev_np(WTERMSIG(p->status)) ?
				 sigabbrev_np(WTERMSIG(p->status)) : "?");
	return buf;
}

void spec_expect_exit(struct spec_proc *p, int timeout_ms,
		      struct spec_proc *const others[])
{
	char picture[1024];
	size_t used;

	if (spec_wait_exit(p, timeout_ms))
		return;
	used = (size_t)snprintf(picture, sizeof picture, "%s (pid %d) %s",
				p->name, p->pid, spec_waiting_on(p->pid));
	/* The others, running or not: one that ended often says why. */
	for (size_t i = 0; others && others[i] && used < sizeof picture; i++) {
		struct spec_proc *o = others[i];

		if (!spec_wait_exit(o, 0))
			used += (size_t)snprintf(picture + used, sizeof picture - used,
						 "; %s (pid %d) %s", o->name, o->pid,
						 spec_waiting_on(o->pid));
		else
			used += (size_t)snprintf(picture + used, sizeof picture - used,
						 "; %s %s%s%s", o->name, spec_how_ended(o),
						 *spec_stderr_text(o) ? ", saying: " : "",
						 spec_stderr_text(o));
	}
	if (p->signalled)
		cr_assert_fail("%s did not finish within %d s of SIG%s: %s (does its handler return instead of ending the program?)",
			       p->name, timeout_ms / 1000, sigabbrev_np(p->signalled), picture);
	cr_assert_fail("%s did not finish within %d s: %s", p->name,
		 timeout_ms / 1000, picture);
}

static bool wait_readable(int fd, long long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long long left;

	while ((left = deadline - now_ms()) > 0) {
		int r = poll(&pfd, 1, (int)left);

		if (r > 0)
			return true;
		if (r == -1 && errno != EINTR)
			return false;
	}
	return false;
}

bool spec_read_line(struct spec_proc *p, char *buf, size_t size,
		    int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	size_t len = 0;

	/* Byte by byte: nothing past the line may be consumed. */
	while (len + 1 < size && wait_readable(p->out, deadline)) {
		ssize_t n = read(p->out, buf + len, 1);

		if (n <= 0)
			break;
		if (buf[len] == '\n') {
			buf[len] = '\0';
			return true;
		}
		len++;
	}
	buf[len] = '\0';
	return false;
}

bool spec_read_result(struct spec_proc *p, char *buf, size_t size,
		      int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	size_t len = 0;
	ssize_t n = 1;

	while (len + 1 < size && n > 0 && wait_readable(p->result, deadline)) {
		n = read(p->result, buf + len, size - 1 - len);
		if (n > 0)
			len += (size_t)n;
	}
	buf[len] = '\0';
	return n == 0;
}

const char *spec_stderr_text(struct spec_proc *p)
{
	static char buf[200];
	ssize_t n;
	int fd = open(p->err_path, O_RDONLY | O_CLOEXEC);

	buf[0] = '\0';
	if (fd == -1)
		return buf;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

void spec_feed(struct spec_proc *p, const char *data, size_t len,
	       unsigned seed)
{
	pid_t pid = fork();

	if (pid == -1)
		cr_assert_fail(SPEC_SETUP_FAILED "fork: %s", spec_errno_name(errno));
	if (pid == 0) {
		/* Hold no other pipe end open, or its reader never sees EOF. */
		if (p->in > 0)
			close_range(0, (unsigned)p->in - 1, 0);
		close_range((unsigned)p->in + 1, ~0U, 0);
		signal(SIGPIPE, SIG_IGN); /* a reader that quits ends us */
		while (len > 0) {
			size_t piece = 1 + next_random(&seed) % 8192;
			ssize_t n;

			if (next_random(&seed) % 8 == 0) {
				struct timespec pause = {
					.tv_nsec = next_random(&seed) % 200 * 1000
				};
				nanosleep(&pause, NULL);
			}
			n = write(p->in, data, piece < len ? piece : len);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1)
				_exit(1);
			data += n;
			len -= (size_t)n;
		}
		_exit(0);
	}
	close(p->in);
	p->in = -1;
}

void spec_signal(struct spec_proc *p, int sig)
{
	if (!p->reaped && kill(p->pid, sig) == -1 && errno != ESRCH)
		cr_assert_fail(SPEC_SETUP_FAILED "kill(%d): %s", p->pid,
			 spec_errno_name(errno));
	if (sig != SIGSTOP && sig != SIGCONT)
		p->signalled = sig;
}

void spec_stop(struct spec_proc *p)
{
	if (p->pid <= 0 || p->reaped)
		return;
	kill(p->pid, SIGTERM); /* a chance to clean up, as a user would give */
	if (spec_wait_exit(p, 2000))
		return;
	kill(p->pid, SIGKILL);
	spec_wait_exit(p, SPEC_PATIENCE_MS);
}

void spec_expect_ready(struct spec_proc *p, const char *args)
{
	char line[64] = "";

	if (spec_read_line(p, line, sizeof line, SPEC_PATIENCE_MS) && strcmp(line, "ready") == 0)
		return;
	spec_wait_exit(p, 100);
	cr_assert_fail(SPEC_CANNOT_CHECK "%s %s did not print \"ready\" (got \"%s\"); it %s%s%s",
		       p->name, args, line, spec_how_ended(p),
		       *spec_stderr_text(p) ? ", saying: " : "", spec_stderr_text(p));
}
