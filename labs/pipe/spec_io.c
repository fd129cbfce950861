/*\
 * The two helpers of pipe_lib.h, each called by the probe on a pipe whose
 * other end the test holds, so that the test decides when a call is cut
 * short:
 *
 * - pipe_write_all() goes on after a signal cut a write short (after the
 *   first 64 KiB of 256 KiB), and after a write interrupted before writing
 *   anything (EINTR);
 * - pipe_write_all() into a pipe without reader returns -1 with EPIPE;
 * - pipe_read_full() gathers data that arrives in pieces, across a signal;
 * - pipe_read_full() returns the short count at end of file, 0 at once.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pipe_spec.h"

struct call {
	struct spec_proc probe;
	char what[96];
};

static void start_probe(struct call *c, struct spec_io io, const char *const argv[])
{
	signal(SIGPIPE, SIG_IGN); /* a probe that returned early closes its end */
	io.result_pipe = true;
	spec_start(&c->probe, &io, "probe_pipe", argv);
}

/* The helper's answer; fails the test if the call never returns. */
static long answer(struct call *c, int *err)
{
	char buf[64];
	long ret;

	if (!spec_read_result(&c->probe, buf, sizeof buf, SPEC_PATIENCE_MS) ||
	    sscanf(buf, "%ld %d", &ret, err) != 2) {
		const char *doing = c->probe.reaped ? spec_how_ended(&c->probe) :
						      spec_waiting_on(c->probe.pid);

		cr_assert_fail("%s did not return within %d s: the process %s%s%s", c->what,
			       SPEC_PATIENCE_MS / 1000, doing,
			       *spec_stderr_text(&c->probe) ? ", saying: " : "",
			       spec_stderr_text(&c->probe));
	}
	spec_wait_exit(&c->probe, SPEC_PATIENCE_MS);
	cr_assert(ret != -1 || *err != ENOSYS, SPEC_CANNOT_CHECK "%s is not written yet (ENOSYS)",
		  c->what);
	return ret;
}

static const char *returned(long ret, int err)
{
	static char buf[64];

	snprintf(buf, sizeof buf, "%ld%s%s", ret, ret == -1 ? " with " : "",
		 ret == -1 ? spec_errno_name(err) : "");
	return buf;
}

/* Let pipe_write_all() write LEN bytes into a pipe nobody reads (already
 * full when FULL), cut its write short with SIGUSR1 once the pipe is full,
 * then take everything and compare. */
static void write_cut_by_signal(size_t len, bool full, const char *situation)
{
	struct call c;
	size_t cap, total, got;
	char *want, *buf;
	bool eof, blocked = false;
	long ret;
	int err;

	snprintf(c.what, sizeof c.what, "pipe_write_all(fd, buf, %zu)", len);
	start_probe(&c, (struct spec_io){ .stdout_pipe = true },
		    (const char *[]){ "write_all", spec_num(len), full ? "full" : "empty", NULL });
	cap = pipe_capacity(c.probe.out);
	for (int waited = 0; !blocked && waited < SPEC_PATIENCE_MS && !spec_wait_exit(&c.probe, 0);
	     waited += 10) {
		blocked = pipe_in_call(c.probe.pid, SYS_write) && pipe_pending(c.probe.out) == cap;
		if (!blocked)
			usleep(10000);
	}
	if (!blocked) {
		ret = answer(&c, &err);
		cr_assert_fail("%s into a pipe nobody reads returned %s, the pipe holding %zu of its %zu bytes: expected it to block until the pipe is read",
			       c.what, returned(ret, err), pipe_pending(c.probe.out), cap);
	}
	pipe_deliver(&c.probe, SIGUSR1);

	total = (full ? cap : 0) + len;
	want = pipe_pattern(total);
	memset(want, '.', full ? cap : 0);
	for (size_t i = 0; i < len; i++)
		want[total - len + i] = (char)(i % 251);
	buf = malloc(total + 1);
	cr_assert(buf, SPEC_SETUP_FAILED "out of memory");
	got = pipe_drain(c.probe.out, buf, total + 1, SPEC_PATIENCE_MS, &eof);
	ret = answer(&c, &err);
	if (ret != (long)len)
		cr_expect_fail("%s, %s: expected %zu (every byte written), got %s, and the reader got %zu of the bytes",
			       c.what, situation, len, returned(ret, err),
			       got > total - len ? got - (total - len) : 0);
	else
		cr_expect(got == total && memcmp(buf, want, total) == 0,
			  "%s, %s: it returned %zu, but the reader got %zu bytes, not those %zu",
			  c.what, situation, len, got > total - len ? got - (total - len) : 0, len);
	free(buf);
	free(want);
	close(c.probe.out);
}

Test(io, write_all_survives_partial_writes,
     .description = "pipe_write_all() goes on writing when a signal cuts a write short")
{
	write_cut_by_signal(256 * 1024, false, "a signal cut the first write short once the pipe was full");
}

Test(io, write_all_retries_eintr,
     .description = "pipe_write_all() retries a write that a signal interrupted before it wrote anything (EINTR)")
{
	write_cut_by_signal(1000, true, "a signal interrupted the write before it wrote anything (EINTR)");
}

Test(io, write_all_reports_epipe,
     .description = "pipe_write_all() into a pipe whose reader goes away while it waits for room returns -1 with EPIPE")
{
	struct call c;
	long ret;
	int err;

	snprintf(c.what, sizeof c.what, "pipe_write_all(fd, buf, 200000) into a full pipe whose reader then left");
	start_probe(&c, (struct spec_io){ .stdout_pipe = true },
		    (const char *[]){ "write_all", "200000", "empty", NULL });
	/* The reader leaves once the writer waits in a full pipe, never before
	 * its first write: which of the two happens is not left to chance. */
	spec_wait_sleeping_in(&c.probe, spec_call_writes, SPEC_PATIENCE_MS);
	close(c.probe.out);
	ret = answer(&c, &err);
	cr_expect(ret == -1 && err == EPIPE, "%s (SIGPIPE ignored): expected -1 with EPIPE, got %s",
		  c.what, returned(ret, err));
}

/* Hand the probe one piece, and wait until it took it and waits again
 * (or returned). */
static void give(struct call *c, const char *piece, size_t len)
{
	while (len > 0) {
		ssize_t n = write(c->probe.in, piece, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return; /* EPIPE: the call returned already */
		piece += n;
		len -= (size_t)n;
	}
	for (int waited = 0; waited < SPEC_PATIENCE_MS; waited += 10) {
		if (spec_wait_exit(&c->probe, 0) ||
		    (pipe_pending(c->probe.in) == 0 && pipe_in_call(c->probe.pid, SYS_read)))
			return;
		usleep(10000);
	}
}

/* pipe_read_full(fd, buf, LEN) with data arriving in PIECES (0 for a
 * signal instead of data), then end of file. */
static void read_in_pieces(size_t len, const size_t *pieces, size_t npieces,
			   const char *situation)
{
	struct call c;
	size_t sent = 0;
	char *data;
	long ret;
	int err;

	for (size_t i = 0; i < npieces; i++)
		sent += pieces[i];
	data = pipe_pattern(sent);
	snprintf(c.what, sizeof c.what, "pipe_read_full(fd, buf, %zu)", len);
	start_probe(&c, (struct spec_io){ .stdin_pipe = true, .stdout_file = "got" },
		    (const char *[]){ "read_full", spec_num(len), NULL });
	if (!pipe_wait_in_call(&c.probe, SYS_read, SPEC_PATIENCE_MS)) {
		ret = answer(&c, &err);
		cr_assert_fail("%s on an empty pipe returned %s: expected it to wait for data",
			       c.what, returned(ret, err));
	}
	for (size_t i = 0, at = 0; i < npieces; at += pieces[i++]) {
		if (pieces[i] == 0)
			pipe_deliver(&c.probe, SIGUSR1);
		give(&c, data + at, pieces[i]);
	}
	close(c.probe.in);
	ret = answer(&c, &err);
	cr_expect(ret == (long)(sent < len ? sent : len), "%s, %s: expected %zu, got %s",
		  c.what, situation, sent < len ? sent : len, returned(ret, err));
	if (ret > 0)
		spec_expect_same_stream(data, (size_t)ret, "got", c.what);
	free(data);
}

Test(io, read_full_collects_pieces,
     .description = "pipe_read_full() reads until it has all it asked for, however the data is cut into pieces")
{
	const size_t pieces[] = { 1, 999, 0, 1000, 1000, 500 };

	read_in_pieces(3000, pieces, sizeof pieces / sizeof *pieces,
		       "with the data coming in pieces of 1, 999, 1000 and 1000 bytes and a signal in between");
}

Test(io, read_full_short_at_eof,
     .description = "pipe_read_full() returns what it read when end of file comes first, and 0 at once at end of file")
{
	const size_t pieces[] = { 300 };

	read_in_pieces(1000, pieces, 1, "with 300 bytes, then end of file");
	read_in_pieces(10, NULL, 0, "at end of file");
}
