/* fifo_spec.h - what the fifo lab's spec files share: fifo_make() through
 * the probe, the student's programs started and ready, and the test itself
 * playing the server or a client, so that each program is checked alone. */
#ifndef FIFO_SPEC_H
#define FIFO_SPEC_H

#include "spec.h"
#include "fifo_proto.h"

/* The .fini of every suite that starts programs: stop (SIGTERM, then
 * SIGKILL) those the test started that still run, also after a failed
 * assertion, so that the grader does not have to kill them and report
 * their FIFOs as leaks. */
void fifo_stop_started(void);

/* fifo_make(path), called in a probe process. */
struct spec_answer fifo_call_make(const char *path);

/* A FIFO the test makes at NAME in its directory, mode 0600, owned by the
 * student's user (as if left by a program that died). Removed after the
 * test. Returns its path, a copy that lives as long as the test. */
const char *fifo_test_fifo(const char *name);

/* Give PATH, made by the test, to the student's user: it stands for what
 * the student's own programs left. */
void fifo_give_to_student(const char *path);

/* The absolute path of NAME in the test's directory, a copy that lives as
 * long as the test. Nothing is made there. */
const char *fifo_path(const char *name);

/* Start fifo_server on REQ (its stdout a pipe to the test). */
void fifo_spawn_server(struct spec_proc *server, const char *req);

/* Start fifo_server on REQ and wait for its "ready" line. */
void fifo_start_server(struct spec_proc *server, const char *req);

/* Fail as "cannot check" unless fifo_server starts on a free path. */
void fifo_require_server_starts(void);

/* Start fifo_client REQ REPLY COUNT with stdout to the file OUT (NULL:
 * /dev/null). */
void fifo_start_client(struct spec_proc *client, const char *req,
		       const char *reply, int count, const char *out);

/* ---- the test as a client of the student's server ---- */

/* Open REQ for writing as a client does (fails the test on ENXIO). */
int fifo_open_request(const char *req);

/* A request of COUNT numbers to be answered through REPLY. */
struct fifo_request fifo_request_for(const char *reply, int count);

/* Write LEN bytes of requests into FD with one write(); fails the test if
 * nobody reads the FIFO any more (the server died). */
void fifo_send(int fd, const void *reqs, size_t len);

/* Ask the server, through request descriptor FD, for COUNT numbers, with a
 * reply FIFO NAME that the test makes and opens for reading first (so the
 * server's open for writing never waits). True if the answer came within
 * SPEC_PATIENCE_MS; it is in *seq. */
bool fifo_ask(int fd, const char *name, int count, int *seq);

/* Wait up to SPEC_PATIENCE_MS for an answer on reply descriptor FD (opened
 * by the test for reading) and close it. True if it came; it is in *seq. */
bool fifo_await_answer(int fd, int *seq);

/* Fail unless P sleeps; then spec_expect_blocked(). A process that never
 * sleeps is a busy loop: a failure with a hint, not "cannot check". */
void fifo_expect_blocked(struct spec_proc *p, const char *doing);

/* ---- the test as the server of the student's client ---- */

/* Make the request FIFO REQ (removed after the test) and open it for
 * reading, as a server does. Returns the descriptor (non-blocking). */
int fifo_listen(const char *req);

/* Wait up to SPEC_PATIENCE_MS for a whole request from CLIENT on FD. Fails
 * the test if none came: as "cannot check" when it is only a PRECONDITION
 * of what the test checks. */
void fifo_expect_request(int fd, struct spec_proc *client,
			 struct fifo_request *req, bool precondition);

/* Open CLIENT's reply FIFO PATH for writing, waiting up to
 * SPEC_PATIENCE_MS for the client to open it for reading. Fails the test
 * if it never does, as fifo_expect_request() does. */
int fifo_open_client_reply(struct spec_proc *client, const char *path,
			   bool precondition);

/* Answer CLIENT with number SEQ on its reply FIFO PATH, opened as above, and
 * fail unless it then exits with status 0. */
void fifo_answer_client(struct spec_proc *client, const char *path, int seq,
			bool precondition);

/* Fail unless nothing exists at PATH any more; WHAT says after what. */
void fifo_expect_gone(const char *path, const char *what);

#endif
