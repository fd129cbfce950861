/*
 * ipcgrade.h - the grader's model: a lab, its tests, one graded run, and
 * the pieces that produce it (sandbox, leak scan, build, reports).
 */
#ifndef IPCGRADE_H
#define IPCGRADE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

enum ig_status { IG_PASS, IG_FAIL, IG_TIMEOUT, IG_CRASH, IG_ERROR, IG_NOT_RUN };

struct ig_leak {
	char kind[8];      /* shm, sem, msg, fifo, socket, file, process */
	char id[256];      /* the id, path or pid */
	char key[16];      /* "0x162e", or "" */
	char detail[160];
	char remove[PATH_MAX + 16]; /* the command that removes it */
	char created_at[128];       /* "file.c:42" when the wrap layer saw it */
};

struct ig_test {
	char name[96];           /* suite::name */
	char description[256];
	char hint[320];
	int points, score, timeout_s;
	bool hidden;             /* rubric flag: results withheld from students */
	bool valgrind;           /* rubric flag: programs run under memcheck */
	enum ig_status status;
	char message[1024];
	long duration_ms;
	struct ig_leak *leaks;
	size_t nleaks;
};

struct ig_report {
	char lab[32];
	char submission[PATH_MAX];
	char isolation[160];
	bool seeded;                /* delays injected from this seed */
	unsigned long seed;
	bool built;
	char build_log[4096];
	int score, max_score;
	struct ig_test *tests;
	size_t ntests;
};

/* ---- labs and rubrics (lab.c) ---- */

/* Where ipcgrade finds labs/ and build/: the directory above the binary's. */
const char *ig_root(void);

/* The names of the labs that have a spec binary, NULL-terminated. */
const char *const *ig_labs(void);

/* Fill REPORT's test list from the lab's rubric and spec descriptions.
 * Returns false with a message on stderr if the lab is unknown or broken. */
bool ig_lab_load(const char *lab, struct ig_report *report);

/* Free what ig_lab_load() and ig_grade() allocated in REPORT. */
void ig_report_free(struct ig_report *report);

/* ---- running something isolated (sandbox.c) ---- */

struct ig_limits {
	int timeout_ms;
	bool no_memory_limit;   /* sanitizers reserve terabytes of address space */
};

struct ig_run {
	char *const *argv;
	char *const *envp;
	const char *cwd;
	const char *keep;       /* a directory that stays visible when it is
				   under /tmp, which the sandbox makes private */
	bool result_channel;    /* give the program a pipe as descriptor 3 */
	bool as_student;        /* drop to the student's user (when root) */
	bool scan_leaks;        /* report System V objects, /dev/shm files and
				   processes left when the program ends */
	struct ig_limits limits;
};

struct ig_outcome {
	int status;             /* wait status of the program */
	bool timed_out;
	char output[8192];      /* the first bytes of stdout + stderr */
	size_t output_len, output_dropped;
	long elapsed_ms;        /* from start until every process was gone */
	struct ig_leak *leaks;
	size_t nleaks;
};

/* Decide once how much isolation this machine allows; describe it. */
const char *ig_sandbox_init(void);

/* Whether runs share nothing that one of them could use up: their own
 * namespaces, and their own process cap (a cgroup, or as root without one
 * the per-user cap that every run as nobody shares). Tests run side by side
 * only then. */
bool ig_sandbox_runs_apart(void);

/* The user the student's code runs as, and whether it differs from ours. */
bool ig_student_user(uid_t *uid, gid_t *gid);

/* From now on SIGINT, SIGTERM and SIGHUP end the running sandboxes as a
 * timeout would, and ig_sandbox_stopped() returns the signal's number. */
void ig_sandbox_stop_on_signals(void);
int ig_sandbox_stopped(void);

/* As root: make DIR, the scratch directory, a tmpfs capped at 256 MiB in a
 * mount namespace of the grader's own, so that a program writing file after
 * file in its working directory fills that, not the host's disk (and the
 * mount ends with the grader, even one killed). Release it before removing
 * DIR. Elsewhere both do nothing. */
bool ig_sandbox_cap_scratch(const char *dir);
void ig_sandbox_release_scratch(const char *dir);

/* Run R to the end or its time limit. RESULT_SINK, if not NULL, receives
 * what the program writes on descriptor 3. Returns false only when the
 * sandbox itself failed (errno set). */
bool ig_sandbox_run(const struct ig_run *r, struct ig_outcome *out,
		    char *result_sink, size_t sink_size);

/* ---- process and memory caps for root (cgroup.c) ---- */

struct ig_cgroup {
	char dirs[2][PATH_MAX]; /* one group per hierarchy (v1), or one (v2) */
	size_t n;
};

/* Decide once whether cgroups can be made here: "cgroup v1", "cgroup v2",
 * or NULL. Removes the empty groups that graders killed by SIGKILL left. */
const char *ig_cgroup_init(void);

/* Make a group with its caps; move PID into it; remove the empty group. */
bool ig_cgroup_make(struct ig_cgroup *cg);
bool ig_cgroup_enter(const struct ig_cgroup *cg, pid_t pid);
void ig_cgroup_remove(struct ig_cgroup *cg);

/* ---- leaks (leaks.c) ---- */

/* Write the System V objects, /dev/shm and /tmp files and processes of
 * this namespace (except those running TEST_EXE, the test's own, and the
 * scratch directory KEEP) to FD as lines
 * "leak\tkind\tid\tkey\tdetail\tremove\n". */
void ig_scan_namespace(int fd, const char *test_exe, const char *keep);

/* Processes still running, except the test's own (they run the spec
 * binary, TEST_EXE: student code always runs from the student's programs),
 * as leaks on FD; only those descended from ANCESTOR unless it is 0. */
void ig_scan_processes(int fd, const char *test_exe, pid_t ancestor);
bool ig_descends_from(pid_t pid, pid_t ancestor);

/* Without namespaces: the ids of all System V objects now (" shm3 sem5 "),
 * and the objects not in BEFORE (and, given ONLY, in ONLY; and, unless
 * CREATOR is -1, made by that uid) written to FD as leaks, removed if asked. */
void ig_sysv_ids(char *ids, size_t size);
void ig_scan_sysv(int fd, const char *before, const char *only, long creator, bool remove);
/* The System V ids the submission's programs created, from the trace file
 * TRACE, as " shm12  sem5 " (ig_scan_sysv's ONLY). */
void ig_traced_ids(const char *trace, char *ids, size_t size);

/* Without namespaces: the files that UID still owns in /dev/shm, /tmp and
 * /var/tmp which the trace file TRACE says the submission created, written
 * to FD as leaks and removed if asked. */
void ig_scan_traced_files(int fd, const char *trace, uid_t uid, bool remove_them);

/* Append FIFOs and sockets left under DIR. */
void ig_scan_dir(const char *dir, struct ig_leak **leaks, size_t *n);

/* Fill each leak's created_at from the trace file TRACE that the test's
 * programs wrote (labs/common/trace.c); WORK is the test's directory. */
void ig_locate_leaks(struct ig_test *t, const char *trace, const char *work);

/* Parse one line written by ig_scan_namespace(). */
bool ig_leak_parse(char *line, struct ig_leak *leak);

/* ---- grading (grade.c) ---- */

struct ig_options {
	const char *lab;
	const char *submission;
	bool sanitize;          /* build the submission with ASan and UBSan */
	bool valgrind;          /* every test's programs under memcheck */
	bool seeded;            /* inject delays drawn from SEED (--seed) */
	unsigned long seed;
	const char *only;       /* run this test alone, or NULL for all */
	unsigned jobs;          /* tests at once; 0: as many as suit the machine */
};

/* How many tests ig_grade() runs at once when OPTIONS.jobs is 0, where each
 * test has namespaces and a process cap of its own. */
unsigned ig_default_test_jobs(bool valgrind);

/* Build and grade; returns false if grading could not happen at all. */
bool ig_grade(const struct ig_options *opt, struct ig_report *report);

/* ---- reports (report.c and one report_FORMAT.c per format) ---- */

/* Who reads the report: colour on a terminal; hidden tests for staff. */
struct ig_view {
	bool colour;
	bool show_hidden;
};

typedef bool ig_writer(const struct ig_report *r, FILE *f, const struct ig_view *v);
ig_writer ig_report_text, ig_report_json, ig_report_junit, ig_report_tap,
	  ig_report_gradescope, ig_report_github, ig_report_autolab;

/* The writer of format NAME, or NULL; the list of names for usage. */
ig_writer *ig_format(const char *name);
extern const char ig_format_names[];

/* Write to PATH through a temporary file renamed into place: a reader
 * never sees half a file. */
bool ig_write_atomic(const char *path, bool (*write)(const void *arg, FILE *f),
		     const void *arg);

/* Write R with WRITER to PATH ("-" is stdout), atomically. */
bool ig_report_write(ig_writer *writer, const struct ig_report *r, const char *path,
		     const struct ig_view *v);

const char *ig_status_name(enum ig_status s);

/* The hint names the mistake: it applies only when the test recognised it. */
bool ig_hint_applies(const struct ig_test *t);
/* Whether T was run: false only for a test left out by --test. */
bool ig_test_selected(const struct ig_report *r, const struct ig_test *t);

/* One leak as "kind id key K: detail, created at F:L (remove: CMD)\n". */
void ig_leak_line(FILE *f, const struct ig_leak *l);

/* What a student reads about T: message, hint, leaks (malloc'd text). */
char *ig_test_feedback(const struct ig_test *t);

/* Base64 of N bytes (malloc'd, NUL-terminated). */
char *ig_base64(const unsigned char *data, size_t n);

/* ---- batch grading of a class (batch*.c, gradebook.c, classreport.c,
 *      similarity.c) ---- */

/* One source file of a submission, held in memory. */
struct ig_source {
	char name[256];
	char *data;
	size_t size;
};

struct ig_sources {
	struct ig_source *files;
	size_t n;
};

/* Read the top-level .c and .h files of PATH, a directory or a .tar.gz /
 * .zip archive (whose sources may sit in one folder), with size caps.
 * Returns false with a one-sentence reason in ERR. */
bool ig_sources_load(const char *path, struct ig_sources *s, char *err, size_t errsize);
void ig_sources_free(struct ig_sources *s);

/* Write S as files in the existing directory DIR. */
bool ig_sources_write(const struct ig_sources *s, const char *dir);

/* 64-bit FNV-1a of N bytes at DATA, continuing from HASH (IG_FNV_BASIS
 * to start): "has this changed since?", no defence against forgery. */
#define IG_FNV_BASIS 0xcbf29ce484222325ULL
unsigned long long ig_fnv(unsigned long long hash, const void *data, size_t n);

/* 64-bit FNV-1a of SALT and S (names and contents). */
unsigned long long ig_sources_digest(const struct ig_sources *s, const char *salt);

/* "EACCES (Permission denied)" for ERR. */
const char *ig_errno_text(int err);

enum ig_row { IG_ROW_GRADED, IG_ROW_BUILD_FAILED, IG_ROW_INCOMPLETE, IG_ROW_ERROR };

struct ig_student {
	char name[256];
	char path[PATH_MAX];        /* the directory or archive */
	struct ig_sources sources;
	unsigned long long digest;
	bool kept;                  /* its report is from an earlier run */
	enum ig_row row;
	char error[512];            /* why it could not be graded */
	struct ig_report report;    /* read back from its JSON report */
	size_t nleaks;
};

enum { IG_MAX_REGIONS = 4 };

/* Lines FIRST..LAST of file FILE of one student, for each side of a match. */
struct ig_region {
	size_t file[2], first[2], last[2];
};

struct ig_pair {
	size_t a, b;                /* indices of the two students */
	double similarity;          /* shared fingerprints / the smaller set */
	size_t shared;
	struct ig_region regions[IG_MAX_REGIONS];
	size_t nregions;
};

struct ig_batch {
	const char *lab, *out;
	struct ig_report rubric;    /* the lab's tests, in rubric order */
	struct ig_student *students;
	size_t n;
	double threshold;           /* pairs at or above it are flagged */
	unsigned test_jobs;         /* tests at once in each grading */
	struct ig_pair *pairs;      /* flagged, most similar first */
	size_t npairs;
};

/* ipcgrade batch ARGS (after the word "batch"); returns the exit status. */
int ig_batch_main(int argc, char *argv[]);

/* Read a report written by ig_report_json() back into R. */
bool ig_report_read(const char *path, struct ig_report *r);

/* "graded", "build_failed", "incomplete", "error". */
const char *ig_row_name(enum ig_row row);

/* OUT/gradebook.csv and OUT/gradebook.json, from B's rows. */
bool ig_gradebook_write(const struct ig_batch *b);

/* OUT/index.html: histogram, pass rates, failures, leaks, similar pairs. */
bool ig_classreport_write(const struct ig_batch *b);

/* Fill B's pairs from the students' sources, minus the template's code. */
bool ig_similarity(struct ig_batch *b, const struct ig_sources *template_src);

#endif
