/*\
 * tcp_server and tcp_client: the course's echo pair done right, with the
 * same frames as the UNIX pair.
 *
 * - every line of tcp_client's input comes back whole through tcp_server,
 *   its stdin a file or a pipe fed in random pieces;
 * - any byte values and any line length (1 MiB), empty lines too;
 * - tcp_server puts together frames that arrive a byte at a time or two
 *   in one piece (the course's server took one read for one message);
 * - tcp_client puts together replies that arrive a byte at a time (the
 *   course's client took one recv for one reply);
 * - tcp_client closes the connection and exits 0 at the end of its input
 *   (the course's client looped forever there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sock_spec.h"

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	cr_assert(f && fwrite(data, 1, len, f) == len && fclose(f) == 0,
		  SPEC_SETUP_FAILED "write %s", path);
}

/* DATA through tcp_client and tcp_server: round 0 reads a file, the others
 * a pipe fed in random pieces. */
static void exchange(const char *data, size_t len, unsigned round, const char *what)
{
	struct spec_proc server, client;
	struct spec_io io = { .stdin_file = "input", .stdout_file = "client.out" };
	char label[160], client_said[200], client_waits[256];
	int port = sock_start_tcp_server(&server, (const char *[]){ "0", NULL }, true);
	struct stat st;

	if (round == 0)
		write_file("input", data, len);
	else
		io.stdin_pipe = true;
	spec_start(&client, &io, "tcp_client", (const char *[]){ spec_num((size_t)port), NULL });
	if (round > 0)
		spec_feed(&client, data, len, round);
	snprintf(label, sizeof label, "%s, round %u (%s)", what, round,
		 round ? "stdin a pipe fed in random pieces" : "stdin a file");
	/* How far it got tells slow from stuck. */
	if (!spec_wait_exit(&client, SPEC_PATIENCE_MS)) {
		snprintf(client_waits, sizeof client_waits, "%s", spec_waiting_on(client.pid));
		cr_assert_fail("%s: expected tcp_client to finish within %d s, got %lld of %zu bytes echoed; tcp_client %s; tcp_server %s",
			       label, SPEC_PATIENCE_MS / 1000,
			       stat("client.out", &st) == 0 ? (long long)st.st_size : 0LL, len,
			       client_waits, spec_waiting_on(server.pid));
	}
	snprintf(client_said, sizeof client_said, "%s", spec_stderr_text(&client));
	cr_expect(spec_exited_with(&client, 0), "%s: expected tcp_client to exit 0, got: it %s (%s)%s%s",
		  label, spec_how_ended(&client), client_said,
		  *spec_stderr_text(&server) ? "; tcp_server said: " : "", spec_stderr_text(&server));
	spec_expect_same_stream(data, len, "client.out", label);
	sock_stop_server(&server);
}

Test(tcp, client_echoes_stdin,
     .description = "every line tcp_client reads comes back through tcp_server whole and in order")
{
	for (unsigned round = 0; round < 2; round++) {
		size_t len;
		char *data = spec_records(round + 1, 2000, false, &len);

		exchange(data, len, round, "2,000 lines");
		free(data);
	}
}

Test(tcp, any_bytes_and_sizes_echoed,
     .description = "lines with any byte values, empty lines and a 1 MiB line come back unchanged")
{
	enum { BIG = 1 << 20 };
	size_t len;
	char *records = spec_records(7, 500, true, &len);
	char *data = malloc(len + BIG + 16);

	cr_assert(data, SPEC_SETUP_FAILED "out of memory");
	memcpy(data, records, len);
	memcpy(data + len, "\n\n", 2);
	memset(data + len + 2, 'x', BIG);
	memcpy(data + len + 2 + BIG, "\nno newline", 11);
	for (unsigned round = 0; round < 2; round++)
		exchange(data, len + 13 + BIG, round,
			 "500 binary lines, 2 empty ones, one of 1 MiB, a last one without newline");
	free(records);
	free(data);
}

Test(tcp, server_reads_frames_in_pieces,
     .description = "tcp_server echoes frames that arrive a byte at a time, in random pieces, or two in one write")
{
	enum { BIG = 1 << 20 };
	struct spec_proc server;
	int port = sock_start_tcp_server(&server, (const char *[]){ "0", NULL }, true);
	int fd = sock_connect_tcp("127.0.0.1", port);
	char *big = malloc(BIG), *two;
	size_t one_len;

	cr_assert(fd != -1, SPEC_CANNOT_CHECK "connect to tcp_server: %s", spec_errno_name(errno));
	cr_assert(big, SPEC_SETUP_FAILED "out of memory");
	for (unsigned i = 0; i < 3; i++) {
		char msg[32];
		int n = snprintf(msg, sizeof msg, "byte by byte %u", i);

		sock_send_frame(fd, msg, (size_t)n, 1, i + 1);
		sock_expect_frame(fd, msg, (size_t)n, "a frame sent a byte at a time");
	}
	sock_send_frame(fd, "", 0, 1, 4);
	sock_expect_frame(fd, "", 0, "an empty frame");
	for (size_t i = 0; i < BIG; i++)
		big[i] = (char)(i * 7 % 251);
	sock_send_frame(fd, big, BIG, 4096, 5);
	sock_expect_frame(fd, big, BIG, "a 1 MiB frame sent in random pieces");
	two = sock_frame("first of two", 12, &one_len);
	two = realloc(two, 2 * one_len);
	cr_assert(two, SPEC_SETUP_FAILED "out of memory");
	memcpy(two + one_len, two, one_len);
	memcpy(two + one_len + 4, "other of two", 12);
	sock_write_pieces(fd, two, 2 * one_len, SOCK_WHOLE, 6);
	sock_expect_frame(fd, "first of two", 12, "the first of two frames sent in one write");
	sock_expect_frame(fd, "other of two", 12, "the second of two frames sent in one write");
	close(fd);
	free(two);
	free(big);
	sock_stop_server(&server);
}

Test(tcp, client_reads_replies_in_pieces,
     .description = "tcp_client puts together replies that arrive a byte at a time")
{
	struct spec_proc client;
	size_t len, got_len;
	char *data = spec_records(9, 40, false, &len), *got;
	int port, listener = sock_listen_tcp("127.0.0.1", &port), fd, r;

	write_file("input", data, len);
	spec_start(&client, &(struct spec_io){ .stdin_file = "input", .stdout_file = "client.out" },
		   "tcp_client", (const char *[]){ spec_num((size_t)port), NULL });
	fd = sock_accept(listener, "tcp_client");
	for (unsigned seed = 1; (r = sock_recv_frame(fd, &got, &got_len)) == 1; seed++) {
		sock_send_frame(fd, got, got_len, 3, seed); /* the echo, in tiny pieces */
		free(got);
	}
	cr_assert(r == 0, SPEC_CANNOT_CHECK "tcp_client sending 40 lines: expected frames, then the end, got %s",
		  sock_frame_failure(r));
	close(fd);
	close(listener);
	spec_expect_exit(&client, SPEC_PATIENCE_MS, NULL);
	cr_expect(spec_exited_with(&client, 0), "tcp_client: expected exit status 0, got: it %s (%s)",
		  spec_how_ended(&client), spec_stderr_text(&client));
	spec_expect_same_stream(data, len, "client.out", "40 lines echoed back 1 to 3 bytes at a time");
	free(data);
}

Test(tcp, client_ends_at_end_of_input,
     .description = "at the end of its input tcp_client closes the connection and exits 0")
{
	const char *const inputs[] = { "", "one line\n" };

	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		struct spec_proc client;
		char *got;
		size_t got_len, len = strlen(inputs[i]);
		int port, listener = sock_listen_tcp("127.0.0.1", &port), fd, r;

		write_file("input", inputs[i], len);
		spec_start(&client, &(struct spec_io){ .stdin_file = "input", .stdout_file = "client.out" },
			   "tcp_client", (const char *[]){ spec_num((size_t)port), NULL });
		fd = sock_accept(listener, "tcp_client");
		if (len > 0) {
			sock_expect_frame(fd, inputs[i], len, "tcp_client's first line");
			sock_send_frame(fd, inputs[i], len, SOCK_WHOLE, 1);
		}
		r = sock_recv_frame(fd, &got, &got_len);
		free(got);
		cr_expect(r == 0, "tcp_client after %s: expected the connection to close, got %s",
			  len ? "its only line" : "empty input", sock_frame_failure(r));
		close(fd);
		close(listener);
		spec_expect_exit(&client, SPEC_PATIENCE_MS, NULL);
		cr_expect(spec_exited_with(&client, 0), "tcp_client at the end of its input: expected exit status 0, got: it %s (%s)",
			  spec_how_ended(&client), spec_stderr_text(&client));
		if (len > 0)
			spec_expect_same_stream(inputs[i], len, "client.out", "one line");
	}
}
