/*
 * grade.c - grade one submission: copy it to a scratch directory, build it
 * there as the student's user, run every spec test in a sandbox of its own,
 * and turn what each run says on the grader's channel into a verdict.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_FILE = 1 << 20, MAX_FILES = 64, BUILD_TIMEOUT_MS = 120000, MAX_JOBS = 8, MAX_LEAKS = 4096 };

/* Programs under memcheck run this many times longer, at most. */
enum { VALGRIND_SLOWDOWN = 4 };

struct scratch {
	char top[PATH_MAX], src[PATH_MAX + 8], given[PATH_MAX + 16];
	uid_t uid;
	gid_t gid;
	bool other_user;
};

static bool copy_file(const char *from, const char *to, bool follow)
{
	char buf[65536];
	ssize_t n = 0;
	size_t total = 0;
	int in = open(from, O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
	int out = in == -1 ? -1 : open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct stat st;

	if (out == -1 || fstat(in, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE)
		n = -1;
	while (n != -1 && (n = read(in, buf, sizeof buf)) > 0 && total <= MAX_FILE)
		if (write(out, buf, (size_t)n) != n)
			n = -1;
		else
			total += (size_t)n;
	if (in != -1)
		close(in);
	if (out != -1 && close(out) == -1)
		n = -1;
	return n == 0;
}

static bool is_source(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 2 && name[len - 2] == '.' &&
	       (name[len - 1] == 'c' || name[len - 1] == 'h');
}

/* The submission's top-level .c and .h files, no links, nothing large. */
static bool copy_submission(const char *dir, const char *to)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned copied = 0;

	if (!d) {
		fprintf(stderr, "ipcgrade: cannot read %s: %s\n", dir, strerror(errno));
		return false;
	}
	while ((e = readdir(d)) != NULL && copied < MAX_FILES) {
		char from[PATH_MAX * 2], dest[PATH_MAX * 2];

		if (!is_source(e->d_name))
			continue;
		snprintf(from, sizeof from, "%s/%s", dir, e->d_name);
		snprintf(dest, sizeof dest, "%s/%s", to, e->d_name);
		if (copy_file(from, dest, false))
			copied++;
	}
	closedir(d);
	return true;
}

/* What the lab gives: build rules, headers, the probe; never spec files. */
static bool copy_given(const char *lab, const struct scratch *s)
{
	const char *dirs[] = { "common", lab };
	bool ok = true;

	for (size_t i = 0; i < 2 && ok; i++) {
		char from_dir[PATH_MAX], to_dir[PATH_MAX * 2];
		DIR *d;
		struct dirent *e;

		snprintf(from_dir, sizeof from_dir, "%s/labs/%s", ig_root(), dirs[i]);
		snprintf(to_dir, sizeof to_dir, "%s/labs/%s", s->given, dirs[i]);
		if (mkdir(to_dir, 0755) == -1 || !(d = opendir(from_dir)))
			return false;
		while (ok && (e = readdir(d)) != NULL) {
			char from[PATH_MAX * 2], to[PATH_MAX * 3];
			size_t len = strlen(e->d_name);
			bool header = len > 2 && strcmp(e->d_name + len - 2, ".h") == 0;

			if (strstr(e->d_name, "spec") || e->d_name[0] == '.' ||
			    !(header || strcmp(e->d_name, "build.mk") == 0 ||
			      strcmp(e->d_name, "die.c") == 0 || strcmp(e->d_name, "trace.c") == 0 ||
			      strncmp(e->d_name, "probe_", 6) == 0))
				continue;
			snprintf(from, sizeof from, "%s/%s", from_dir, e->d_name);
			snprintf(to, sizeof to, "%s/%s", to_dir, e->d_name);
			ok = copy_file(from, to, true);
			/* A given header replaces the student's copy of it. */
			snprintf(to, sizeof to, "%s/%s", s->src, e->d_name);
			if (ok && header)
				ok = copy_file(from, to, true);
		}
		closedir(d);
	}
	return ok;
}

static bool make_dir(const char *path, mode_t mode, const struct scratch *s)
{
	if (mkdir(path, mode) == -1 || chmod(path, mode) == -1)
		return false;
	return !s->other_user || chown(path, s->uid, s->gid) == 0;
}

static bool chown_tree(const struct scratch *s)
{
	DIR *d = opendir(s->src);
	struct dirent *e;

	if (!s->other_user)
		return true;
	if (!d)
		return false;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX * 2];

		snprintf(path, sizeof path, "%s/%s", s->src, e->d_name);
		if (e->d_name[0] != '.' && chown(path, s->uid, s->gid) == -1) {
			closedir(d);
			return false;
		}
	}
	closedir(d);
	return chown(s->src, s->uid, s->gid) == 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_scratch(const struct scratch *s)
{
	if (!s->top[0])
		return;
	ig_sandbox_release_scratch(s->top);
	nftw(s->top, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool make_scratch(const char *lab, const char *submission, struct scratch *s)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char labs[PATH_MAX * 2];

	s->other_user = ig_student_user(&s->uid, &s->gid);
	snprintf(s->top, sizeof s->top, "%s/ipcgrade-XXXXXX", tmp);
	if (!mkdtemp(s->top)) {
		s->top[0] = '\0';
		return false;
	}
	snprintf(s->src, sizeof s->src, "%s/src", s->top);
	snprintf(s->given, sizeof s->given, "%s/ipclab", s->top);
	snprintf(labs, sizeof labs, "%s/labs", s->given);
	/* Traversable but not listable: the student's user reaches src only. */
	return ig_sandbox_cap_scratch(s->top) && chmod(s->top, 0711) == 0 && mkdir(s->src, 0755) == 0 &&
	       mkdir(s->given, 0755) == 0 && mkdir(labs, 0755) == 0 &&
	       copy_submission(submission, s->src) && copy_given(lab, s) && chown_tree(s);
}

static bool build(const struct ig_options *opt, const struct scratch *s, struct ig_report *r)
{
	char makefile[PATH_MAX * 2], ipclab[PATH_MAX * 2], cflags[160], tmp[PATH_MAX * 2];
	char env_tmp[PATH_MAX * 2 + 8];
	char *argv[] = { "/usr/bin/make", "-k", "-s", "-j4", "-f", makefile, ipclab, cflags,
			 "TRACE=1", "all", "probe", NULL };
	/* The compiler's temporary files in the scratch directory: without
	 * namespaces the shared /tmp is cleaned of the student's files. */
	char *envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", "HOME=/nonexistent", env_tmp, NULL };
	struct ig_run run = { .argv = argv, .envp = envp, .cwd = s->src, .keep = s->top,
			      .as_student = true,
			      .limits = { .timeout_ms = BUILD_TIMEOUT_MS,
					  .no_memory_limit = opt->sanitize } };
	struct ig_outcome o;
	DIR *d;
	struct dirent *e;
	bool any = false;

	snprintf(tmp, sizeof tmp, "%s/build-tmp", s->top);
	snprintf(env_tmp, sizeof env_tmp, "TMPDIR=%s", tmp);
	if (!make_dir(tmp, 0700, s))
		return false;
	snprintf(makefile, sizeof makefile, "%s/labs/%s/build.mk", s->given, opt->lab);
	snprintf(ipclab, sizeof ipclab, "IPCLAB=%s", s->given);
	snprintf(cflags, sizeof cflags, "CFLAGS=-std=gnu11 -g -O1 -Wall -Wextra%s",
		 opt->sanitize ? " -fsanitize=address,undefined -fno-omit-frame-pointer" : "");
	if (!ig_sandbox_run(&run, &o, NULL, 0))
		return false;
	snprintf(r->build_log, sizeof r->build_log, "%.4000s%s", o.output,
		 o.output_dropped ? "\n[... compiler output cut ...]" : "");
	free(o.leaks);
	r->built = !o.timed_out && WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0;
	if (o.timed_out)
		snprintf(r->build_log, sizeof r->build_log, "the build did not finish within %d s",
			 BUILD_TIMEOUT_MS / 1000);
	/* Tests run if anything at all was built; each names what is missing. */
	if ((d = opendir(s->src)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char path[PATH_MAX * 2];

			snprintf(path, sizeof path, "%s/%s", s->src, e->d_name);
			any |= e->d_type == DT_REG && access(path, X_OK) == 0;
		}
		closedir(d);
	}
	return any;
}

/* The record for TEST on the channel, if the nonce is ours. */
static bool read_verdict(char *channel, const char *nonce, struct ig_test *t,
			 unsigned *records, unsigned *ended)
{
	bool found = false;

	for (char *line = strtok(channel, "\n"); line; line = strtok(NULL, "\n")) {
		char name[128], status[16];
		long ms;
		int used = 0;

		if (strncmp(line, nonce, strlen(nonce)) != 0 || line[strlen(nonce)] != ' ')
			continue;
		line += strlen(nonce) + 1;
		if (sscanf(line, "end %u", ended) == 1)
			continue;
		if (sscanf(line, "result %127s %15s %ld %n", name, status, &ms, &used) < 3)
			continue;
		(*records)++;
		if (strcmp(name, t->name) != 0)
			continue;
		found = true;
		t->duration_ms = ms;
		t->status = strcmp(status, "pass") == 0 ? IG_PASS :
			    strcmp(status, "fail") == 0 ? IG_FAIL :
			    strcmp(status, "timeout") == 0 ? IG_TIMEOUT :
			    strcmp(status, "crash") == 0 ? IG_CRASH : IG_ERROR;
		/* Unescape \n, \t and \\ from the record. */
		size_t k = 0;
		for (const char *m = line + used; *m && k + 1 < sizeof t->message; m++)
			t->message[k++] = *m != '\\' ? *m : *++m == 'n' ? '\n' : *m == 't' ? '\t' : *m;
		t->message[k] = '\0';
	}
	return found;
}

static void make_nonce(char *nonce, size_t size)
{
	unsigned char r[16];

	if (getrandom(r, sizeof r, 0) != sizeof r)
		memset(r, 0, sizeof r);
	for (size_t i = 0; i < sizeof r && 2 * i + 2 < size; i++)
		sprintf(nonce + 2 * i, "%02x", r[i]);
}

static void decide(struct ig_test *t, const struct ig_outcome *o, char *channel, const char *nonce,
		   int timeout_s)
{
	unsigned records = 0, ended = 0;
	bool found = read_verdict(channel, nonce, t, &records, &ended);

	/* Measured by us from the sandbox's start to its last process's end:
	 * Criterion's own figure covers less (and is often 0). */
	t->duration_ms = o->elapsed_ms;

	if (o->timed_out) {
		t->status = IG_TIMEOUT;
		snprintf(t->message, sizeof t->message,
			 "did not finish within %d s: the grader stopped it and everything it started",
			 timeout_s);
	} else if (WIFSIGNALED(o->status)) {
		t->status = IG_CRASH;
		snprintf(t->message, sizeof t->message,
			 "the test runner was killed by SIG%s (did the program signal other processes?)",
			 sigabbrev_np(WTERMSIG(o->status)) ? sigabbrev_np(WTERMSIG(o->status)) : "?");
	} else if (!found && records == 0 && ended == 0 && strstr(o->output, "CRASH!")) {
		/* Criterion gives no result record for a test whose process died,
		 * only its "CRASH!" line: a program that kills its parent (same
		 * user, below the root level) ends so. A forged line can only
		 * cost the student points. */
		t->status = IG_CRASH;
		snprintf(t->message, sizeof t->message,
			 "the test's process was killed (did the program signal other processes?)");
	} else if (!found || records != 1 || ended != 1) {
		t->status = IG_ERROR;
		snprintf(t->message, sizeof t->message,
			 "the spec runner gave %u results instead of 1 (exit status %d): %.200s",
			 records, WEXITSTATUS(o->status), o->output);
	} else if (t->status == IG_PASS && WEXITSTATUS(o->status) != 0) {
		t->status = IG_ERROR;
		snprintf(t->message, sizeof t->message,
			 "the spec runner reported a pass but exited with status %d",
			 WEXITSTATUS(o->status));
	}
	t->score = t->status == IG_PASS ? t->points : 0;
}

static void run_test(const struct ig_options *opt, const struct scratch *s, struct ig_test *t,
		     unsigned index)
{
	char work[PATH_MAX * 2], priv[PATH_MAX * 2], spec[PATH_MAX + 32], nonce[40];
	char env_bin[PATH_MAX * 3], env_priv[PATH_MAX * 3], env_nonce[64], env_home[PATH_MAX * 3];
	char env_uid[40], env_gid[40], channel[8192], before[16384] = "", traced[16384];
	char trace[PATH_MAX * 3], env_trace[PATH_MAX * 3 + 16];
	/* A rubric's valgrind flag gives way to --sanitize: the two cannot
	 * run together. */
	bool memcheck = opt->valgrind || (t->valgrind && !opt->sanitize);
	char env_delay[64], env_baseline[sizeof before + 32];
	int timeout_ms = t->timeout_s * 1000 * (memcheck ? VALGRIND_SLOWDOWN : 1);
	char *argv[] = { spec, "--run", t->name, NULL };
	char *envp[16] = { "PATH=/usr/bin:/bin", "LC_ALL=C", "IPCLAB_RESULT_FD=3", env_bin,
			   env_priv, env_nonce, env_home, env_uid, env_gid, env_trace };
	size_t nenv = 10;
	struct ig_run run = { .argv = argv, .envp = envp, .cwd = work, .keep = s->top,
			      .result_channel = true,
			      .scan_leaks = true,
			      .limits = { .timeout_ms = timeout_ms,
					  .no_memory_limit = opt->sanitize || memcheck } };
	struct ig_outcome o;
	bool no_namespaces = strncmp(ig_sandbox_init(), "none", 4) == 0;
	uid_t student = s->other_user ? s->uid : geteuid();
	FILE *diff;

	snprintf(work, sizeof work, "%s/t%u", s->top, index);
	snprintf(priv, sizeof priv, "%s/p%u", s->top, index);
	snprintf(spec, sizeof spec, "%s/build/spec/spec_%s", ig_root(), opt->lab);
	make_nonce(nonce, sizeof nonce);
	snprintf(env_bin, sizeof env_bin, "IPCLAB_BIN=%s", s->src);
	snprintf(env_priv, sizeof env_priv, "IPCLAB_PRIVATE=%s", priv);
	snprintf(env_nonce, sizeof env_nonce, "IPCLAB_NONCE=%s", nonce);
	snprintf(env_home, sizeof env_home, "HOME=%s", work);
	/* Up to 2 ms before one semop, read or write in four (labs/common/trace.c). */
	snprintf(env_delay, sizeof env_delay, "IPCLAB_DELAY=%lu:2000", opt->seed);
	if (opt->seeded)
		envp[nenv++] = env_delay;
	if (memcheck)
		envp[nenv++] = "IPCLAB_VALGRIND=1";
	snprintf(trace, sizeof trace, "%s/.ipclab-trace", work);
	snprintf(env_trace, sizeof env_trace, "IPCLAB_TRACE=%s", trace);
	snprintf(env_uid, sizeof env_uid, "IPCLAB_STUDENT_UID=%u", s->other_user ? s->uid : geteuid());
	snprintf(env_gid, sizeof env_gid, "IPCLAB_STUDENT_GID=%u", s->other_user ? s->gid : getegid());
	if (!make_dir(work, 0755, s) || mkdir(priv, 0700) == -1) {
		t->status = IG_ERROR;
		snprintf(t->message, sizeof t->message, "cannot make the test's directory: %s",
			 strerror(errno));
		return;
	}
	if (no_namespaces) {
		ig_sysv_ids(before, sizeof before);
		snprintf(env_baseline, sizeof env_baseline, "IPCLAB_IPC_BASELINE=%s", before);
		envp[nenv++] = env_baseline;
	}
	if (!ig_sandbox_run(&run, &o, channel, sizeof channel)) {
		t->status = IG_ERROR;
		snprintf(t->message, sizeof t->message, "the sandbox failed: %s", strerror(errno));
		return;
	}
	decide(t, &o, channel, nonce, timeout_ms / 1000);
	if (opt->seeded && t->status != IG_PASS) {
		size_t used = strlen(t->message);

		snprintf(t->message + used, sizeof t->message - used,
			 "\nthe same delays again: ipcgrade grade --lab %s --seed %lu --test %s %s",
			 opt->lab, opt->seed, t->name, opt->submission);
	}
	t->leaks = o.leaks;
	t->nleaks = o.nleaks;
	if (no_namespaces && (diff = tmpfile()) != NULL) {
		char line[1024];

		/* No namespace drops them for us: report, then remove. Only
		 * what the submission's programs created (the trace says so):
		 * other programs on this machine (another grader) make objects
		 * and files meanwhile too. The student's programs write the
		 * trace: only what their user made, never the grader's. */
		ig_traced_ids(trace, traced, sizeof traced);
		ig_scan_sysv(fileno(diff), before, traced, (long)student, true);
		ig_scan_traced_files(fileno(diff), trace, student, true);
		rewind(diff);
		while (fgets(line, sizeof line, diff)) {
			struct ig_leak leak;

			line[strcspn(line, "\n")] = '\0';
			if (ig_leak_parse(line, &leak) &&
			    (t->leaks = realloc(t->leaks, (t->nleaks + 1) * sizeof leak)))
				t->leaks[t->nleaks++] = leak;
		}
		fclose(diff);
	}
	ig_scan_dir(work, &t->leaks, &t->nleaks);
	ig_locate_leaks(t, trace, work);
}

/* Most of a test's time is spent waiting (a window in which a program must
 * stay blocked, processes starting), so twice the processors; under memcheck
 * the programs compute, so one per processor. */
unsigned ig_default_test_jobs(bool valgrind)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long jobs = valgrind ? cpus : 2 * cpus;

	return jobs < 1 ? 1 : jobs > MAX_JOBS ? MAX_JOBS : (unsigned)jobs;
}

static unsigned test_jobs(const struct ig_options *opt)
{
	if (!ig_sandbox_runs_apart())
		return 1;
	return opt->jobs ? opt->jobs : ig_default_test_jobs(opt->valgrind);
}

/* In a child process: run one test, leave its result in *RESULT, a file in
 * memory (a pipe could fill up while we wait for another test, and the
 * scratch directory can be full). */
static pid_t start_test(const struct ig_options *opt, const struct scratch *s, struct ig_test *t,
			unsigned index, int *result)
{
	pid_t parent = getpid(), pid;
	FILE *f;
	bool saved;

	if ((*result = memfd_create("ipcgrade-result", MFD_CLOEXEC)) == -1)
		return -1;
	if ((pid = fork()) != 0) {
		if (pid == -1)
			close(*result);
		return pid;
	}
	/* A grader killed outright stops its tests as a signal would. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
		_exit(1);
	run_test(opt, s, t, index);
	f = fdopen(*result, "w");
	saved = f && fwrite(t, sizeof *t, 1, f) == 1 &&
		fwrite(t->leaks, sizeof *t->leaks, t->nleaks, f) == t->nleaks;
	_exit(f && fclose(f) == 0 && saved ? 0 : 1);
}

static void take_result(struct ig_test *t, int result, int status)
{
	struct ig_test got;
	FILE *f = lseek(result, 0, SEEK_SET) == 0 ? fdopen(result, "r") : NULL;
	bool read = f && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
		    fread(&got, sizeof got, 1, f) == 1 && got.nleaks <= MAX_LEAKS;

	if (!f)
		close(result);
	if (read) {
		got.leaks = calloc(got.nleaks + 1, sizeof *got.leaks);
		read = got.leaks && fread(got.leaks, sizeof *got.leaks, got.nleaks, f) == got.nleaks;
		if (!read)
			free(got.leaks);
	}
	if (read) {
		*t = got;
	} else {
		t->status = IG_ERROR;
		snprintf(t->message, sizeof t->message,
			 "the grader's process for this test ended without a result (%s)",
			 WIFSIGNALED(status) ? "killed by a signal" : "exit status or result missing");
	}
	if (f)
		fclose(f);
}

static bool selected(const struct ig_options *opt, const struct ig_test *t)
{
	return !opt->only || strcmp(opt->only, t->name) == 0;
}

static bool any_selected(const struct ig_options *opt, const struct ig_report *r)
{
	for (size_t i = 0; i < r->ntests; i++)
		if (selected(opt, &r->tests[i]))
			return true;
	return false;
}

/* A signal that reached us alone (kill PID, not the whole group) ends the
 * tests' processes too: each ends its sandbox as on a timeout. */
static void stop_tests(const pid_t *pids, size_t n)
{
	for (size_t i = 0; ig_sandbox_stopped() && i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
}

static void run_tests(const struct ig_options *opt, const struct scratch *s, struct ig_report *r)
{
	unsigned jobs = test_jobs(opt), running = 0;
	pid_t *pids = jobs > 1 ? calloc(r->ntests, sizeof *pids) : NULL;
	int *results = jobs > 1 ? calloc(r->ntests, sizeof *results) : NULL;
	size_t next = 0;

	while (next < r->ntests || running > 0) {
		int status;
		pid_t done;

		for (; next < r->ntests && running < jobs && !ig_sandbox_stopped(); next++) {
			if (!selected(opt, &r->tests[next]))
				continue;
			if (pids && results &&
			    (pids[next] = start_test(opt, s, &r->tests[next], (unsigned)next,
						     &results[next])) > 0)
				running++;
			else /* one at a time, or no process to spare */
				run_test(opt, s, &r->tests[next], (unsigned)next);
		}
		if (running == 0) {
			if (ig_sandbox_stopped())
				break;
			continue;
		}
		while ((done = wait(&status)) == -1 && errno == EINTR)
			stop_tests(pids, r->ntests);
		for (size_t i = 0; done > 0 && i < r->ntests; i++)
			if (pids[i] == done) {
				take_result(&r->tests[i], results[i], status);
				pids[i] = 0;
				running--;
			}
		if (done == -1)
			break; /* no child left: cannot happen while running > 0 */
	}
	free(pids);
	free(results);
}

bool ig_grade(const struct ig_options *opt, struct ig_report *r)
{
	struct scratch s = { 0 };
	bool ok;

	if (!ig_lab_load(opt->lab, r))
		return false;
	ig_sandbox_stop_on_signals();
	if (opt->only && !any_selected(opt, r)) {
		fprintf(stderr, "ipcgrade: lab %s has no test %s (ipcgrade list --lab %s shows them)\n",
			opt->lab, opt->only, opt->lab);
		ig_report_free(r);
		return false;
	}
	snprintf(r->submission, sizeof r->submission, "%s", opt->submission);
	snprintf(r->isolation, sizeof r->isolation, "%s", ig_sandbox_init());
	r->seeded = opt->seeded;
	r->seed = opt->seed;
	ok = make_scratch(opt->lab, opt->submission, &s);
	if (!ok)
		fprintf(stderr, "ipcgrade: cannot prepare a scratch copy of %s: %s\n",
			opt->submission, strerror(errno));
	else if (!build(opt, &s, r))
		for (size_t i = 0; i < r->ntests; i++)
			snprintf(r->tests[i].message, sizeof r->tests[i].message,
				 "not run because the build failed");
	else
		run_tests(opt, &s, r);
	r->score = 0;
	for (size_t i = 0; i < r->ntests; i++)
		r->score += r->tests[i].score;
	remove_scratch(&s);
	if (ig_sandbox_stopped())
		ig_report_free(r); /* half a grade is no grade */
	return ok && !ig_sandbox_stopped();
}
