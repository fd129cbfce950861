/*\
 * The client: the test plays the server, so only fifo_client is checked.
 *
 * - it sends one whole request (its pid, COUNT, its reply path), then
 *   prints the number the server answers;
 * - with no server reading the request FIFO, opening it for writing with
 *   O_NONBLOCK fails with ENXIO: the client says so and exits at once
 *   instead of waiting forever in a blocking open();
 * - when the request FIFO is full, the client waits for room, and its
 *   request goes in whole (one write() of at most PIPE_BUF bytes is atomic),
 *   never in pieces that another client's bytes could split.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fifo_spec.h"

static void expect_printed(const char *path, const char *want, const char *what)
{
	char got[64] = "";
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;

	if (f)
		fclose(f);
	got[n] = '\0';
	cr_expect(strcmp(got, want) == 0, "%s: expected stdout \"%.*s\\n\", got \"%.*s\"",
		  what, (int)strlen(want) - 1, want, (int)strcspn(got, "\n"), got);
}

TestSuite(client, .fini = fifo_stop_started);

Test(client, sends_request_and_prints_answer,
     .description = "fifo_client REQ REPLY 7 sends its pid, 7 and REPLY, and prints the number it gets back")
{
	const char *req = fifo_path("req.fifo"), *reply = fifo_path("reply.fifo");
	int fd = fifo_listen(req);
	struct fifo_request got;
	struct spec_proc client;

	fifo_start_client(&client, req, reply, 7, "client.out");
	fifo_expect_request(fd, &client, &got, false);
	cr_expect(got.pid == client.pid && got.count == 7 &&
		  strncmp(got.reply, reply, sizeof got.reply) == 0,
		  "fifo_client's request: expected pid %d, count 7, reply \"%s\", got pid %d, count %d, reply \"%.*s\"",
		  client.pid, reply, got.pid, got.count, (int)sizeof got.reply, got.reply);
	fifo_answer_client(&client, reply, 4242, false);
	expect_printed("client.out", "4242\n", "fifo_client answered 4242");
}

Test(client, no_server_fails_with_enxio,
     .description = "fifo_client exits at once with a message naming the FIFO when no server reads the request FIFO (ENXIO)")
{
	const char *req = fifo_test_fifo("req.fifo");
	struct spec_proc client;
	const char *said;

	fifo_start_client(&client, req, fifo_path("reply.fifo"), 1, NULL);
	if (!spec_wait_exit(&client, SPEC_PATIENCE_MS))
		cr_assert_fail("fifo_client with nobody reading %s: expected it to fail at once (ENXIO), got: after %d s it still %s",
			       req, SPEC_PATIENCE_MS / 1000, spec_waiting_on(client.pid));
	said = spec_stderr_text(&client);
	cr_expect(WIFEXITED(client.status) && WEXITSTATUS(client.status) != 0 &&
		  (strstr(said, req) || strstr(said, "ENXIO")),
		  "fifo_client with nobody reading %s: expected an exit status other than 0 and a message naming the FIFO or ENXIO, got: it %s, saying \"%s\"",
		  req, spec_how_ended(&client), said);
}

/*
 * Fill the FIFO behind READER (written through WRITER) until fewer bytes
 * than one request are free: a whole request has to wait, a piece of one
 * still fits. A pipe holds its bytes in pages, and a write of at most
 * PIPE_BUF bytes only goes into the last page if it fits there whole
 * (pipe(7); fs/pipe.c). Returns how many bytes were written.
 */
static size_t fill_to_one_request(int writer)
{
	size_t page = spec_page(), size = (size_t)spec_must(fcntl(writer, F_GETPIPE_SZ));
	size_t last = page - (sizeof(struct fifo_request) - 1);
	char *junk = calloc(1, page);
	struct fifo_request probe = { 0 };

	cr_assert(junk, SPEC_SETUP_FAILED "out of memory");
	for (size_t i = 0; i + 1 < size / page; i++)
		cr_assert(write(writer, junk, page) == (ssize_t)page,
			  SPEC_SETUP_FAILED "fill the FIFO: %s", spec_errno_name(errno));
	cr_assert(write(writer, junk, last) == (ssize_t)last,
		  SPEC_SETUP_FAILED "fill the FIFO: %s", spec_errno_name(errno));
	free(junk);
	cr_assert(write(writer, &probe, sizeof probe) == -1 && errno == EAGAIN,
		  SPEC_SETUP_FAILED "a whole request still fits in the filled FIFO");
	return size - page + last;
}

/* Wait until CLIENT sleeps in write(). */
static bool wait_in_write(struct spec_proc *client)
{
	const struct timespec tick = { .tv_nsec = 2 * 1000 * 1000 };
	struct spec_sched s;

	for (int waited = 0; waited < SPEC_PATIENCE_MS; waited += 2) {
		if (spec_wait_exit(client, 0) || !spec_sched_read(client->pid, &s))
			return false;
		if (s.state == 'S' && s.syscall == SYS_write)
			return true;
		nanosleep(&tick, NULL);
	}
	return false;
}

Test(client, waits_for_room_in_full_fifo,
     .description = "fifo_client facing a full request FIFO waits for room, then writes its request whole, never in pieces")
{
	const char *req = fifo_path("req.fifo"), *reply = fifo_path("reply.fifo");
	int reader = fifo_listen(req);
	int writer = (int)spec_must(open(req, O_WRONLY | O_NONBLOCK | O_CLOEXEC));
	size_t filled = fill_to_one_request(writer), drained = 0;
	struct fifo_request got;
	struct spec_proc client;
	char junk[4096];
	int queued = -1;

	fifo_start_client(&client, req, reply, 1, NULL);
	if (!wait_in_write(&client))
		cr_assert_fail("fifo_client facing a full request FIFO: expected it to wait in write() for room, got: it %s (%s)",
			       client.reaped ? spec_how_ended(&client) : spec_waiting_on(client.pid),
			       spec_stderr_text(&client));
	spec_must(ioctl(reader, FIONREAD, &queued));
	cr_expect(queued == (int)filled,
		  "fifo_client facing a FIFO with room for %zu bytes: expected its %zu-byte request to wait whole, got %d bytes of it written already (a request in pieces)",
		  sizeof got - 1, sizeof got, queued - (int)filled);
	while (drained < filled) {
		size_t want = filled - drained < sizeof junk ? filled - drained : sizeof junk;
		ssize_t n = read(reader, junk, want);

		cr_assert(n > 0, SPEC_SETUP_FAILED "drain the FIFO: %s", spec_errno_name(errno));
		drained += (size_t)n;
	}
	close(writer);
	fifo_expect_request(reader, &client, &got, false);
	fifo_answer_client(&client, reply, 0, false);
}
