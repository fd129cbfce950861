/* fifo_spec.c - see fifo_spec.h. */
#include "fifo_spec.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct timespec tick = { .tv_nsec = 5 * 1000 * 1000 };

/* The pids of the programs the test started (the spec_proc structs may be
 * gone with the stack of a test that failed). */
static pid_t started[128];
static size_t nstarted;

static void remember(const struct spec_proc *p)
{
	if (nstarted < sizeof started / sizeof *started)
		started[nstarted++] = p->pid;
}

void fifo_stop_started(void)
{
	for (size_t i = 0; i < nstarted; i++) {
		/* 0: our child and still running; anything else: reaped. */
		if (waitpid(started[i], NULL, WNOHANG) != 0)
			continue;
		kill(started[i], SIGCONT); /* a stopped server, too */
		kill(started[i], SIGTERM);
		for (int waited = 0; waited < 2000 && waitpid(started[i], NULL, WNOHANG) == 0; waited += 5)
			nanosleep(&tick, NULL);
		if (waitpid(started[i], NULL, WNOHANG) == 0) {
			kill(started[i], SIGKILL);
			waitpid(started[i], NULL, 0);
		}
	}
	nstarted = 0;
}

struct spec_answer fifo_call_make(const char *path)
{
	char call[300];

	snprintf(call, sizeof call, "fifo_make(\"%s\")", path);
	return spec_probe(call, NULL, (const char *[]){ "make", path, NULL });
}

const char *fifo_path(const char *name)
{
	char *path = strdup(spec_path(name));

	if (!path)
		cr_assert_fail(SPEC_SETUP_FAILED "out of memory");
	return path;
}

/* What the test makes stands for what the student's own programs left:
 * it belongs to the student's user (when that is another user). */
void fifo_give_to_student(const char *path)
{
	if (spec_student_is_other_user())
		spec_must(chown(path, (uid_t)atol(getenv("IPCLAB_STUDENT_UID")),
				(gid_t)atol(getenv("IPCLAB_STUDENT_GID"))));
}

static void make_test_fifo(const char *path)
{
	spec_track_path(path);
	spec_must(mkfifo(path, 0600));
	fifo_give_to_student(path);
}

const char *fifo_test_fifo(const char *name)
{
	const char *path = fifo_path(name);

	make_test_fifo(path);
	return path;
}

void fifo_spawn_server(struct spec_proc *server, const char *req)
{
	struct spec_io io = { .stdout_pipe = true };

	spec_start(server, &io, "fifo_server", (const char *[]){ req, NULL });
	remember(server);
}

void fifo_start_server(struct spec_proc *server, const char *req)
{
	fifo_spawn_server(server, req);
	spec_expect_ready(server, req);
}

void fifo_require_server_starts(void)
{
	struct spec_proc server;

	fifo_start_server(&server, fifo_path("free.fifo"));
	spec_stop(&server);
}

void fifo_start_client(struct spec_proc *client, const char *req,
		       const char *reply, int count, const char *out)
{
	struct spec_io io = { .stdout_file = out };
	char n[16];

	snprintf(n, sizeof n, "%d", count);
	spec_start(client, &io, "fifo_client", (const char *[]){ req, reply, n, NULL });
	remember(client);
}

int fifo_open_request(const char *req)
{
	int fd;

	signal(SIGPIPE, SIG_IGN); /* a server that died is an EPIPE */
	fd = open(req, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		cr_assert_fail("open(%s, O_WRONLY | O_NONBLOCK) as a client, after \"ready\": expected success, got %s (is the server reading its FIFO?)",
			       req, spec_errno_name(errno));
	spec_must(fcntl(fd, F_SETFL, 0)); /* writes wait for room */
	return fd;
}

struct fifo_request fifo_request_for(const char *reply, int count)
{
	struct fifo_request req = { .pid = getpid(), .count = count };

	snprintf(req.reply, sizeof req.reply, "%s", reply);
	return req;
}

void fifo_send(int fd, const void *reqs, size_t len)
{
	ssize_t n = write(fd, reqs, len);

	if (n == -1 && errno == EPIPE)
		cr_assert_fail("a request written into the server's FIFO: expected the server to read it, got EPIPE (nobody reads the FIFO any more)");
	if (n != (ssize_t)len)
		cr_assert_fail(SPEC_SETUP_FAILED "write a request: %s", spec_errno_name(errno));
}

bool fifo_ask(int fd, const char *name, int count, int *seq)
{
	const char *path = fifo_test_fifo(name);
	int reply = (int)spec_must(open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
	struct fifo_request req = fifo_request_for(path, count);

	fifo_send(fd, &req, sizeof req);
	return fifo_await_answer(reply, seq);
}

bool fifo_await_answer(int fd, int *seq)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct fifo_response resp;
	bool ok;

	/* A FIFO that no writer has opened yet does not poll as hung up. */
	ok = poll(&p, 1, SPEC_PATIENCE_MS) == 1 && (p.revents & POLLIN) &&
	     read(fd, &resp, sizeof resp) == (ssize_t)sizeof resp;
	if (ok)
		*seq = resp.seq;
	close(fd);
	return ok;
}

void fifo_expect_blocked(struct spec_proc *p, const char *doing)
{
	if (!spec_wait_sleeping(p, SPEC_PATIENCE_MS))
		cr_assert_fail("%s, while %s: expected it to block, got: it %s", p->name,
			       doing, p->reaped ? spec_how_ended(p) : spec_waiting_on(p->pid));
	spec_expect_blocked(p, 1000, doing);
}

int fifo_listen(const char *req)
{
	make_test_fifo(req);
	return (int)spec_must(open(req, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
}

void fifo_expect_request(int fd, struct spec_proc *client,
			 struct fifo_request *req, bool precondition)
{
	size_t got = 0;

	for (int waited = 0; got < sizeof *req && waited < SPEC_PATIENCE_MS; waited += 5) {
		ssize_t n = read(fd, (char *)req + got, sizeof *req - got);

		if (n > 0)
			got += (size_t)n;
		else if (spec_wait_exit(client, 0))
			break;
		else
			nanosleep(&tick, NULL);
	}
	if (got == sizeof *req)
		return;
	cr_assert_fail("%sfifo_client's request: expected %zu bytes (a struct fifo_request), got %zu; it %s%s%s",
		       precondition ? SPEC_CANNOT_CHECK : "", sizeof *req, got, spec_how_ended(client),
		       *spec_stderr_text(client) ? ", saying: " : "",
		       spec_stderr_text(client));
}

int fifo_open_client_reply(struct spec_proc *client, const char *path,
			   bool precondition)
{
	int err = 0;

	for (int waited = 0; waited < SPEC_PATIENCE_MS && !spec_wait_exit(client, 0); waited += 5) {
		int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

		if (fd != -1)
			return fd;
		err = errno; /* ENXIO: no reader yet */
		nanosleep(&tick, NULL);
	}
	cr_assert_fail("%sfifo_client, after sending its request: expected it to open its reply FIFO %s for reading and wait there, got: it %s (%s)",
		       precondition ? SPEC_CANNOT_CHECK : "", path, spec_how_ended(client),
		       client->reaped ? spec_stderr_text(client) : spec_errno_name(err));
	return -1;
}

void fifo_answer_client(struct spec_proc *client, const char *path, int seq,
			bool precondition)
{
	struct fifo_response resp = { .seq = seq };
	int fd = fifo_open_client_reply(client, path, precondition);
	ssize_t n;

	signal(SIGPIPE, SIG_IGN); /* a client that gave up is an EPIPE */
	n = write(fd, &resp, sizeof resp);
	if (n == -1 && errno == EPIPE)
		cr_assert_fail("%sfifo_client's answer, written into its reply FIFO %s: expected it to be read, got EPIPE (the client closed the FIFO before the answer came)",
			       precondition ? SPEC_CANNOT_CHECK : "", path);
	spec_must(n);
	close(fd);
	spec_expect_exit(client, SPEC_PATIENCE_MS, NULL);
	if (!spec_exited_with(client, 0))
		cr_assert_fail("%sfifo_client after its answer: expected exit status 0, got: it %s (%s)",
			       precondition ? SPEC_CANNOT_CHECK : "", spec_how_ended(client),
			       spec_stderr_text(client));
}

void fifo_expect_gone(const char *path, const char *what)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		cr_expect_fail("%s: expected %s to be removed, got a %s still there",
			       what, path, S_ISFIFO(st.st_mode) ? "FIFO" : "file");
}
