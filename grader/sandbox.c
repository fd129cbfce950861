/*
 * sandbox.c - run one program in fresh namespaces, with limits, a wall-clock
 * timeout that kills its whole process tree, and its output captured.
 *
 * Isolation, best first: as root, new IPC, PID, network and mount namespaces
 * (the program's init is ours: it reaps, scans for leaks, then kills every
 * process left) and a cgroup when one can be made; as a user, the same
 * inside a new user namespace; where neither is allowed, a diff of
 * /proc/sysvipc, and the grader as the subreaper that ends every process a
 * test started. With namespaces the host's files are read-only.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum isolation { ISO_ROOT_NS, ISO_USER_NS, ISO_NONE };

static enum isolation level;
static volatile sig_atomic_t stop_signal;
static bool capped;     /* each run in a cgroup of its own (cgroup.c) */
static const int ns_flags = CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* clone() without a new stack: a fork into new namespaces. */
static pid_t fork_into(int flags)
{
	return (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, 0, 0, 0, 0);
}

static bool probe_flags(int flags)
{
	int status;
	pid_t pid = fork_into(flags);

	if (pid == 0)
		_exit(0);
	return pid > 0 && waitpid(pid, &status, 0) == pid && status == 0;
}

const char *ig_sandbox_init(void)
{
	static const char *described;

	if (described)
		return described;
	if (geteuid() == 0 && !getenv("IPCGRADE_NO_NAMESPACES") && probe_flags(ns_flags)) {
		level = ISO_ROOT_NS;
		static char text[160];
		const char *cgroups = ig_cgroup_init();

		capped = cgroups != NULL;
		snprintf(text, sizeof text, "namespaces (ipc, pid, net, mount) as root; student code runs as nobody; %s%s",
			 cgroups ? "processes and memory capped by " : "no cgroup: processes capped per user",
			 cgroups ? cgroups : "");
		described = text;
	} else if (!getenv("IPCGRADE_NO_NAMESPACES") && probe_flags(ns_flags | CLONE_NEWUSER)) {
		level = ISO_USER_NS;
		described = "namespaces (user, ipc, pid, net, mount); student code runs as you";
	} else {
		/* Orphans of the tests, even those that left the process group
		 * with setsid(), become our children: none can escape the kill. */
		if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
			return NULL;
		level = ISO_NONE;
		described = "none: namespaces are not allowed here, so leaks are found by diffing ipcs; the grader ends every process a test started";
	}
	return described;
}

static void on_stop(int sig)
{
	stop_signal = sig;
}

void ig_sandbox_stop_on_signals(void)
{
	/* No SA_RESTART: poll() and wait() return EINTR and look at the flag. */
	struct sigaction sa = { .sa_handler = on_stop }, old;
	const int signals[] = { SIGINT, SIGTERM, SIGHUP };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
		/* An ignored one stays ignored: a shell starts background
		 * jobs with SIGINT ignored, so that Ctrl-C spares them. */
		if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(signals[i], &sa, NULL);
}

int ig_sandbox_stopped(void)
{
	return stop_signal;
}

bool ig_sandbox_runs_apart(void)
{
	/* In a user namespace of its own, a run's processes are counted
	 * against its own RLIMIT_NPROC (Linux 5.14 and later). */
	return level == ISO_USER_NS || (level == ISO_ROOT_NS && capped);
}

bool ig_student_user(uid_t *uid, gid_t *gid)
{
	const struct passwd *pw;

	if (geteuid() != 0 || !(pw = getpwnam("nobody")))
		return false;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return true;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd != -1) {
		if (write(fd, text, strlen(text)) == -1)
			_exit(120);
		close(fd);
	}
}

/* Make PATH's directories, and PATH itself: a directory or an empty file
 * (a mount point for a bind mount). */
static void make_path(const char *path, bool is_dir)
{
	char partial[PATH_MAX];
	int fd;

	for (const char *slash = strchr(path + 1, '/'); ; slash = strchr(slash + 1, '/')) {
		snprintf(partial, sizeof partial, "%.*s", slash ? (int)(slash - path) : (int)strlen(path),
			 path);
		if (!slash && !is_dir) {
			fd = open(partial, O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
			if (fd == -1)
				_exit(121);
			close(fd);
			return;
		}
		if (mkdir(partial, 0755) == -1 && errno != EEXIST)
			_exit(121);
		if (!slash)
			return;
	}
}

/* A tmpfs lives in memory: a size cap keeps a program that fills /tmp or
 * /dev/shm from eating the machine's. */
static const char tmpfs_options[] = "mode=1777,size=256m,nr_inodes=16384";
static const char scratch_options[] = "mode=0711,size=256m,nr_inodes=16384";

bool ig_sandbox_cap_scratch(const char *dir)
{
	static bool own_namespace;

	if (level != ISO_ROOT_NS)
		return true;
	if (!own_namespace) {
		if (unshare(CLONE_NEWNS) == -1 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
			return false;
		own_namespace = true;
	}
	return mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, scratch_options) == 0;
}

void ig_sandbox_release_scratch(const char *dir)
{
	if (level == ISO_ROOT_NS)
		umount2(dir, MNT_DETACH);
}

/* The whole host file system read-only (a hostile program cannot touch the
 * grader, the rubric or the user's files), except SCRATCH, the scratch
 * directory, bound back writable. A /tmp of its own: tests that run at the
 * same time cannot meet there (Criterion names its socket after the pid,
 * and every test's pid is the same in its namespace). PROGRAM, the test
 * runner, is bound back too if it lies under /tmp (ipclab may be cloned
 * there, and Criterion reads its tests from its own file). */
static void private_files(const char *scratch, const char *program)
{
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	struct mount_attr rw = { .attr_clr = MOUNT_ATTR_RDONLY };
	const char *keep[] = { scratch, program };
	int fd[] = { -1, -1 };
	char source[64];

	for (size_t i = 0; i < 2; i++)
		if (keep[i] && (i == 0 || strncmp(keep[i], "/tmp/", 5) == 0) &&
		    (fd[i] = open(keep[i], O_PATH | O_CLOEXEC)) == -1)
			_exit(121);
	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof ro) == -1 ||
	    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, tmpfs_options) == -1 ||
	    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, tmpfs_options) == -1)
		_exit(121);
	for (size_t i = 0; i < 2; i++) {
		struct stat st;

		if (fd[i] == -1)
			continue;
		/* Under /tmp, the path is gone with the old /tmp: made again. */
		if (fstat(fd[i], &st) == -1)
			_exit(121);
		make_path(keep[i], S_ISDIR(st.st_mode));
		snprintf(source, sizeof source, "/proc/self/fd/%d", fd[i]);
		if (mount(source, keep[i], NULL, MS_BIND | MS_REC, NULL) == -1 ||
		    (i == 0 && mount_setattr(AT_FDCWD, keep[i], AT_RECURSIVE, &rw, sizeof rw) == -1))
			_exit(121);
		close(fd[i]);
	}
}

/* In the new namespaces: our own /proc, a read-only host, private /dev/shm
 * and /tmp, loopback up. */
static void set_up_namespaces(uid_t outer_uid, gid_t outer_gid, const char *keep,
			      const char *program)
{
	char map[64];
	struct ifreq ifr = { .ifr_name = "lo" };
	int sock;

	if (level == ISO_USER_NS) {
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof map, "%u %u 1", outer_uid, outer_uid);
		write_file("/proc/self/uid_map", map);
		snprintf(map, sizeof map, "%u %u 1", outer_gid, outer_gid);
		write_file("/proc/self/gid_map", map);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		_exit(121);
	private_files(keep, program);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)
		_exit(121);
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock == -1 || ioctl(sock, SIOCGIFFLAGS, &ifr) == -1)
		_exit(122);
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) == -1)
		_exit(122);
	close(sock);
}

static void set_limits(const struct ig_limits *l)
{
	const rlim_t mib = 1024 * 1024;
	struct rlimit cpu = { (rlim_t)l->timeout_ms / 1000 + 5, (rlim_t)l->timeout_ms / 1000 + 6 };
	struct rlimit fsize = { 64 * mib, 64 * mib }, files = { 256, 256 };
	struct rlimit as = { 2048 * mib, 2048 * mib }, core = { 0, 0 };
	struct rlimit nproc = { 256, 256 };

	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_FSIZE, &fsize);
	setrlimit(RLIMIT_NOFILE, &files);
	setrlimit(RLIMIT_CORE, &core);
	/* Counted per user, across every grader running at the same time
	 * (they all run student code as nobody): only where no cgroup caps
	 * this run's processes on their own. */
	if (!capped)
		setrlimit(RLIMIT_NPROC, &nproc);
	if (!l->no_memory_limit)
		setrlimit(RLIMIT_AS, &as);
}

/* The program itself, PATH: stdin from /dev/null, output to OUT, RESULT as 3. */
static void exec_program(const struct ig_run *r, const char *path, int out, int result)
{
	uid_t uid;
	gid_t gid;
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null == -1 || dup2(null, 0) == -1 || dup2(out, 1) == -1 ||
	    dup2(out, 2) == -1 || (result != -1 && dup2(result, 3) == -1))
		_exit(123);
	close_range(result != -1 ? 4 : 3, ~0U, 0);
	set_limits(&r->limits);
	if (r->cwd && chdir(r->cwd) == -1)
		_exit(124);
	if (r->as_student && ig_student_user(&uid, &gid) &&
	    (setgroups(0, NULL) == -1 || setgid(gid) == -1 || setuid(uid) == -1))
		_exit(125);
	execve(path, r->argv, r->envp);
	_exit(126);
}

/* Our init: start the program, reap everything until it ends, report its
 * status and the leaks on REPORT, then kill whatever is left. */
static void run_init(const struct ig_run *r, int out, int result, int report,
		     uid_t u, gid_t g)
{
	int status = 0;
	char exe_path[PATH_MAX];
	pid_t program, pid;

	/* Before the mounts: its real path names the test's own processes. */
	if (!realpath(r->argv[0], exe_path))
		_exit(126);
	if (level != ISO_NONE)
		set_up_namespaces(u, g, r->keep, exe_path);
	else
		setpgid(0, 0);
	program = fork();
	if (program == 0)
		exec_program(r, exe_path, out, result);
	close(out);
	if (result != -1)
		close(result);
	while ((pid = wait(&status)) != program)
		if (pid == -1 && errno != EINTR)
			_exit(127);
	dprintf(report, "status\t%d\n", status);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		; /* orphans that already ended are not leaks */
	if (r->scan_leaks && level != ISO_NONE)
		ig_scan_namespace(report, exe_path, r->keep);
	close(report);
	/* Without namespaces the grader, our subreaper, ends what is left. */
	if (level != ISO_NONE)
		kill(-1, SIGKILL);
	_exit(0);
}

/* Keep the first bytes of the output, count the rest. */
static void take_output(int fd, struct ig_outcome *o, bool *open_)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof buf);
	size_t room = sizeof o->output - 1 - o->output_len;

	if (n <= 0) {
		*open_ = false;
		return;
	}
	if ((size_t)n > room) {
		o->output_dropped += (size_t)n - room;
		n = (ssize_t)room;
	}
	memcpy(o->output + o->output_len, buf, (size_t)n);
	o->output_len += (size_t)n;
	o->output[o->output_len] = '\0';
}

static void take_text(int fd, char *sink, size_t size, size_t *len, bool *open_)
{
	char scratch[4096];
	ssize_t n;

	if (!sink || *len + 1 >= size)
		n = read(fd, scratch, sizeof scratch);
	else
		n = read(fd, sink + *len, size - 1 - *len);
	if (n <= 0) {
		*open_ = false;
		return;
	}
	if (sink && *len + 1 < size) {
		*len += (size_t)n;
		sink[*len] = '\0';
	}
}

static void parse_report(char *text, struct ig_outcome *o)
{
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		struct ig_leak leak;

		if (strncmp(line, "status\t", 7) == 0) {
			o->status = atoi(line + 7);
		} else if (ig_leak_parse(line, &leak)) {
			o->leaks = realloc(o->leaks, (o->nleaks + 1) * sizeof leak);
			if (o->leaks)
				o->leaks[o->nleaks++] = leak;
		}
	}
}

/* Without a PID namespace: SIGKILL every descendant, again until none is
 * left (the killed ones' children come to us, the subreaper), and reap. */
static void kill_descendants(void)
{
	long long give_up = now_ms() + 2000;
	bool found = true;

	while (found && now_ms() < give_up) {
		DIR *d = opendir("/proc");
		const struct dirent *e;
		const struct timespec tick = { .tv_nsec = 1000 * 1000 };

		found = false;
		while (d && (e = readdir(d)) != NULL) {
			pid_t pid = atoi(e->d_name);

			if (pid > 0 && ig_descends_from(pid, getpid()) && kill(pid, SIGKILL) == 0)
				found = true;
		}
		if (d)
			closedir(d);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (found)
			nanosleep(&tick, NULL);
	}
}

/* Without a PID namespace: the processes the test left, as leaks in O. */
static void find_descendants(const struct ig_run *r, struct ig_outcome *o)
{
	char exe_path[PATH_MAX], text[8192];
	int fd = memfd_create("ipcgrade-leaks", MFD_CLOEXEC);
	ssize_t n;

	if (fd == -1 || !realpath(r->argv[0], exe_path)) {
		if (fd != -1)
			close(fd);
		return;
	}
	ig_scan_processes(fd, exe_path, getpid());
	n = pread(fd, text, sizeof text - 1, 0);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	parse_report(text, o);
}

bool ig_sandbox_run(const struct ig_run *r, struct ig_outcome *o,
		    char *result_sink, size_t sink_size)
{
	int out[2], rep[2], res[2] = { -1, -1 }, go[2];
	struct ig_cgroup cg = { .n = 0 };
	bool entered;
	int flags = level == ISO_ROOT_NS ? ns_flags :
		    level == ISO_USER_NS ? ns_flags | CLONE_NEWUSER : 0;
	uid_t u = geteuid();
	gid_t g = getegid();
	char report[16384] = "";
	size_t report_len = 0, result_len = 0;
	bool out_open = true, rep_open = true, res_open = r->result_channel;
	long long started = now_ms(), deadline = started + r->limits.timeout_ms;
	int status;
	pid_t init;

	memset(o, 0, sizeof *o);
	if (result_sink)
		result_sink[0] = '\0';
	if (pipe2(out, O_CLOEXEC) == -1 || pipe2(rep, O_CLOEXEC) == -1 ||
	    (r->result_channel && pipe2(res, O_CLOEXEC) == -1) || pipe2(go, O_CLOEXEC) == -1)
		return false;
	if (capped && !ig_cgroup_make(&cg))
		return false;
	init = fork_into(flags);
	if (init == -1)
		return false;
	if (init == 0) {
		char byte;

		close(out[0]);
		close(rep[0]);
		if (res[0] != -1)
			close(res[0]);
		/* Nothing may be forked before init is in its cgroup. */
		close(go[1]);
		/* A grader that dies, even by SIGKILL, takes the sandbox with it
		 * (with a PID namespace, every process in it). Set before the
		 * go byte: a grader already dead sends none. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (read(go[0], &byte, 1) != 1)
			_exit(120);
		close(go[0]);
		run_init(r, out[1], res[1], rep[1], u, g);
	}
	close(go[0]);
	entered = !capped || ig_cgroup_enter(&cg, init);
	if (entered && write(go[1], "", 1) != 1)
		entered = false;
	close(go[1]);
	close(out[1]);
	close(rep[1]);
	if (res[1] != -1)
		close(res[1]);

	while (out_open || rep_open || res_open) {
		struct pollfd fds[3] = {
			{ out_open ? out[0] : -1, POLLIN, 0 },
			{ rep_open ? rep[0] : -1, POLLIN, 0 },
			{ res_open ? res[0] : -1, POLLIN, 0 },
		};
		long long left = deadline - now_ms();

		if ((left <= 0 || stop_signal) && !o->timed_out) {
			/* Killing init ends its PID namespace, every process in it. */
			if (level == ISO_NONE)
				kill_descendants();
			else
				kill(init, SIGKILL);
			o->timed_out = true;
			deadline = now_ms() + 1000; /* then drain what is buffered */
			continue;
		}
		if (left <= 0)
			break; /* something escaped the group and holds a pipe */
		/* A signal between the check above and poll() is seen within 0.1 s. */
		if (poll(fds, 3, left > 100 ? 100 : (int)left) == -1 && errno != EINTR)
			break;
		if (fds[0].revents)
			take_output(out[0], o, &out_open);
		if (fds[1].revents)
			take_text(rep[0], report, sizeof report, &report_len, &rep_open);
		if (fds[2].revents)
			take_text(res[0], result_sink, sink_size, &result_len, &res_open);
	}
	close(out[0]);
	close(rep[0]);
	if (res[0] != -1)
		close(res[0]);
	waitpid(init, &status, 0);
	o->elapsed_ms = (long)(now_ms() - started);
	ig_cgroup_remove(&cg);
	if (!entered)
		return false;
	parse_report(report, o);
	if (level == ISO_NONE) {
		if (r->scan_leaks && !o->timed_out)
			find_descendants(r, o);
		kill_descendants();
	}
	return true;
}
