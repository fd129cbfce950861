/*\
 * Cleanup: a FIFO is a file, so whoever creates it must unlink it, on every
 * way out; a FIFO left behind is a leak (the report names the line that
 * made it).
 *
 * - fifo_client removes its reply FIFO after the answer;
 * - and when the server closes the reply FIFO without answering (an error);
 * - and on SIGTERM or SIGINT while it waits for the answer;
 * - fifo_server removes its request FIFO on SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fifo_spec.h"

/* Start a client of the test and take its request. */
static void start_client(struct spec_proc *client, int listen_fd,
			 const char *req, const char *reply)
{
	struct fifo_request got;

	fifo_start_client(client, req, reply, 1, NULL);
	fifo_expect_request(listen_fd, client, &got, true);
}

TestSuite(cleanup, .fini = fifo_stop_started);

Test(cleanup, client_removes_reply_fifo,
     .description = "fifo_client removes its reply FIFO after printing the answer")
{
	const char *req = fifo_path("req.fifo"), *reply = fifo_path("reply.fifo");
	int fd = fifo_listen(req);
	struct spec_proc client;

	start_client(&client, fd, req, reply);
	fifo_answer_client(&client, reply, 1, true);
	fifo_expect_gone(reply, "after fifo_client got its answer");
}

Test(cleanup, client_removes_reply_fifo_on_error,
     .description = "fifo_client exits with an error and removes its reply FIFO when the server closes it without answering")
{
	const char *req = fifo_path("req.fifo"), *reply = fifo_path("reply.fifo");
	int fd = fifo_listen(req);
	struct spec_proc client;

	start_client(&client, fd, req, reply);
	close(fifo_open_client_reply(&client, reply, true));
	spec_expect_exit(&client, SPEC_PATIENCE_MS, NULL);
	cr_expect(WIFEXITED(client.status) && WEXITSTATUS(client.status) != 0,
		  "fifo_client whose server closed the reply FIFO without answering: expected an exit status other than 0, got: it %s",
		  spec_how_ended(&client));
	fifo_expect_gone(reply, "after fifo_client got no answer");
}

static const int sigs[] = { SIGTERM, SIGINT };

Test(cleanup, client_signal_removes_reply_fifo,
     .description = "SIGTERM or SIGINT makes a fifo_client waiting for its answer exit and remove its reply FIFO")
{
	const char *req = fifo_path("req.fifo");
	int fd = fifo_listen(req);

	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		char name[32], after[80];
		const char *reply;
		struct spec_proc client;

		snprintf(name, sizeof name, "reply%zu.fifo", i);
		reply = fifo_path(name);
		start_client(&client, fd, req, reply);
		cr_assert(spec_wait_sleeping(&client, SPEC_PATIENCE_MS),
			  SPEC_CANNOT_CHECK "fifo_client never waited for its answer: it %s (%s)",
			  spec_how_ended(&client), spec_stderr_text(&client));
		spec_signal(&client, sigs[i]);
		spec_expect_exit(&client, SPEC_PATIENCE_MS, NULL);
		snprintf(after, sizeof after, "after SIG%s to a fifo_client waiting for its answer",
			 sigabbrev_np(sigs[i]));
		fifo_expect_gone(reply, after);
	}
}

Test(cleanup, server_signal_removes_request_fifo,
     .description = "SIGTERM or SIGINT makes a waiting fifo_server exit and remove its request FIFO")
{
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		char name[32], after[80];
		const char *req;
		struct spec_proc server;

		snprintf(name, sizeof name, "req%zu.fifo", i);
		req = fifo_path(name);
		fifo_start_server(&server, req);
		/* Blocked is the usual case; a server that spins gets it too. */
		spec_wait_sleeping(&server, 1000);
		spec_signal(&server, sigs[i]);
		spec_expect_exit(&server, SPEC_PATIENCE_MS, NULL);
		snprintf(after, sizeof after, "after SIG%s to a waiting fifo_server",
			 sigabbrev_np(sigs[i]));
		fifo_expect_gone(req, after);
	}
}
