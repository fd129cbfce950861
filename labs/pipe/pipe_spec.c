/* pipe_spec.c - see pipe_spec.h. */
#include "pipe_spec.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct proc_info {
	pid_t pid, ppid;
	char state;
	char comm[32];
};

static void tick(void)
{
	const struct timespec ms10 = { .tv_nsec = 10 * 1000 * 1000 };

	nanosleep(&ms10, NULL);
}

size_t pipe_capacity(int fd)
{
	return (size_t)spec_must(fcntl(fd, F_GETPIPE_SZ));
}

size_t pipe_pending(int fd)
{
	int n = 0;

	spec_must(ioctl(fd, FIONREAD, &n));
	return (size_t)n;
}

void pipe_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	cr_assert(f && fwrite(data, 1, len, f) == len && fclose(f) == 0,
		  SPEC_SETUP_FAILED "cannot write %s", path);
}

char *pipe_pattern(size_t len)
{
	char *buf = malloc(len + 1);

	cr_assert(buf, SPEC_SETUP_FAILED "out of memory for %zu bytes", len);
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(i % 251);
	return buf;
}

static bool read_stat(pid_t pid, struct proc_info *pi)
{
	char path[64], buf[512], *open, *close;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (!(f = fopen(path, "re")))
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	open = strchr(buf, '(');
	close = strrchr(buf, ')'); /* the name may hold spaces and parentheses */
	if (!open || !close || sscanf(close + 2, "%c %d", &pi->state, &pi->ppid) != 2)
		return false;
	pi->pid = pid;
	snprintf(pi->comm, sizeof pi->comm, "%.*s", (int)(close - open - 1), open + 1);
	return true;
}

/* Every process in /proc, at most max. */
static size_t all_procs(struct proc_info *out, size_t max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t n = 0;

	if (!d)
		cr_assert_fail(SPEC_SETUP_FAILED "opendir(/proc): %s", spec_errno_name(errno));
	while ((e = readdir(d)) != NULL && n < max)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' &&
		    read_stat((pid_t)atoi(e->d_name), &out[n]))
			n++;
	closedir(d);
	return n;
}

static const char *my_comm(void)
{
	static struct proc_info me;

	if (!me.pid && !read_stat(getpid(), &me))
		cr_assert_fail(SPEC_SETUP_FAILED "cannot read /proc/self/stat");
	return me.comm;
}

/* The test's descendants, not the test's own helpers (which run its code
 * under its name). */
static size_t student_procs(struct proc_info *out, size_t max)
{
	static struct proc_info all[4096];
	size_t n = all_procs(all, sizeof all / sizeof *all), k = 0;

	for (size_t i = 0; i < n && k < max; i++) {
		pid_t up = all[i].ppid;

		for (int depth = 0; up > 1 && up != getpid() && depth < 64; depth++) {
			size_t j = 0;

			while (j < n && all[j].pid != up)
				j++;
			up = j < n ? all[j].ppid : 0;
		}
		if (up == getpid() && all[i].pid != getpid() &&
		    strcmp(all[i].comm, my_comm()) != 0)
			out[k++] = all[i];
	}
	return k;
}

size_t pipe_children_of(pid_t pid, pid_t *out, size_t max)
{
	static struct proc_info all[4096];
	size_t n = all_procs(all, sizeof all / sizeof *all), k = 0;

	for (size_t i = 0; i < n && k < max; i++)
		if (all[i].ppid == pid)
			out[k++] = all[i].pid;
	return k;
}

/* The system call PID sleeps in, and its first argument; -1 if none. */
static long current_call(pid_t pid, long *arg)
{
	char path[64], buf[256], *end;
	FILE *f;
	struct proc_info pi;
	long nr = -1;

	snprintf(path, sizeof path, "/proc/%d/syscall", pid);
	if (!read_stat(pid, &pi) || pi.state != 'S' || !(f = fopen(path, "re")))
		return -1;
	if (fgets(buf, sizeof buf, f) && strncmp(buf, "running", 7) != 0) {
		nr = strtol(buf, &end, 10);
		*arg = strtol(end, NULL, 16);
	}
	fclose(f);
	return nr;
}

bool pipe_in_call(pid_t pid, long nr)
{
	long arg;

	return current_call(pid, &arg) == nr;
}

bool pipe_wait_in_call(struct spec_proc *p, long nr, int timeout_ms)
{
	for (int waited = 0; waited < timeout_ms; waited += 10) {
		if (spec_wait_exit(p, 0))
			return false;
		if (pipe_in_call(p->pid, nr))
			return true;
		tick();
	}
	return false;
}

/* Whether SIG waits to be delivered to PID (its SigPnd or ShdPnd mask). */
static bool pending(pid_t pid, int sig)
{
	char path[64], line[256];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if (!(f = fopen(path, "re")))
		return false;
	while (fgets(line, sizeof line, f)) {
		unsigned long long mask;

		if ((sscanf(line, "SigPnd: %llx", &mask) == 1 ||
		     sscanf(line, "ShdPnd: %llx", &mask) == 1) && ((mask >> (sig - 1)) & 1))
			found = true;
	}
	fclose(f);
	return found;
}

void pipe_deliver(struct spec_proc *p, int sig)
{
	spec_signal(p, sig);
	for (int waited = 0; waited < SPEC_PATIENCE_MS && pending(p->pid, sig); waited += 1) {
		const struct timespec ms = { .tv_nsec = 1000 * 1000 };

		nanosleep(&ms, NULL);
	}
}

void pipe_start(struct spec_proc *p, const struct spec_io *io, const char *name,
		const char *const argv[])
{
	/* A child that its parent never reaped comes to us, not to init:
	 * /proc shows it, and waiting for the output waits for it too. */
	spec_must(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	spec_start(p, io, name, argv);
}

static void kill_and_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
}

size_t pipe_orphans(pid_t *out, size_t max)
{
	static struct proc_info all[4096];
	size_t n = all_procs(all, sizeof all / sizeof *all), k = 0;

	for (size_t i = 0; i < n && k < max; i++)
		if (all[i].ppid == getpid() && strcmp(all[i].comm, my_comm()) != 0)
			out[k++] = all[i].pid;
	return k;
}

void pipe_expect_reaped(const struct spec_proc *p)
{
	pid_t left[16];
	size_t n = pipe_orphans(left, sizeof left / sizeof *left);
	char list[1024] = "";
	size_t used = 0;

	for (size_t i = 0; i < n && used < sizeof list; i++) {
		struct proc_info pi;

		if (!read_stat(left[i], &pi))
			continue;
		used += (size_t)snprintf(list + used, sizeof list - used, "%spid %d (%s, %s)",
					 used ? ", " : "", pi.pid, pi.comm,
					 pi.state == 'Z' ? "a zombie" : "still running");
	}
	for (size_t i = 0; i < n; i++)
		kill_and_reap(left[i]);
	cr_expect(n == 0, "%s ended without reaping %zu of the processes it started: %s; expected none left (seen in /proc after it ended)",
		  p->name, n, list);
}

/* A pipe's inode and open mode for descriptor FD of PID; false if FD is
 * not a pipe. */
static bool pipe_end(pid_t pid, int fd, unsigned long *inode, bool *writes)
{
	char path[64], target[64], buf[256];
	ssize_t n;
	FILE *f;
	unsigned flags = 0;

	snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, fd);
	n = readlink(path, target, sizeof target - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	if (sscanf(target, "pipe:[%lu]", inode) != 1)
		return false;
	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", pid, fd);
	if (!(f = fopen(path, "re")))
		return false;
	while (fgets(buf, sizeof buf, f))
		if (sscanf(buf, "flags: %o", &flags) == 1)
			break;
	fclose(f);
	*writes = (flags & O_ACCMODE) == O_WRONLY;
	return true;
}

/* Append to OUT who holds the (write or read) end of pipe INODE. */
static size_t holders(unsigned long inode, bool write_end, pid_t waiter,
		      const struct proc_info *procs, size_t nprocs, char *out, size_t size)
{
	size_t used = 0;

	for (size_t i = 0; i <= nprocs && used < size; i++) {
		pid_t pid = i < nprocs ? procs[i].pid : getpid();
		char dir[64];
		DIR *d;
		struct dirent *e;

		snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
		if (!(d = opendir(dir)))
			continue;
		while ((e = readdir(d)) != NULL && used < size) {
			unsigned long ino;
			bool writes;
			int fd = atoi(e->d_name);

			if (e->d_name[0] == '.' || !pipe_end(pid, fd, &ino, &writes) ||
			    ino != inode || writes != write_end)
				continue;
			if (pid == waiter)
				used += (size_t)snprintf(out + used, size - used,
							 "%sitself as descriptor %d",
							 used ? ", " : "", fd);
			else
				used += (size_t)snprintf(out + used, size - used,
							 "%s%s (pid %d) as descriptor %d",
							 used ? ", " : "",
							 i < nprocs ? procs[i].comm : "the test", pid, fd);
		}
		closedir(d);
	}
	if (used == 0)
		snprintf(out, size, "no process");
	return used;
}

const char *pipe_picture(void)
{
	static char out[2048];
	static struct proc_info procs[PIPE_MAX_PROCS];
	size_t n = student_procs(procs, PIPE_MAX_PROCS), used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof out; i++) {
		long arg = -1, nr = current_call(procs[i].pid, &arg);
		unsigned long inode;
		bool writes;
		char who[512];

		if ((nr == SYS_read || nr == SYS_write) &&
		    pipe_end(procs[i].pid, (int)arg, &inode, &writes)) {
			holders(inode, nr == SYS_read, procs[i].pid, procs, n, who, sizeof who);
			used += (size_t)snprintf(out + used, sizeof out - used,
				"%s%s (pid %d) waits in %s on pipe:[%lu] (its descriptor %ld), whose %s end is open in %s",
				used ? "; " : "", procs[i].comm, procs[i].pid,
				nr == SYS_read ? "read" : "write", inode, arg,
				nr == SYS_read ? "write" : "read", who);
		} else {
			used += (size_t)snprintf(out + used, sizeof out - used, "%s%s (pid %d) %s",
				used ? "; " : "", procs[i].comm, procs[i].pid,
				procs[i].state == 'Z' ? "has ended but was not reaped" :
				spec_waiting_on(procs[i].pid));
		}
	}
	return n ? out : "no process of the test is left";
}

void pipe_stop_all(void)
{
	struct proc_info procs[PIPE_MAX_PROCS];
	size_t n = student_procs(procs, PIPE_MAX_PROCS);

	for (size_t i = 0; i < n; i++)
		kill(procs[i].pid, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

void pipe_expect_end(struct spec_proc *p, const char *what)
{
	const char *picture;

	if (spec_wait_exit(p, SPEC_PATIENCE_MS))
		return;
	picture = pipe_picture();
	pipe_stop_all();
	cr_assert_fail("%s did not finish within %d s: %s", what, SPEC_PATIENCE_MS / 1000, picture);
}

static size_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}

/* Whether every process of the test is blocked or has ended (none runs,
 * waits for the disk, or sleeps in a delay or a polling loop). */
static bool all_blocked(void)
{
	struct proc_info procs[PIPE_MAX_PROCS];
	size_t n = student_procs(procs, PIPE_MAX_PROCS);
	struct spec_sched s;

	for (size_t i = 0; i < n; i++)
		if (procs[i].state != 'Z' &&
		    (!spec_sched_read(procs[i].pid, &s) || s.state != 'S' ||
		     spec_is_sleep_call(s.syscall)))
			return false;
	return n > 0;
}

bool pipe_settled(struct spec_proc *p)
{
	struct proc_info procs[PIPE_MAX_PROCS];
	size_t n;

	if (!spec_wait_exit(p, 0))
		return false;
	n = student_procs(procs, PIPE_MAX_PROCS);
	for (size_t i = 0; i < n; i++)
		if (procs[i].state != 'Z')
			return false;
	return true;
}

bool pipe_wait_output(struct spec_proc *p, const char *out, size_t len)
{
	int asleep = 0;
	size_t seen = 0;

	/* The patience counts from the last byte of output: slow is not stuck. */
	for (int waited = 0;; waited += 10) {
		if (file_size(out) != seen) {
			seen = file_size(out);
			waited = 0;
		}
		if (pipe_settled(p)) {
			cr_assert(spec_exited_with(p, 0) || file_size(out) > 0,
				  SPEC_CANNOT_CHECK "%s does not work yet: it %s before any output%s%s",
				  p->name, spec_how_ended(p), *spec_stderr_text(p) ? ", saying: " : "",
				  spec_stderr_text(p));
			return true;
		}
		/* Stuck for 200 ms with all the data out: a missing end of file. */
		asleep = file_size(out) >= len && all_blocked() ? asleep + 1 : 0;
		if (asleep >= 20)
			return false;
		if (waited >= SPEC_PATIENCE_MS && file_size(out) >= len)
			cr_assert_fail("%s wrote all %zu bytes but did not finish within %d s: %s",
				       p->name, len, SPEC_PATIENCE_MS / 1000, pipe_picture());
		if (waited >= SPEC_PATIENCE_MS)
			cr_assert_fail("%s did not finish, and its output stopped at %zu of %zu bytes for %d s: %s",
				       p->name, file_size(out), len, SPEC_PATIENCE_MS / 1000,
				       pipe_picture());
		tick();
	}
}

size_t pipe_drain(int fd, char *buf, size_t size, int timeout_ms, bool *eof)
{
	struct timespec start, now;
	size_t got = 0;
	char sink[65536];

	clock_gettime(CLOCK_MONOTONIC, &start);
	*eof = false;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long left;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - ((now.tv_sec - start.tv_sec) * 1000 +
				     (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return got;
		n = got < size ? read(fd, buf + got, size - got) : read(fd, sink, sizeof sink);
		if (n == 0) {
			*eof = true;
			return got;
		}
		if (n > 0 && got < size)
			got += (size_t)n;
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t size = 0, n = 1;

	*len = 0;
	cr_assert(f, SPEC_SETUP_FAILED "cannot read %s: %s", path, spec_errno_name(errno));
	while (n > 0) {
		if (size - *len < 65536 && !(buf = realloc(buf, size += 1 << 20)))
			cr_assert_fail(SPEC_SETUP_FAILED "out of memory reading %s", path);
		n = fread(buf + *len, 1, size - *len - 1, f);
		*len += n;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

static void make_record(char *buf, size_t size, unsigned writer, unsigned number)
{
	int head = snprintf(buf, size, "%u %u ", writer, number);

	memset(buf + head, 'a' + (int)((writer * 7 + number) % 26), size - (size_t)head - 1);
	buf[size - 1] = '\n';
}

void pipe_expect_records(const char *path, unsigned writers, unsigned records,
			 size_t size, const char *what)
{
	size_t len, at = 0, line = 0;
	char *got = slurp(path, &len), *want = malloc(size);
	unsigned *next = calloc(writers + 1, sizeof *next);

	cr_assert(want && next, SPEC_SETUP_FAILED "out of memory");
	for (unsigned w = 1; w <= writers; w++)
		next[w] = 1;
	for (; at < len; line++) {
		const char *nl = memchr(got + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - (got + at)) + 1 : len - at;
		unsigned w = 0, r = 0;

		if (sscanf(got + at, "%u %u ", &w, &r) != 2 || w < 1 || w > writers ||
		    r < 1 || r > records) {
			cr_expect_fail("%s: line %zu of the output is not a record of this run: \"%s\" (records torn or mixed)",
				       what, line + 1, spec_shown(got + at, l));
			break;
		}
		make_record(want, size, w, r);
		if (l != size || memcmp(want, got + at, size) != 0) {
			cr_expect_fail("%s: line %zu should be record %u of writer %u, %zu bytes \"%s\", got %zu bytes \"%s\" (torn: pieces of records mixed)",
				       what, line + 1, r, w, size, spec_shown(want, size), l,
				       spec_shown(got + at, l));
			break;
		}
		if (r != next[w]) {
			cr_expect_fail("%s: line %zu is record %u of writer %u, expected its record %u (records lost, repeated or out of order)",
				       what, line + 1, r, w, next[w]);
			break;
		}
		next[w]++;
		at += l;
	}
	for (unsigned w = 1; at == len && w <= writers; w++)
		if (next[w] != records + 1) {
			cr_expect_fail("%s: %u of the %u records of writer %u arrived",
				       what, next[w] - 1, records, w);
			break;
		}
	free(next);
	free(want);
	free(got);
}

bool pipe_file_is(const char *path, const char *data, size_t len)
{
	size_t got_len;
	char *got;
	bool same;

	if (file_size(path) != len) /* also while it does not exist yet */
		return false;
	got = slurp(path, &got_len);
	same = got_len == len && memcmp(got, data, len) == 0;

	free(got);
	return same;
}
