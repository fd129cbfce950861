/*
 * spec.h - what every lab's Criterion spec tests share.
 *
 * The rule that keeps verdicts honest: the student's code never runs inside
 * a test process. Programs are started with spec_start(); helper functions
 * are called through the lab's probe program (one call per process, the
 * result on descriptor 3). A student's crash, exit(0) or stray output can
 * only make its own program look wrong, never make a test pass.
 *
 * Messages follow one shape, "<what was done>: expected X, got Y". A failure
 * whose message starts with SPEC_CANNOT_CHECK means a precondition of the
 * student's code failed (no hint is shown); one that starts with
 * SPEC_SETUP_FAILED means the test itself could not run (an error, not the
 * student's fault).
 */
#ifndef SPEC_H
#define SPEC_H

#include <criterion/criterion.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define SPEC_CANNOT_CHECK "cannot check: "
#define SPEC_SETUP_FAILED "test setup failed: "

/* How long a test waits for a student's process before calling it stuck. */
#define SPEC_PATIENCE_MS 10000

/* ---- the test's surroundings (spec_env.c) ---- */

/* Run a setup step that must work; -1 makes the test an error. */
#define spec_must(call) spec_must_((long)(call), #call, __FILE__, __LINE__)
long spec_must_(long ret, const char *what, const char *file, int line);

/* The page size, read at run time. */
size_t spec_page(void);

/* A System V key no other test uses (never IPC_PRIVATE). */
key_t spec_key(void);

/* The path of the student's built program NAME; the test is an error if the
 * grader did not build it. */
const char *spec_program(const char *name);

/* A fresh path in the test's working directory: "<dir>/<name>". Static
 * storage, one per call site is enough: copy it if you need two. */
const char *spec_path(const char *name);

/* N as a decimal string, for an argument vector; four may be in use at once. */
const char *spec_num(size_t n);

/* The name of an errno value, "EEXIST". */
const char *spec_errno_name(int err);

/* Whether the student's programs run as another user than the test (the
 * grader runs as root): only then can a test make a foreign owner. */
bool spec_student_is_other_user(void);

/* Record an object the test made, so that it is removed after the test even
 * if the test dies, and never reported as the student's leak. */
void spec_track_shm(int id);
void spec_track_sem(int id);
void spec_track_path(const char *path);

/* Remove what spec_track_*() recorded (the runner calls it after a test). */
void spec_remove_tracked(void);

/* Whether object ID of KIND ("shm", "sem") was made by the test. */
bool spec_is_tracked(const char *kind, int id);

/* ---- the student's processes (spec_proc.c) ---- */

struct spec_proc {
	const char *name; /* program name, for messages */
	pid_t pid;
	int in;           /* write end of its stdin, or -1 */
	int out;          /* read end of its stdout, or -1 */
	int result;       /* read end of its descriptor 3, or -1 */
	char err_path[256];
	int status;       /* wait status, once reaped */
	bool reaped;
	int signalled;    /* the last signal the test sent it (spec_signal), 0 none */
};

struct spec_io {
	const char *stdin_file;  /* NULL: /dev/null, unless stdin_pipe */
	bool stdin_pipe;
	const char *stdout_file; /* NULL: /dev/null, unless stdout_pipe */
	bool stdout_pipe;
	bool result_pipe;        /* descriptor 3 is a pipe to the test */
	const char *env;         /* one extra "NAME=value", or NULL */
};

/* Start program NAME with arguments ARGV (NULL-terminated, without the
 * program name), as the student's user, with the given stdio. */
void spec_start(struct spec_proc *p, const struct spec_io *io,
		const char *name, const char *const argv[]);

/* Wait up to timeout_ms for P to end. True if it ended (status in P). */
bool spec_wait_exit(struct spec_proc *p, int timeout_ms);

/* Wait for P to end; if it does not, fail the test with what everybody is
 * blocked on (the deadlock picture). */
void spec_expect_exit(struct spec_proc *p, int timeout_ms,
		      struct spec_proc *const others[]);

/* True if P ended by exit(code). */
bool spec_exited_with(const struct spec_proc *p, int code);

/* "exited with status 1", "was killed by SIGSEGV", "is still running". */
const char *spec_how_ended(const struct spec_proc *p);

/* Read one line (without its newline) from P's stdout pipe within
 * timeout_ms. False on end of file or time out. */
bool spec_read_line(struct spec_proc *p, char *buf, size_t size,
		    int timeout_ms);

/* Wait for P's first line, "ready"; anything else (or nothing) means the
 * test cannot check what it is about. ARGS names how P was started. */
void spec_expect_ready(struct spec_proc *p, const char *args);

/* Read all of descriptor 3 (the probe's answer) into BUF, NUL-terminated. */
bool spec_read_result(struct spec_proc *p, char *buf, size_t size,
		      int timeout_ms);

/* The first bytes P wrote on stderr, one line, for messages. */
const char *spec_stderr_text(struct spec_proc *p);

/* Write DATA to P's stdin pipe from a helper process, in random pieces with
 * random short pauses drawn from SEED, then close it. */
void spec_feed(struct spec_proc *p, const char *data, size_t len,
	       unsigned seed);

/* Send SIG to P. */
void spec_signal(struct spec_proc *p, int sig);

/* End P (SIGTERM, then SIGKILL after 2 s) and reap it. */
void spec_stop(struct spec_proc *p);

/* ---- how a process spends its time (spec_sched.c) ---- */

struct spec_sched {
	char state;                   /* R, S, D, Z, T... from /proc/PID/stat */
	unsigned long long cpu_ms;    /* user + system time */
	unsigned long wakeups;        /* voluntary context switches */
	long syscall;                 /* current system call, -1 if running */
};

bool spec_sched_read(pid_t pid, struct spec_sched *s);

/* Wait until P sleeps in a system call (state S) within timeout_ms. */
bool spec_wait_sleeping(struct spec_proc *p, int timeout_ms);

/* The same, in a system call IN accepts: a process that sleeps now and then
 * on its way there (a semop between blocks) is not there yet. */
bool spec_wait_sleeping_in(struct spec_proc *p, bool (*in)(long syscall), int timeout_ms);

/* nanosleep, clock_nanosleep or pause: a polling loop or an injected delay
 * (--seed), not a wait for anything. */
bool spec_is_sleep_call(long syscall);

/* Calls that wait for input (read, poll...) or for room to write. */
bool spec_call_reads(long syscall);
bool spec_call_writes(long syscall);
bool spec_call_accepts(long syscall); /* waits for a connection */

/* One sentence on what P waits for: "waits in semop for semaphore 1 of set
 * 32769 (value 0)", "sleeps in clock_nanosleep", "is running". */
const char *spec_waiting_on(pid_t pid);

/* SIGSTOP P and wait until it is stopped: a signalled process may still
 * run a little (a read that finds data returns first) before it stops. */
void spec_freeze(struct spec_proc *p);

/* Watch P for window_ms and fail the test if it burns CPU or keeps waking
 * up (a polling loop) instead of blocking. */
void spec_expect_blocked(struct spec_proc *p, int window_ms,
			 const char *doing);

/* ---- System V objects in the test's IPC namespace (spec_ipc.c) ---- */

struct spec_ipc {
	char kind;      /* 'm' segment, 's' semaphore set, 'q' message queue */
	int id;
	key_t key;
	unsigned mode;  /* permission bits */
	size_t size;    /* bytes for 'm', semaphores for 's' */
	int nattch;     /* 'm' only */
	pid_t cpid;     /* 'm' only */
	uid_t uid;
};

/* The objects of KIND that the test did not make. Returns how many. */
size_t spec_ipc_list(char kind, struct spec_ipc *out, size_t max);

/* The object of KIND with KEY, if any. */
bool spec_ipc_find(char kind, key_t key, struct spec_ipc *out);

/* Count the segments that process PID made as the test's own (a
 * precondition's leftovers are charged by the test about leaks, once). */
void spec_adopt_segments_of(pid_t pid);

/* Fail the test if any System V object the test did not make exists. */
void spec_expect_no_ipc(const char *after);

/* "segment 3 (key 0x162e, 4096 bytes, mode 600)" */
const char *spec_ipc_describe(const struct spec_ipc *o);

/* ---- memcheck (spec_valgrind.c) ---- */

/* Whether the grader asked for the student's programs to run under valgrind. */
bool spec_valgrind_on(void);

/* A new log file for the SERIALth program started, NAME (a descriptor). */
int spec_valgrind_log(const char *name, unsigned serial);

/* The first error valgrind reported in this test, as a sentence in MSG. */
bool spec_valgrind_verdict(char *msg, size_t size);

#endif

/* ---- calling a helper function through the lab's probe (spec_probe.c) ---- */

struct spec_answer {
	long ret;
	int err; /* errno after the call */
};

/* "-1 with EINVAL", or the value returned when the call did not fail. */
const char *spec_answer_text(struct spec_answer a);

/* Run the lab's probe ("probe_<lab>") with ARGV, ENV ("NAME=value" or
 * NULL), and return what the call answered. CALL names the call for
 * messages, "shm_create(key, 1)". A crash or a hang fails the test. */
struct spec_answer spec_probe(const char *call, const char *env,
			      const char *const argv[]);

/* ---- streams: made-up records sent through a student's programs ---- */

/* COUNT numbered records of random length drawn from SEED, every byte value
 * included when BINARY. Returns a malloc'd buffer; *len is set. */
char *spec_records(unsigned seed, unsigned count, bool binary, size_t *len);

/* The first LEN bytes of S, printable (\xNN for the rest), for a message;
 * four may be in use at once. */
const char *spec_shown(const char *s, size_t len);

/* Fail unless file PATH holds exactly the LEN bytes of EXPECTED; the message
 * names the first record that differs and how (missing, extra, changed). */
void spec_expect_same_stream(const char *expected, size_t len,
			     const char *path, const char *what);
