/* pipe_spec.h - what the pipe lab's spec files share: the pipes a process
 * holds and waits on, as /proc shows them; children that nobody reaped;
 * waiting for a program's output; records of pipe_gather. */
#ifndef PIPE_SPEC_H
#define PIPE_SPEC_H

#include "spec.h"

enum { PIPE_MAX_PROCS = 256 };

/* The pipe capacity of descriptor FD (F_GETPIPE_SZ). */
size_t pipe_capacity(int fd);

/* Bytes waiting in pipe FD (FIONREAD). */
size_t pipe_pending(int fd);

/* Write LEN bytes of DATA to file PATH. */
void pipe_write_file(const char *path, const char *data, size_t len);

/* LEN bytes of pattern: byte i is i % 251 (what probe_pipe writes). */
char *pipe_pattern(size_t len);

/* Whether PID sleeps in system call NR (SYS_read, SYS_write, SYS_wait4). */
bool pipe_in_call(pid_t pid, long nr);

/* Wait up to timeout_ms until P sleeps in system call NR. False if it
 * ended first or the time ran out. */
bool pipe_wait_in_call(struct spec_proc *p, long nr, int timeout_ms);

/* Send SIG to P and wait until it has been delivered: the call P was
 * blocked in has returned (EINTR, or a short count) before the test goes
 * on and, say, makes room in the pipe. */
void pipe_deliver(struct spec_proc *p, int sig);

/* The processes whose parent is PID. Returns how many. */
size_t pipe_children_of(pid_t pid, pid_t *out, size_t max);

/* Start program NAME as spec_start() does, the test being the subreaper
 * of all it starts (PR_SET_CHILD_SUBREAPER): a child the program never
 * reaped becomes the test's, a zombie or still running, seen in /proc. */
void pipe_start(struct spec_proc *p, const struct spec_io *io, const char *name,
		const char *const argv[]);

/* Whether P has ended, and every process it started too (a zombie left to
 * the test counts as ended). */
bool pipe_settled(struct spec_proc *p);

/* The processes the test adopted: its children that do not run its own
 * code (spec_feed's helpers do). Returns how many. */
size_t pipe_orphans(pid_t *out, size_t max);

/* Fail unless program P (ended) reaped every process it started; kill and
 * reap what it left. */
void pipe_expect_reaped(const struct spec_proc *p);

/* What every process of the test is doing, one clause each, naming for a
 * read or write on a pipe who else holds that pipe's ends:
 * "pipe_copy (pid 12) waits in read on pipe:[345] whose write end is
 * still open in pipe_copy (pid 12) as descriptor 4". */
const char *pipe_picture(void);

/* Wait for P to end; if it does not within the patience, fail with the
 * picture (WHAT names the command) and end everything. */
void pipe_expect_end(struct spec_proc *p, const char *what);

/* End every process the test started, and everything they started. */
void pipe_stop_all(void);

/* Wait until P and all it started end (true), or its output file OUT holds LEN bytes or more
 * and every process sleeps (false): a program that never sees end of file
 * still gets its data checked, and the EOF tests judge the hang. Fails the
 * test if the output stops growing for the patience, and as "cannot check"
 * if P failed before writing anything. */
bool pipe_wait_output(struct spec_proc *p, const char *out, size_t len);

/* Read FD until end of file, at most SIZE bytes into BUF, within
 * timeout_ms. Returns the bytes read; *eof says if end of file came. */
size_t pipe_drain(int fd, char *buf, size_t size, int timeout_ms, bool *eof);

/* Whether file PATH holds exactly the LEN bytes of DATA. */
bool pipe_file_is(const char *path, const char *data, size_t len);

/* Check file PATH against what pipe_gather WRITERS RECORDS SIZE must
 * print: every record once, whole, each writer's in order. */
void pipe_expect_records(const char *path, unsigned writers, unsigned records,
			 size_t size, const char *what);

#endif
