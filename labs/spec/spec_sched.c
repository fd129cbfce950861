/* spec_sched.c - is a process running, polling or truly blocked, and on what. */
#include "spec.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static bool read_text(pid_t pid, const char *file, char *buf, size_t size)
{
	char path[64];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return n > 0;
}

bool spec_sched_read(pid_t pid, struct spec_sched *s)
{
	char buf[2048], *p;
	unsigned long long utime, stime;
	long ticks = sysconf(_SC_CLK_TCK);

	if (!read_text(pid, "stat", buf, sizeof buf))
		return false;
	p = strrchr(buf, ')'); /* the command name may hold spaces */
	if (!p || sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &s->state, &utime, &stime) != 3)
		return false;
	s->cpu_ms = (utime + stime) * 1000 / (unsigned long long)ticks;

	s->wakeups = 0;
	if (read_text(pid, "status", buf, sizeof buf) &&
	    (p = strstr(buf, "voluntary_ctxt_switches:")) != NULL)
		s->wakeups = strtoul(p + strlen("voluntary_ctxt_switches:"),
				     NULL, 10);

	s->syscall = -1;
	if (read_text(pid, "syscall", buf, sizeof buf) &&
	    strncmp(buf, "running", 7) != 0)
		s->syscall = strtol(buf, NULL, 10);
	return true;
}

bool spec_wait_sleeping(struct spec_proc *p, int timeout_ms)
{
	return spec_wait_sleeping_in(p, NULL, timeout_ms);
}

/* Waiting calls a program may use to wait for input or for room to write. */
static bool is_poll_call(long nr)
{
	return nr == SYS_poll || nr == SYS_ppoll || nr == SYS_select || nr == SYS_pselect6 ||
	       nr == SYS_epoll_wait || nr == SYS_epoll_pwait;
}

bool spec_call_reads(long nr)
{
	return nr == SYS_read || nr == SYS_readv || is_poll_call(nr);
}

bool spec_call_writes(long nr)
{
	return nr == SYS_write || nr == SYS_writev || is_poll_call(nr);
}

bool spec_call_accepts(long nr)
{
	return nr == SYS_accept || nr == SYS_accept4 || is_poll_call(nr);
}

/* Wait until P is in STATE (in a system call IN accepts, if IN); false if it
 * ended or timeout_ms passed first. */
static bool wait_for_state(struct spec_proc *p, char state, bool (*in)(long syscall),
			   int timeout_ms)
{
	const struct timespec tick = { .tv_nsec = 2 * 1000 * 1000 };
	struct spec_sched s;

	for (int waited = 0; waited < timeout_ms; waited += 2) {
		if (spec_wait_exit(p, 0) || !spec_sched_read(p->pid, &s))
			return false;
		if (s.state == state && (!in || in(s.syscall)))
			return true;
		nanosleep(&tick, NULL);
	}
	return false;
}

bool spec_wait_sleeping_in(struct spec_proc *p, bool (*in)(long syscall), int timeout_ms)
{
	return wait_for_state(p, 'S', in, timeout_ms);
}

void spec_freeze(struct spec_proc *p)
{
	spec_signal(p, SIGSTOP);
	if (wait_for_state(p, 'T', NULL, SPEC_PATIENCE_MS))
		return;
	if (spec_wait_exit(p, 0))
		cr_assert_fail("%s was stopped by SIGSTOP, then %s", p->name, spec_how_ended(p));
	cr_assert_fail(SPEC_SETUP_FAILED "%s (pid %d) still not stopped %d s after SIGSTOP",
		       p->name, p->pid, SPEC_PATIENCE_MS / 1000);
}

bool spec_is_sleep_call(long nr)
{
	return nr == SYS_nanosleep || nr == SYS_clock_nanosleep ||
	       nr == SYS_pause;
}

/* The semaphore a process blocked in semop waits for, read from its memory. */
static void describe_semop(pid_t pid, const char *args, char *out, size_t size)
{
	unsigned long semid, sops, nsops;
	struct sembuf op;
	struct iovec local = { &op, sizeof op }, remote;
	int value, waiting;

	if (sscanf(args, "%lx %lx %lx", &semid, &sops, &nsops) != 3) {
		snprintf(out, size, "waits in semop");
		return;
	}
	remote = (struct iovec){ (void *)sops, sizeof op };
	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != sizeof op) {
		snprintf(out, size, "waits in semop on set %lu", semid);
		return;
	}
	value = semctl((int)semid, op.sem_num, GETVAL);
	waiting = semctl((int)semid, op.sem_num, op.sem_op ? GETNCNT : GETZCNT);
	snprintf(out, size,
		 "waits in semop(%+d) on semaphore %u of set %lu (value %d, %d process%s waiting)",
		 op.sem_op, op.sem_num, semid, value, waiting,
		 waiting == 1 ? "" : "es");
}

static void describe_fd_call(pid_t pid, const char *call, const char *args,
			     char *out, size_t size)
{
	char link[64], target[128] = "?";
	long fd = strtol(args, NULL, 16);
	ssize_t n;

	snprintf(link, sizeof link, "/proc/%d/fd/%ld", pid, fd);
	n = readlink(link, target, sizeof target - 1);
	target[n > 0 ? n : 0] = '\0';
	snprintf(out, size, "waits in %s on descriptor %ld (%s)", call, fd,
		 target);
}

/* The path a process blocked in open(2) opens (a FIFO, most likely, with
 * nobody at its other end), read from its memory. */
static void describe_open(pid_t pid, long nr, const char *args, char *out, size_t size)
{
	unsigned long a0, a1;
	char path[128] = "";
	struct iovec local = { path, sizeof path - 1 }, remote;

	if (sscanf(args, "%lx %lx", &a0, &a1) != 2) {
		snprintf(out, size, "waits in open");
		return;
	}
	remote = (struct iovec){ (void *)(nr == SYS_openat ? a1 : a0), sizeof path - 1 };
	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) <= 0)
		path[0] = '\0';
	snprintf(out, size, "waits in open(\"%.100s\") (a FIFO with no process at its other end?)",
		 path);
}

/* The socket calls a server or client blocks in, by name. */
static const char *socket_call(long nr)
{
	return nr == SYS_accept || nr == SYS_accept4 ? "accept" :
	       nr == SYS_connect ? "connect" :
	       nr == SYS_recvfrom ? "recv" : nr == SYS_recvmsg ? "recvmsg" :
	       nr == SYS_sendto ? "send" : nr == SYS_sendmsg ? "sendmsg" : NULL;
}

const char *spec_waiting_on(pid_t pid)
{
	static char out[256];
	char buf[512], *args;
	struct spec_sched s;
	long nr;

	if (!spec_sched_read(pid, &s))
		return "has ended";
	if (s.state == 'R')
		return "is running (using CPU)";
	if (s.state == 'T' || s.state == 't')
		return "is stopped";
	if (s.state == 'Z')
		return "has ended but was not reaped";
	if (!read_text(pid, "syscall", buf, sizeof buf))
		return "is asleep";
	nr = strtol(buf, &args, 10);
	if (nr == SYS_semop || nr == SYS_semtimedop)
		describe_semop(pid, args, out, sizeof out);
	else if (nr == SYS_read || nr == SYS_write)
		describe_fd_call(pid, nr == SYS_read ? "read" : "write", args,
				 out, sizeof out);
	else if (nr == SYS_openat || nr == SYS_open)
		describe_open(pid, nr, args, out, sizeof out);
	else if (nr == SYS_futex)
		snprintf(out, sizeof out, "waits on a futex (a POSIX semaphore, mutex or thread)");
	else if (spec_is_sleep_call(nr))
		snprintf(out, sizeof out, "sleeps (a polling loop)");
	else if (nr == SYS_wait4 || nr == SYS_waitid)
		snprintf(out, sizeof out, "waits for a child process");
	else if (socket_call(nr))
		snprintf(out, sizeof out, "waits in %s", socket_call(nr));
	else
		snprintf(out, sizeof out, "is blocked in system call %ld", nr);
	return out;
}

static bool not_a_sleep_call(long nr)
{
	return !spec_is_sleep_call(nr);
}

void spec_expect_blocked(struct spec_proc *p, int window_ms, const char *doing)
{
	struct spec_sched before, after;
	struct timespec window = { .tv_sec = window_ms / 1000,
				   .tv_nsec = window_ms % 1000 * 1000000L };

	if (!spec_wait_sleeping(p, SPEC_PATIENCE_MS))
		cr_assert_fail(SPEC_CANNOT_CHECK "%s never went to sleep while %s: it %s",
			 p->name, doing, p->reaped ? spec_how_ended(p) :
			 spec_waiting_on(p->pid));
	/* Injected delays (--seed, make stress) sleep before semop, read and
	 * write: a process caught in one is on its way to block. Let it get
	 * there; one that only ever sleeps is a polling loop, measured below. */
	spec_wait_sleeping_in(p, not_a_sleep_call, 2000);
	spec_sched_read(p->pid, &before);
	nanosleep(&window, NULL);
	if (!spec_sched_read(p->pid, &after) || spec_wait_exit(p, 0))
		cr_assert_fail(SPEC_CANNOT_CHECK "%s %s while %s", p->name,
			 spec_how_ended(p), doing);

	cr_expect(after.cpu_ms - before.cpu_ms <= (unsigned long long)window_ms / 10,
		  "%s, while %s, used %llu ms of CPU in %d ms: expected it to block, got a busy loop",
		  p->name, doing, after.cpu_ms - before.cpu_ms, window_ms);
	cr_expect(after.wakeups - before.wakeups <= 1 && !spec_is_sleep_call(after.syscall),
		  "%s, while %s, woke up %lu times in %d ms and now %s: expected it to block until its turn, got a polling loop",
		  p->name, doing, after.wakeups - before.wakeups, window_ms,
		  spec_waiting_on(p->pid));
}
