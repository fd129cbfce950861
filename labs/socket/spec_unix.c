/*\
 * unix_server and unix_client: ALP's pair over a UNIX domain stream socket,
 * with explicit frames, because a stream has no message boundaries.
 *
 * - messages from several clients, one after another, come out in order,
 *   and "quit" ends the server (ALP's server frees the message before it
 *   compares it with "quit");
 * - frames that arrive a byte at a time, or several in one piece, are
 *   put together right;
 * - payloads hold any byte value, NUL included, and may be empty;
 * - a client that breaks off inside a frame does not stop the server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sock_spec.h"

static const char *const path = "srv.sock";

/* The server's expected stdout: each payload and a newline. */
struct expected {
	char *text;
	size_t len;
};

static void expect_printed(struct expected *e, const char *payload, size_t len)
{
	e->text = realloc(e->text, e->len + len + 1);
	cr_assert(e->text, SPEC_SETUP_FAILED "out of memory");
	memcpy(e->text + e->len, payload, len);
	e->len += len;
	e->text[e->len++] = '\n';
}

Test(unix, messages_printed_in_order,
     .description = "unix_server prints the messages of several unix_client runs, one after another, in order, and exits 0 on \"quit\"")
{
	const char *const runs[][4] = {
		{ "hello", "second message", NULL },
		{ "third, from another client", NULL },
		{ "a", "bb", "ccc", NULL },
	};
	struct expected e = { 0 };
	struct spec_proc server;

	sock_start_unix_server(&server, path, true);
	for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
		sock_run_unix_client(path, runs[r]);
		for (size_t m = 0; runs[r][m]; m++)
			expect_printed(&e, runs[r][m], strlen(runs[r][m]));
	}
	sock_quit_expecting(&server, path, e.text, e.len, "3 unix_client runs, 6 messages");
	free(e.text);
}

Test(unix, frames_read_in_pieces,
     .description = "unix_server puts together frames that arrive a byte at a time, in random pieces, or several in one write")
{
	struct expected e = { 0 };
	struct spec_proc server;
	size_t big_len = 100000, one_len;
	char *big = malloc(big_len), *two, *one;
	int fd;

	cr_assert(big, SPEC_SETUP_FAILED "out of memory");
	for (size_t i = 0; i < big_len; i++)
		big[i] = (char)('a' + i % 26);
	sock_start_unix_server(&server, path, true);
	fd = sock_connect_unix(path);
	cr_assert(fd != -1, SPEC_CANNOT_CHECK "connect(%s): %s", path, spec_errno_name(errno));

	for (unsigned i = 0; i < 3; i++) { /* header and payload byte by byte */
		char msg[32];
		int n = snprintf(msg, sizeof msg, "byte by byte %u", i);

		sock_send_frame(fd, msg, (size_t)n, 1, i + 1);
		expect_printed(&e, msg, (size_t)n);
	}
	sock_send_frame(fd, big, big_len, 700, 4);
	expect_printed(&e, big, big_len);
	/* Two frames in one write: one read may return both. */
	one = sock_frame("first of two", 12, &one_len);
	two = realloc(one, 2 * one_len);
	cr_assert(two, SPEC_SETUP_FAILED "out of memory");
	memcpy(two + one_len, two, one_len);
	memcpy(two + one_len + 4, "other of two", 12);
	sock_write_pieces(fd, two, 2 * one_len, SOCK_WHOLE, 5);
	expect_printed(&e, "first of two", 12);
	expect_printed(&e, "other of two", 12);
	close(fd);

	sock_quit_expecting(&server, path, e.text, e.len,
			    "frames sent a byte at a time, in pieces, and two in one write");
	free(two);
	free(big);
	free(e.text);
}

Test(unix, all_byte_values_printed,
     .description = "unix_server prints payloads with every byte value, NUL included, and empty ones, unchanged")
{
	struct expected e = { 0 };
	struct spec_proc server;
	size_t len, at = 0;
	char *data = spec_records(11, 300, true, &len);
	int fd;

	sock_start_unix_server(&server, path, true);
	fd = sock_connect_unix(path);
	cr_assert(fd != -1, SPEC_CANNOT_CHECK "connect(%s): %s", path, spec_errno_name(errno));
	sock_send_frame(fd, "", 0, SOCK_WHOLE, 1);
	expect_printed(&e, "", 0);
	for (unsigned seed = 1; at < len; seed++) { /* payloads of any length */
		size_t n = 1 + (size_t)rand_r(&seed) % 700;

		n = n < len - at ? n : len - at;
		sock_send_frame(fd, data + at, n, SOCK_WHOLE, seed);
		expect_printed(&e, data + at, n);
		at += n;
	}
	close(fd);
	sock_quit_expecting(&server, path, e.text, e.len, "binary payloads and an empty one");
	free(data);
	free(e.text);
}

Test(unix, broken_client_does_not_stop_server,
     .description = "a client that closes inside a frame is dropped, and unix_server goes on with the next one")
{
	struct spec_proc server;
	size_t len;
	char *frame = sock_frame("this frame is cut short", 23, &len);
	int fd;

	sock_start_unix_server(&server, path, true);
	fd = sock_connect_unix(path);
	cr_assert(fd != -1, SPEC_CANNOT_CHECK "connect(%s): %s", path, spec_errno_name(errno));
	sock_write_pieces(fd, frame, len - 10, SOCK_WHOLE, 1);
	close(fd);
	free(frame);
	/* Back to waiting for clients if it dropped that one; ended if not. */
	if (!spec_wait_sleeping_in(&server, spec_call_accepts, SPEC_PATIENCE_MS) &&
	    spec_wait_exit(&server, 0))
		cr_assert_fail("unix_server after a client closed inside a frame: expected it to drop that client and go on, got: it %s (%s)",
			       spec_how_ended(&server), spec_stderr_text(&server));
	sock_run_unix_client(path, (const char *[]){ "after the broken one", NULL });
	sock_quit_expecting(&server, path, "after the broken one\n", 21,
			    "a client cut short inside a frame, then a whole message");
}
