/*
 * batch.c - grade a class: every entry of SUBMISSIONS (a directory, a
 * .tar.gz or a .zip) is one student, graded by `ipcgrade grade` in a worker
 * process of its own, N at a time; then the gradebook, the similarity
 * check and the class report.
 *
 * Resumable: a worker writes OUT/students/NAME.stamp (the digest of the
 * sources, the lab and the grader) only after both reports are in place,
 * and a later run keeps every student whose stamp still matches. Workers
 * are in process groups of their own, so an interrupt at the terminal
 * stops the batch from starting more, lets the running ones finish, and
 * their reports count next time; even a SIGKILLed batch leaves its workers
 * to finish and stamp.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_ALL_GRADED = 0, EXIT_SOME_NOT = 1, EXIT_CANNOT = 2, MAX_JOBS = 64 };
enum { DEFAULT_THRESHOLD = 50 };        /* percent of shared fingerprints */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted++;
}

static void student_file(const struct ig_batch *b, const struct ig_student *s, const char *ext,
			 char *path, size_t size)
{
	snprintf(path, size, "%s/students/%s.%s", b->out, s->name, ext);
}

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ig_student *)a)->name, ((const struct ig_student *)b)->name);
}

/* Every entry of DIR, except hidden ones, named without its archive suffix. */
static bool list_students(struct ig_batch *b, const char *dir)
{
	static const char *const suffixes[] = { ".tar.gz", ".tgz", ".zip", ".tar" };
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		fprintf(stderr, "ipcgrade: cannot read %s: %s\n", dir, ig_errno_text(errno));
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		struct ig_student *s;

		if (e->d_name[0] == '.')
			continue;
		if (!(s = realloc(b->students, (b->n + 1) * sizeof *s))) {
			closedir(d);
			return false;
		}
		b->students = s;
		s = &b->students[b->n++];
		*s = (struct ig_student){ .row = IG_ROW_ERROR };
		snprintf(s->path, sizeof s->path, "%s/%s", dir, e->d_name);
		snprintf(s->name, sizeof s->name, "%s", e->d_name);
		for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
			if (has_suffix(s->name, suffixes[i])) {
				s->name[strlen(s->name) - strlen(suffixes[i])] = '\0';
				break;
			}
	}
	closedir(d);
	qsort(b->students, b->n, sizeof *b->students, by_name);
	return true;
}

/* What a report depends on besides the sources: the lab, its rubric and
 * both binaries, by content (a rebuild that changes nothing keeps all). */
static void grader_identity(const char *lab, char *salt, size_t size)
{
	char paths[3][PATH_MAX + 64], buf[65536];
	unsigned long long hash = IG_FNV_BASIS;

	snprintf(paths[0], sizeof paths[0], "/proc/self/exe");
	snprintf(paths[1], sizeof paths[1], "%s/build/spec/spec_%s", ig_root(), lab);
	snprintf(paths[2], sizeof paths[2], "%s/labs/%s/rubric.tsv", ig_root(), lab);
	for (size_t i = 0; i < 3; i++) {
		FILE *f = fopen(paths[i], "rb");
		size_t n;

		while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
			hash = ig_fnv(hash, buf, n);
		if (f)
			fclose(f);
	}
	snprintf(salt, size, "%s %016llx", lab, hash);
}

static bool stamp_matches(const struct ig_batch *b, const struct ig_student *s)
{
	char path[PATH_MAX + 300], text[32] = "";
	FILE *f;

	student_file(b, s, "stamp", path, sizeof path);
	if (!(f = fopen(path, "r")))
		return false;
	if (!fgets(text, sizeof text, f))
		text[0] = '\0';
	fclose(f);
	return strtoull(text, NULL, 16) == s->digest;
}

static bool write_stamp(const void *arg, FILE *f)
{
	return fprintf(f, "%016llx\n", *(const unsigned long long *)arg) > 0;
}

/* Remove what an earlier run wrote for S: it no longer applies. */
static void forget(const struct ig_batch *b, const struct ig_student *s)
{
	static const char *const exts[] = { "stamp", "json", "txt" };

	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		char path[PATH_MAX + 300];

		student_file(b, s, exts[i], path, sizeof path);
		if (unlink(path) == -1 && errno != ENOENT)
			fprintf(stderr, "ipcgrade: cannot remove %s: %s\n", path, ig_errno_text(errno));
	}
}

static void remove_copy(const struct ig_student *s, const char *top, const char *dir)
{
	if (!top[0])
		return;
	for (size_t i = 0; i < s->sources.n; i++) {
		char path[PATH_MAX * 2];

		snprintf(path, sizeof path, "%s/%s", dir, s->sources.files[i].name);
		unlink(path);
	}
	rmdir(dir);
	rmdir(top);
}

/* The worker: `ipcgrade grade` on the submission (its stderr in NAME.log),
 * then the stamp. Never returns. */
static void worker(const struct ig_batch *b, const struct ig_student *s, const char *self)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char top[PATH_MAX], dir[PATH_MAX + 300], json[PATH_MAX + 300], text[PATH_MAX + 300];
	char stamp[PATH_MAX + 300], log[PATH_MAX + 300];
	char json_opt[PATH_MAX + 320], text_opt[PATH_MAX + 320], test_jobs[24];
	int status = 0, fd;
	struct stat st;
	pid_t pid;
	FILE *logf;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	forget(b, s);
	student_file(b, s, "json", json, sizeof json);
	student_file(b, s, "txt", text, sizeof text);
	student_file(b, s, "stamp", stamp, sizeof stamp);
	student_file(b, s, "log", log, sizeof log);
	snprintf(json_opt, sizeof json_opt, "json:%s", json);
	snprintf(text_opt, sizeof text_opt, "text:%s", text);
	snprintf(test_jobs, sizeof test_jobs, "%u", b->test_jobs);
	if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) == -1 ||
	    !(logf = fdopen(fd, "w")))
		_exit(EXIT_CANNOT);
	/* A directory is graded where it is; an archive's sources from a
	 * copy whose last part is NAME: either way the report names the student. */
	top[0] = '\0';
	snprintf(dir, sizeof dir, "%s", s->path);
	if (stat(s->path, &st) == -1 || !S_ISDIR(st.st_mode)) {
		snprintf(top, sizeof top, "%s/ipcgrade-batch-XXXXXX", tmp);
		if (!mkdtemp(top))
			top[0] = '\0';
		snprintf(dir, sizeof dir, "%s/%s", top, s->name);
		if (!top[0] || mkdir(dir, 0755) == -1 || !ig_sources_write(&s->sources, dir)) {
			fprintf(logf, "ipcgrade: cannot copy the sources to %s: %s\n",
				top[0] ? dir : tmp, ig_errno_text(errno));
			remove_copy(s, top, dir);
			_exit(EXIT_CANNOT);
		}
	}
	fflush(logf);
	pid = fork();
	if (pid == 0) {
		/* Nothing from the terminal: the worker is not its foreground. */
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (null == -1 || dup2(null, STDIN_FILENO) == -1 || dup2(null, STDOUT_FILENO) == -1 ||
		    dup2(fd, STDERR_FILENO) == -1)
			_exit(127);
		execl(self, "ipcgrade", "grade", "--lab", b->lab, "-j", test_jobs, "--format",
		      json_opt, "--format", text_opt, dir, (char *)NULL);
		fprintf(stderr, "ipcgrade: cannot run %s: %s\n", self, ig_errno_text(errno));
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) == -1 && errno == EINTR)
		continue;
	remove_copy(s, top, dir);
	if (pid == -1)
		fprintf(logf, "ipcgrade: cannot fork: %s\n", ig_errno_text(errno));
	else if (WIFSIGNALED(status))
		fprintf(logf, "ipcgrade grade was killed by SIG%s\n",
			sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	else if (WEXITSTATUS(status) <= 1 && !ig_write_atomic(stamp, write_stamp, &s->digest))
		fprintf(logf, "ipcgrade: cannot write %s: %s\n", stamp, ig_errno_text(errno));
	fclose(logf);
	_exit(pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_CANNOT);
}

/* The last line of NAME.log: why grading failed, in grade's own words. */
static void last_log_line(const struct ig_batch *b, struct ig_student *s)
{
	char path[PATH_MAX + 300], line[512];
	FILE *f;

	student_file(b, s, "log", path, sizeof path);
	snprintf(s->error, sizeof s->error, "no report was written");
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof line, f))
		if (line[strspn(line, " \n")] != '\0')
			snprintf(s->error, sizeof s->error, "%.*s", (int)strcspn(line, "\n"), line);
	fclose(f);
}

/* The row for a student who has a report (or should have one). */
static void read_row(const struct ig_batch *b, struct ig_student *s)
{
	char path[PATH_MAX + 300];

	student_file(b, s, "json", path, sizeof path);
	if (!ig_report_read(path, &s->report)) {
		s->row = IG_ROW_ERROR;
		last_log_line(b, s);
		return;
	}
	s->row = IG_ROW_GRADED;
	s->nleaks = 0;
	for (size_t i = 0; i < s->report.ntests; i++) {
		s->nleaks += s->report.tests[i].nleaks;
		if (s->report.tests[i].status == IG_ERROR)
			s->row = IG_ROW_INCOMPLETE;
	}
	if (!s->report.built)
		s->row = IG_ROW_BUILD_FAILED;
	if (s->row == IG_ROW_INCOMPLETE)
		last_log_line(b, s);
}

struct progress {
	bool tty;
	size_t done, total, errors;
	size_t done_before;         /* kept or refused before grading began */
	time_t start;
};

/* After S is done, or (S NULL) before the first: a bar on a terminal, else a line. */
static void show(struct progress *p, const struct ig_student *s)
{
	enum { WIDTH = 30 };
	long elapsed = (long)(time(NULL) - p->start);
	size_t graded = p->done - p->done_before;
	long eta = graded ? elapsed * (long)(p->total - p->done) / (long)graded : 0;
	size_t fill = p->total ? p->done * WIDTH / p->total : WIDTH;

	if (!p->tty && !s)
		return;
	if (!p->tty) {
		if (s->row == IG_ROW_ERROR)
			fprintf(stderr, "[%zu/%zu] %s: error: %s\n", p->done, p->total, s->name, s->error);
		else
			fprintf(stderr, "[%zu/%zu] %s: %d/%d\n", p->done, p->total, s->name,
				s->report.score, s->report.max_score);
		return;
	}
	fprintf(stderr, "\r\033[K[%.*s%.*s] %zu/%zu  %zu error%s  %ldm%02lds, about %ldm%02lds left",
		(int)fill, "##############################", (int)(WIDTH - fill),
		"..............................", p->done, p->total, p->errors,
		p->errors == 1 ? "" : "s", elapsed / 60, elapsed % 60, eta / 60, eta % 60);
	if (p->done == p->total)
		fputc('\n', stderr);
}

struct slot {
	pid_t pid;
	size_t student;
};

static void stop_workers(const struct slot *slots, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (slots[i].pid > 0)
			kill(-slots[i].pid, SIGTERM);
}

/* Grade QUEUE's students, JOBS at a time. Returns false if interrupted. */
static bool run_queue(struct ig_batch *b, const size_t *queue, size_t nqueue, int jobs,
		      const char *self, struct progress *p)
{
	struct slot slots[MAX_JOBS] = { { 0, 0 } };
	size_t next = 0, running = 0;
	int warned = 0;

	while (next < nqueue || running > 0) {
		int status;
		pid_t pid;

		while (!interrupted && next < nqueue && running < (size_t)jobs) {
			size_t k = 0;

			while (slots[k].pid > 0)
				k++;
			pid = fork();
			if (pid == 0) {
				setpgid(0, 0);
				worker(b, &b->students[queue[next]], self);
			}
			if (pid == -1) {
				fprintf(stderr, "ipcgrade: cannot fork: %s\n", ig_errno_text(errno));
				interrupted = 1;
				break;
			}
			setpgid(pid, pid); /* either may run first: both set it */
			slots[k] = (struct slot){ pid, queue[next++] };
			running++;
		}
		if (interrupted > warned) {
			warned = interrupted;
			fprintf(stderr, warned == 1 ?
				"\nipcgrade: interrupted: waiting for the %zu running grading(s) to "
				"finish (interrupt again to stop them)\n" :
				"\nipcgrade: stopping the running gradings\n", running);
			if (warned > 1)
				stop_workers(slots, sizeof slots / sizeof *slots);
		}
		if (running == 0)
			break;
		pid = waitpid(-1, &status, 0);
		if (pid == -1)
			continue; /* EINTR: a signal to look at */
		for (size_t k = 0; k < sizeof slots / sizeof *slots; k++) {
			struct ig_student *s;

			if (slots[k].pid != pid)
				continue;
			s = &b->students[slots[k].student];
			slots[k].pid = 0;
			running--;
			read_row(b, s);
			p->done++;
			p->errors += s->row == IG_ROW_ERROR;
			show(p, s);
		}
	}
	return !interrupted;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: ipcgrade batch --lab LAB [-j N] [--threshold PERCENT] -o OUT SUBMISSIONS\n"
		"each directory, .tar.gz or .zip in SUBMISSIONS is one student's submission;\n"
		"OUT gets students/NAME.{json,txt}, gradebook.{csv,json}, similarity.json and\n"
		"index.html. Run the same command again to continue an interrupted batch.\n"
		"exit status: 0 all graded, 1 some could not be graded (see their rows),\n"
		"2 interrupted or the batch itself failed\n");
	return EXIT_CANNOT;
}

static bool parse_int(const char *text, long lo, long hi, long *value)
{
	char *end;

	errno = 0;
	*value = strtol(text, &end, 10);
	return errno == 0 && end != text && *end == '\0' && *value >= lo && *value <= hi;
}

static bool make_out(const char *out)
{
	char students[PATH_MAX + 16];

	snprintf(students, sizeof students, "%s/students", out);
	if ((mkdir(out, 0755) == -1 && errno != EEXIST) ||
	    (mkdir(students, 0755) == -1 && errno != EEXIST)) {
		fprintf(stderr, "ipcgrade: cannot make %s: %s\n", students, ig_errno_text(errno));
		return false;
	}
	return true;
}

/* Load every student's sources; keep those whose stamp matches. */
static size_t prepare(struct ig_batch *b, size_t *queue, struct progress *p)
{
	char salt[PATH_MAX];
	size_t nqueue = 0;

	grader_identity(b->lab, salt, sizeof salt);
	for (size_t i = 0; i < b->n; i++) {
		struct ig_student *s = &b->students[i];

		s->row = IG_ROW_ERROR;
		if (i > 0 && strcmp(s->name, b->students[i - 1].name) == 0) {
			/* Its reports would be the other one's: leave those be. */
			snprintf(s->error, sizeof s->error, "a second submission named %s", s->name);
			p->errors++;
		} else if (!ig_sources_load(s->path, &s->sources, s->error, sizeof s->error)) {
			forget(b, s);
			p->errors++;
		} else {
			s->digest = ig_sources_digest(&s->sources, salt);
			if (stamp_matches(b, s)) {
				read_row(b, s);
				s->kept = s->row != IG_ROW_ERROR;
			}
			if (!s->kept)
				queue[nqueue++] = i;
		}
	}
	return nqueue;
}

int ig_batch_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "lab", required_argument, NULL, 'l' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "threshold", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct ig_batch b = { .threshold = DEFAULT_THRESHOLD / 100.0 };
	struct progress p = { .tty = isatty(STDERR_FILENO), .start = time(NULL) };
	struct sigaction sa = { .sa_handler = on_signal }; /* no SA_RESTART: waitpid wakes */
	struct ig_sources template_src = { NULL, 0 };
	char self[PATH_MAX], template_dir[PATH_MAX + 64], err[512];
	long jobs = 1, value;
	size_t *queue, nqueue, kept, errors = 0;
	ssize_t len;
	int c, status = EXIT_ALL_GRADED;

	while ((c = getopt_long(argc, argv, "l:j:o:", longopts, NULL)) != -1) {
		if (c == 'l')
			b.lab = optarg;
		else if (c == 'j' && parse_int(optarg, 1, MAX_JOBS, &jobs))
			continue;
		else if (c == 'o')
			b.out = optarg;
		else if (c == 't' && parse_int(optarg, 1, 100, &value))
			b.threshold = (double)value / 100.0;
		else
			return usage();
	}
	if (!b.lab || !b.out || optind != argc - 1)
		return usage();
	if ((len = readlink("/proc/self/exe", self, sizeof self - 1)) == -1) {
		fprintf(stderr, "ipcgrade: cannot find my own binary: %s\n", ig_errno_text(errno));
		return EXIT_CANNOT;
	}
	self[len] = '\0';
	if (!ig_lab_load(b.lab, &b.rubric) || !make_out(b.out) || !list_students(&b, argv[optind]))
		return EXIT_CANNOT;
	if (!(queue = calloc(b.n + 1, sizeof *queue)))
		return EXIT_CANNOT;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* As much at once as one grading alone would run: the tests are made
	 * to pass under load, not under any load. */
	b.test_jobs = ig_default_test_jobs(false) / (unsigned)jobs;
	if (b.test_jobs < 1)
		b.test_jobs = 1;
	nqueue = prepare(&b, queue, &p);
	kept = b.n - nqueue - p.errors;
	p.total = b.n;
	p.done = p.done_before = b.n - nqueue;
	fprintf(stderr, "ipcgrade: %zu submissions, %zu to grade with %ld worker%s", b.n, nqueue,
		jobs, jobs == 1 ? "" : "s");
	if (kept)
		fprintf(stderr, ", %zu kept from an earlier run", kept);
	fprintf(stderr, "\n");
	show(&p, NULL);
	if (!run_queue(&b, queue, nqueue, (int)jobs, self, &p)) {
		fprintf(stderr, "ipcgrade: interrupted with %zu of %zu submissions done: run the "
			"same command again to continue\n", p.done, p.total);
		free(queue);
		return EXIT_CANNOT;
	}
	free(queue);
	snprintf(template_dir, sizeof template_dir, "%s/student_template/%s", ig_root(), b.lab);
	if (!ig_sources_load(template_dir, &template_src, err, sizeof err))
		fprintf(stderr, "ipcgrade: the template %s: %s; its code counts as similar\n",
			template_dir, err);
	if (!ig_similarity(&b, &template_src) || !ig_gradebook_write(&b) ||
	    !ig_classreport_write(&b)) {
		fprintf(stderr, "ipcgrade: cannot write the gradebook or the class report in %s: %s\n",
			b.out, ig_errno_text(errno));
		status = EXIT_CANNOT;
	}
	for (size_t i = 0; i < b.n; i++) {
		errors += b.students[i].row == IG_ROW_ERROR;
		ig_sources_free(&b.students[i].sources);
		if (b.students[i].row != IG_ROW_ERROR)
			ig_report_free(&b.students[i].report);
	}
	ig_sources_free(&template_src);
	fprintf(stderr, "ipcgrade: %zu graded, %zu could not be graded, %zu similar pair%s "
		"flagged; see %s/index.html\n", b.n - errors, errors, b.npairs,
		b.npairs == 1 ? "" : "s", b.out);
	free(b.pairs);
	free(b.students);
	ig_report_free(&b.rubric);
	if (status == EXIT_ALL_GRADED && errors)
		status = EXIT_SOME_NOT;
	return status;
}
