/*\
 * pipe_copy: a parent streams a file (or its stdin) through a pipe to its
 * child, which writes it to stdout. The course's pipe.c, done right.
 *
 * - pipe(2) gives the read end in fds[0] and the write end in fds[1] (the
 *   course text says the opposite): a small file goes through;
 * - 1 MiB of binary data, 16 times the pipe's capacity, goes through
 *   intact from a file, and text from a stdin fed in random pieces;
 * - the parent waits for its child (it is still there, in wait, while the
 *   child cannot finish) and leaves no child behind, checked in /proc;
 * - when the child dies, the parent's write fails (EPIPE) and it stops,
 *   instead of hanging on a read end it kept itself;
 * - the parent is not killed by SIGPIPE: /proc/PID/status shows SIGPIPE
 *   ignored, caught or blocked while it writes.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pipe_spec.h"

enum { MIB = 1 << 20, ROUNDS = 3 };

static void start_copy(struct spec_proc *p, struct spec_io io, const char *file)
{
	pipe_start(p, &io, "pipe_copy", file ? (const char *[]){ file, NULL } :
					       (const char *[]){ NULL });
}

/* About LEN bytes of numbered records, every byte value included when
 * BINARY. */
static char *records(unsigned seed, size_t len, bool binary, size_t *got)
{
	return spec_records(seed, (unsigned)(len / 170), binary, got);
}

/* Copy DATA through pipe_copy (FILE argument, or stdin fed in random
 * pieces) and check the output; a hang at the end is eof's business. */
static void copy_and_check(const char *data, size_t len, unsigned round, bool from_stdin)
{
	struct spec_proc copy;
	char what[96];

	snprintf(what, sizeof what, "pipe_copy %s, %zu bytes, round %u",
		 from_stdin ? "< (a pipe fed in random pieces)" : "input", len, round + 1);
	if (from_stdin) {
		start_copy(&copy, (struct spec_io){ .stdin_pipe = true, .stdout_file = "out" }, NULL);
		spec_feed(&copy, data, len, round + 1);
	} else {
		pipe_write_file("input", data, len);
		start_copy(&copy, (struct spec_io){ .stdout_file = "out" }, "input");
	}
	if (pipe_wait_output(&copy, "out", len))
		cr_expect(spec_exited_with(&copy, 0), "%s: expected exit status 0, got: it %s (%s)",
			  what, spec_how_ended(&copy), spec_stderr_text(&copy));
	spec_expect_same_stream(data, len, "out", what);
	pipe_stop_all();
}

Test(copy, file_beyond_capacity_intact,
     .description = "pipe_copy FILE copies 1 MiB of binary data, 16 times the pipe's capacity, intact")
{
	for (unsigned round = 0; round < ROUNDS; round++) {
		size_t len;
		char *data = records(round + 1, MIB, true, &len);

		copy_and_check(data, len, round, false);
		free(data);
	}
}

Test(copy, stdin_pieces_intact,
     .description = "pipe_copy copies its stdin, text arriving in random pieces with pauses, intact")
{
	for (unsigned round = 0; round < ROUNDS; round++) {
		size_t len;
		char *data = records(round + 11, MIB / 2, false, &len);

		copy_and_check(data, len, round, true);
		free(data);
	}
}

Test(copy, waits_for_child,
     .description = "pipe_copy waits for its child, and no child is left unreaped after it ends")
{
	struct spec_proc copy;
	size_t len, cap;
	char *data, *out;
	bool eof, waits = false;
	int probe[2];

	/* The output is bigger than the stdout pipe, which the test does not
	 * read yet: the child cannot finish, the parent can. */
	spec_must(pipe(probe));
	cap = pipe_capacity(probe[0]);
	close(probe[0]);
	close(probe[1]);
	data = spec_records(21, (unsigned)((cap + cap / 4) / 170), false, &len);
	pipe_write_file("input", data, len);
	start_copy(&copy, (struct spec_io){ .stdout_pipe = true }, "input");
	for (int waited = 0; !waits && waited < SPEC_PATIENCE_MS; waited += 10) {
		if (spec_wait_exit(&copy, 0)) {
			pid_t orphan;

			cr_assert(pipe_orphans(&orphan, 1) > 0,
				  SPEC_CANNOT_CHECK "pipe_copy of %zu bytes ended (it %s) without a child left to wait for",
				  len, spec_how_ended(&copy));
			pipe_stop_all();
			cr_assert_fail("pipe_copy of %zu bytes exited (it %s) while its child was still blocked writing its output (the test had read none of it): expected it to wait(2) for the child",
				       len, spec_how_ended(&copy));
		}
		waits = pipe_in_call(copy.pid, SYS_wait4) || pipe_in_call(copy.pid, SYS_waitid);
		usleep(10000);
	}
	cr_assert(waits, SPEC_CANNOT_CHECK "pipe_copy of %zu bytes never went on to wait for its child: %s",
		  len, pipe_picture());
	out = malloc(len + 1);
	cr_assert(out, SPEC_SETUP_FAILED "out of memory");
	pipe_drain(copy.out, out, len + 1, SPEC_PATIENCE_MS, &eof);
	if (eof && spec_wait_exit(&copy, SPEC_PATIENCE_MS))
		pipe_expect_reaped(&copy);
	free(out);
	free(data);
	pipe_stop_all();
}

/* Start pipe_copy on 1 MiB with nobody reading its stdout, and wait until
 * the parent is blocked writing into its full pipe. Returns the child. */
static pid_t copy_blocked(struct spec_proc *copy)
{
	size_t len;
	char *data = records(31, MIB, true, &len);
	pid_t child;

	pipe_write_file("input", data, len);
	free(data);
	start_copy(copy, (struct spec_io){ .stdout_pipe = true }, "input");
	cr_assert(pipe_wait_in_call(copy, SYS_write, SPEC_PATIENCE_MS),
		  SPEC_CANNOT_CHECK "pipe_copy of 1 MiB with its output unread never blocked writing: it %s (%s)",
		  copy->reaped ? spec_how_ended(copy) : spec_waiting_on(copy->pid),
		  spec_stderr_text(copy));
	cr_assert(pipe_children_of(copy->pid, &child, 1) == 1,
		  SPEC_CANNOT_CHECK "pipe_copy has no child process");
	return child;
}

Test(copy, dead_reader_stops_writer,
     .description = "when pipe_copy's child dies, the parent's write fails with EPIPE and it stops with an error status")
{
	struct spec_proc copy;
	pid_t child = copy_blocked(&copy);

	kill(child, SIGKILL);
	pipe_expect_end(&copy, "pipe_copy, whose child (the pipe's reader) was killed,");
	cr_expect(!spec_exited_with(&copy, 0),
		  "pipe_copy whose child was killed mid-stream: expected an error status (data was lost), got: it %s",
		  spec_how_ended(&copy));
	pipe_stop_all();
}

/* Whether SIGPIPE is in one of the masks of /proc/PID/status. */
static bool sigpipe_handled(pid_t pid, char *masks, size_t size)
{
	char path[64], line[256];
	FILE *f;
	bool handled = false;
	size_t used = 0;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	f = fopen(path, "re");
	cr_assert(f, SPEC_SETUP_FAILED "cannot read %s", path);
	masks[0] = '\0';
	while (fgets(line, sizeof line, f)) {
		unsigned long long mask;
		char name[16];

		if (sscanf(line, "%15[^:]: %llx", name, &mask) != 2 ||
		    (strcmp(name, "SigBlk") && strcmp(name, "SigIgn") && strcmp(name, "SigCgt")))
			continue;
		handled |= (mask >> (SIGPIPE - 1)) & 1;
		used += (size_t)snprintf(masks + used, size - used, "%s%s %016llx",
					 used ? ", " : "", name, mask);
	}
	fclose(f);
	return handled;
}

Test(copy, survives_sigpipe,
     .description = "pipe_copy ignores, catches or blocks SIGPIPE, so a dead reader cannot kill it before it reaps and reports")
{
	struct spec_proc copy;
	pid_t child = copy_blocked(&copy);
	char masks[160];

	cr_expect(sigpipe_handled(copy.pid, masks, sizeof masks),
		  "pipe_copy, writing into its pipe, has SIGPIPE neither ignored, caught nor blocked (/proc/%d/status: %s): expected one of them, or a dead reader kills it",
		  copy.pid, masks);
	kill(child, SIGKILL);
	if (spec_wait_exit(&copy, SPEC_PATIENCE_MS))
		cr_expect(!WIFSIGNALED(copy.status) || WTERMSIG(copy.status) != SIGPIPE,
			  "pipe_copy whose child was killed: expected it to exit with a message, got: it %s",
			  spec_how_ended(&copy));
	pipe_stop_all();
}
