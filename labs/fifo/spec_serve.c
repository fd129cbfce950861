/*\
 * Serving: one request FIFO, read by one server, written by many clients.
 * The test plays the clients here, so only the server is checked.
 *
 * - a leftover FIFO at the server's path does not stop it; a FIFO that
 *   another process reads is refused and left alone;
 * - requests queued together (as from clients writing at the same time) are
 *   each read whole and answered, in order, with numbers from 0;
 * - COUNT numbers advance the next number by COUNT;
 * - a request whose reply FIFO does not exist is skipped, not fatal;
 * - concurrent fifo_clients (the student's) each get their own number,
 *   first with all their requests queued while the server is stopped.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "fifo_spec.h"

/* Under memcheck each client costs about a second of CPU to start: fewer. */
enum { QUEUED = 8, CLIENTS = 16, CLIENTS_UNDER_VALGRIND = 4, ROUNDS = 3 };

static void expect_answer(int fd, const char *name, int count, int want,
			  const char *what)
{
	int seq = -1;

	cr_assert(fifo_ask(fd, name, count, &seq),
		  "%s: expected an answer within %d s, got none", what,
		  SPEC_PATIENCE_MS / 1000);
	cr_expect(want == -1 ? seq >= 0 : seq == want,
		  "%s: expected %s%d, got %d", what, want == -1 ? "a number >= " : "",
		  want == -1 ? 0 : want, seq);
}

/* Wait until at least MIN and at most MAX bytes wait in the FIFO at REQ, or
 * patience ends, or REQ is gone: the checks that follow then fail with the
 * reason. */
static void wait_queued(const char *req, int min, int max)
{
	const struct timespec tick = { .tv_nsec = 2 * 1000 * 1000 };
	int fd = open(req, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	int queued = -1;

	if (fd == -1 && errno == ENOENT)
		return; /* the server removed it as it ended */
	spec_must(fd);

	for (int waited = 0; waited < SPEC_PATIENCE_MS; waited += 2) {
		spec_must(ioctl(fd, FIONREAD, &queued));
		if (queued >= min && queued <= max)
			break;
		nanosleep(&tick, NULL);
	}
	close(fd);
}

TestSuite(serve, .fini = fifo_stop_started);

Test(serve, replaces_leftover_fifo,
     .description = "fifo_server starts on a path where a leftover FIFO lies, and serves")
{
	const char *req = fifo_test_fifo("req.fifo");
	struct spec_proc server;

	fifo_start_server(&server, req);
	expect_answer(fifo_open_request(req), "reply.fifo", 1, 0,
		      "the first request to a server that found a leftover FIFO");
	spec_stop(&server);
}

Test(serve, refuses_fifo_in_use,
     .description = "fifo_server exits with an error, leaving the FIFO alone, when another process reads the FIFO at its path")
{
	const char *req;
	struct spec_proc server;
	struct stat before, after;
	int reader;

	fifo_require_server_starts();
	req = fifo_test_fifo("req.fifo");
	reader = (int)spec_must(open(req, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
	spec_must(fstat(reader, &before));
	fifo_spawn_server(&server, req);
	if (!spec_wait_exit(&server, SPEC_PATIENCE_MS))
		cr_assert_fail("fifo_server on a FIFO that another server reads: expected it to refuse it (EBUSY) and exit, got: after %d s it still %s",
			       SPEC_PATIENCE_MS / 1000, spec_waiting_on(server.pid));
	cr_expect(WIFEXITED(server.status) && WEXITSTATUS(server.status) != 0,
		  "fifo_server on a FIFO that another server reads: expected an exit status other than 0, got: it %s",
		  spec_how_ended(&server));
	cr_expect(lstat(req, &after) == 0 && after.st_ino == before.st_ino,
		  "fifo_server on a FIFO that another server reads: expected the FIFO left in place, got it removed or replaced");
	close(reader);
}

Test(serve, answers_queued_requests,
     .description = "fifo_server answers each of 8 requests that arrive together, in order, with 0 to 7")
{
	const char *req = fifo_path("req.fifo");
	struct fifo_request reqs[QUEUED];
	int replies[QUEUED];
	struct spec_proc server;
	int fd;

	fifo_start_server(&server, req);
	fd = fifo_open_request(req);
	for (int i = 0; i < QUEUED; i++) {
		char name[32];
		const char *path;

		snprintf(name, sizeof name, "reply%d.fifo", i);
		path = fifo_test_fifo(name);
		replies[i] = (int)spec_must(open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
		reqs[i] = fifo_request_for(path, 1);
	}
	/* One write: the requests queue up before the server reads any. */
	fifo_send(fd, reqs, sizeof reqs);
	for (int i = 0; i < QUEUED; i++) {
		int seq = -1;

		cr_assert(fifo_await_answer(replies[i], &seq),
			  "request %d of %d queued together: expected an answer within %d s, got none",
			  i + 1, QUEUED, SPEC_PATIENCE_MS / 1000);
		cr_expect(seq == i, "request %d of %d queued together: expected %d, got %d",
			  i + 1, QUEUED, i, seq);
	}
	spec_stop(&server);
}

Test(serve, counts_advance_numbers,
     .description = "requests for 3, 1, 5 and 2 numbers, one after another, get 0, 3, 4 and 9")
{
	static const int counts[] = { 3, 1, 5, 2 }, firsts[] = { 0, 3, 4, 9 };
	const char *req = fifo_path("req.fifo");
	struct spec_proc server;
	int fd;

	fifo_start_server(&server, req);
	fd = fifo_open_request(req);
	for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
		char name[32], what[64];

		snprintf(name, sizeof name, "reply%zu.fifo", i);
		snprintf(what, sizeof what, "request %zu, for %d numbers", i + 1, counts[i]);
		expect_answer(fd, name, counts[i], firsts[i], what);
	}
	spec_stop(&server);
}

Test(serve, skips_unanswerable_request,
     .description = "fifo_server skips a request whose reply FIFO does not exist and answers the next one")
{
	const char *req = fifo_path("req.fifo");
	struct fifo_request lost = fifo_request_for(fifo_path("missing.fifo"), 1);
	struct spec_proc server;
	int fd;

	fifo_start_server(&server, req);
	fd = fifo_open_request(req);
	fifo_send(fd, &lost, sizeof lost);
	wait_queued(req, 0, 0); /* one request at a time: not what this checks */
	/* Back in read (asleep) if it skipped the request; gone if not. */
	if (!spec_wait_sleeping(&server, SPEC_PATIENCE_MS) && spec_wait_exit(&server, 0))
		cr_assert_fail("fifo_server after a request whose reply FIFO does not exist: expected it to skip it and go on, got: it %s (%s)",
			       spec_how_ended(&server), spec_stderr_text(&server));
	expect_answer(fd, "reply.fifo", 1, -1,
		      "a request after one whose reply FIFO does not exist");
	spec_stop(&server);
}

/* The number alone on the first line of file PATH, or -1; TEXT gets what
 * the line holds, for messages. */
static int read_number(const char *path, char *text, size_t size)
{
	FILE *f = fopen(path, "r");
	int n = -1;
	char end = '\0';

	text[0] = '\0';
	if (f && fgets(text, (int)size, f) &&
	    (sscanf(text, "%d%c", &n, &end) != 2 || end != '\n'))
		n = -1;
	text[strcspn(text, "\n")] = '\0';
	if (f)
		fclose(f);
	return n;
}

Test(serve, concurrent_clients_all_answered,
     .description = "16 fifo_clients started at once (4 under valgrind), three times over, the first time while the server is stopped, each get a number of their own, together 0 to 47")
{
	const char *req = fifo_path("req.fifo");
	struct spec_proc server, clients[CLIENTS];
	bool seen[CLIENTS * ROUNDS] = { false };
	char out[CLIENTS][32];
	int per_round = spec_valgrind_on() ? CLIENTS_UNDER_VALGRIND : CLIENTS;
	int total = per_round * ROUNDS;

	fifo_start_server(&server, req);
	for (int round = 0; round < ROUNDS; round++) {
		if (round == 0)
			spec_freeze(&server);
		for (int i = 0; i < per_round; i++) {
			char name[32];

			snprintf(name, sizeof name, "c%d-%d.fifo", round, i);
			snprintf(out[i], sizeof out[i], "c%d-%d.out", round, i);
			fifo_start_client(&clients[i], req, fifo_path(name), 1, out[i]);
		}
		if (round == 0) {
			wait_queued(req, per_round * (int)sizeof(struct fifo_request), INT_MAX);
			spec_signal(&server, SIGCONT);
		}
		for (int i = 0; i < per_round; i++) {
			char printed[32];
			int n;

			spec_expect_exit(&clients[i], SPEC_PATIENCE_MS,
					 (struct spec_proc *[]){ &server, NULL });
			n = read_number(out[i], printed, sizeof printed);
			cr_assert(spec_exited_with(&clients[i], 0) && n >= 0 && n < total && !seen[n],
				  "round %d, client %d of %d: expected exit 0 and a number of its own below %d alone on one line, got: it %s and printed \"%s\"%s%s%s",
				  round + 1, i + 1, per_round, total,
				  spec_how_ended(&clients[i]), printed,
				  n >= 0 && n < total && seen[n] ? ", a number given twice" : "",
				  *spec_stderr_text(&clients[i]) ? ", saying: " : "",
				  spec_stderr_text(&clients[i]));
			seen[n] = true;
		}
	}
	spec_stop(&server);
}
