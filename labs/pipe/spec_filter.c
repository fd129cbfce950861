/*\
 * pipe_filter FILE CMD [ARG...]: the command's stdin and stdout redirected
 * (dup2, then exec) to two pipes; the parent feeds one and reads the other.
 *
 * - the command's stdin and stdout are pipes (readlink /proc/self/fd/N
 *   says so), and the data goes through it both ways (sed rewrites it);
 * - 4 MiB, far more than both pipes hold, goes through cat without
 *   deadlock: feeding and reading happen at the same time;
 * - a command that stops reading early (head -c 100) is not an error: the
 *   feeding side gets EPIPE or SIGPIPE and stops, and nothing hangs;
 * - pipe_filter exits with the command's status (128 + N for signal N,
 *   127 when it cannot be run);
 * - every child is reaped, checked in /proc after pipe_filter ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe_spec.h"

static void start_filter(struct spec_proc *p, const char *const argv[])
{
	pipe_start(p, &(struct spec_io){ .stdout_file = "out" }, "pipe_filter", argv);
}

/* A test about exit statuses needs a pipe_filter that works at all; head
 * ends without waiting for end of file, which eof:: judges. */
static void require_filter_works(void)
{
	struct spec_proc filter;
	static const char text[] = "a line of input\n";

	pipe_write_file("input", text, sizeof text - 1);
	start_filter(&filter, (const char *[]){ "input", "head", "-n", "1", NULL });
	pipe_expect_end(&filter, "pipe_filter input head -n 1");
	cr_assert(spec_exited_with(&filter, 0) && pipe_file_is("out", text, sizeof text - 1),
		  SPEC_CANNOT_CHECK "pipe_filter input head -n 1 does not copy one line yet: it %s%s%s",
		  spec_how_ended(&filter), *spec_stderr_text(&filter) ? ", saying: " : "",
		  spec_stderr_text(&filter));
}

Test(filter, command_reads_and_writes_through_pipes,
     .description = "pipe_filter FILE CMD runs the command with pipes as stdin and stdout, feeds it FILE and copies its output")
{
	struct spec_proc filter;
	size_t len;
	char *data = spec_records(61, 200, false, &len), *want = malloc(len + 1);
	char ends[256] = "";
	FILE *f;

	cr_assert(want, SPEC_SETUP_FAILED "out of memory");
	pipe_write_file("input", "x\n", 2);
	/* It reads its input too: a feeder must not meet a reader gone. */
	start_filter(&filter, (const char *[]){ "input", "sh", "-c",
		     "readlink /proc/self/fd/0 /proc/self/fd/1 && cat >/dev/null", NULL });
	pipe_wait_output(&filter, "out", 12);
	f = fopen("out", "re");
	cr_assert(f, SPEC_SETUP_FAILED "cannot read out");
	ends[fread(ends, 1, sizeof ends - 1, f)] = '\0';
	fclose(f);
	cr_expect(strncmp(ends, "pipe:[", 6) == 0 && strstr(ends, "\npipe:[") != NULL,
		  "pipe_filter input sh -c 'readlink /proc/self/fd/0 /proc/self/fd/1 && cat >/dev/null': expected the command's stdin and stdout to be pipes (\"pipe:[N]\" twice), got \"%.*s\"",
		  (int)strcspn(ends, "\n") + 1 + (int)strcspn(ends + strcspn(ends, "\n") + 1, "\n"), ends);
	pipe_stop_all();

	for (size_t i = 0; i < len; i++)
		want[i] = data[i] == '#' && (i == 0 || data[i - 1] == '\n') ? '@' : data[i];
	pipe_write_file("input", data, len);
	start_filter(&filter, (const char *[]){ "input", "sed", "-u", "s/^#/@/", NULL });
	if (pipe_wait_output(&filter, "out", len))
		cr_expect(spec_exited_with(&filter, 0),
			  "pipe_filter input sed -u s/^#/@/: expected exit status 0 (sed's), got: it %s (%s)",
			  spec_how_ended(&filter), spec_stderr_text(&filter));
	spec_expect_same_stream(want, len, "out", "pipe_filter input sed -u s/^#/@/");
	free(want);
	free(data);
	pipe_stop_all();
}

Test(filter, large_stream_without_deadlock,
     .description = "pipe_filter moves 4 MiB through cat, far more than its two pipes hold, without deadlock")
{
	struct spec_proc filter;
	size_t len;
	char *data = spec_records(62, 4 * 6200, true, &len);

	pipe_write_file("input", data, len);
	start_filter(&filter, (const char *[]){ "input", "cat", NULL });
	pipe_wait_output(&filter, "out", len);
	spec_expect_same_stream(data, len, "out", "pipe_filter input cat, 4 MiB");
	free(data);
	pipe_stop_all();
}

Test(filter, early_quitting_command_is_not_an_error,
     .description = "a command that stops reading early (head -c 100) ends pipe_filter with the command's status 0, nothing hangs")
{
	struct spec_proc filter;
	size_t len;
	char *data = spec_records(63, 6200, true, &len);

	pipe_write_file("input", data, len);
	start_filter(&filter, (const char *[]){ "input", "head", "-c", "100", NULL });
	pipe_expect_end(&filter, "pipe_filter input head -c 100 (1 MiB of input)");
	cr_assert(spec_exited_with(&filter, 0) || pipe_file_is("out", data, 100),
		  SPEC_CANNOT_CHECK "pipe_filter does not work yet: it %s%s%s", spec_how_ended(&filter),
		  *spec_stderr_text(&filter) ? ", saying: " : "", spec_stderr_text(&filter));
	cr_expect(spec_exited_with(&filter, 0),
		  "pipe_filter input head -c 100: expected exit status 0 (head's), got: it %s (%s)",
		  spec_how_ended(&filter), spec_stderr_text(&filter));
	spec_expect_same_stream(data, 100, "out", "pipe_filter input head -c 100");
	free(data);
	pipe_stop_all();
}

Test(filter, exit_status_is_commands,
     .description = "pipe_filter exits with the command's status: its exit code, 128 + N for signal N, 127 when it cannot be run")
{
	static const struct {
		const char *argv[6];
		int status;
		const char *what;
	} cases[] = {
		{ { "empty", "sh", "-c", "exit 3", NULL }, 3, "pipe_filter empty sh -c 'exit 3'" },
		{ { "empty", "sh", "-c", "kill -TERM $$", NULL }, 128 + 15,
		  "pipe_filter empty sh -c 'kill -TERM $$'" },
		{ { "empty", "ipclab-no-such-command", NULL }, 127,
		  "pipe_filter empty ipclab-no-such-command" },
	};

	require_filter_works();
	/* No input: whether a write would meet a command already gone (EPIPE)
	 * is a race, and early_quitting_command_is_not_an_error judges it. */
	pipe_write_file("empty", "", 0);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct spec_proc filter;

		start_filter(&filter, cases[i].argv);
		pipe_expect_end(&filter, cases[i].what);
		cr_expect(spec_exited_with(&filter, cases[i].status),
			  "%s: expected exit status %d, got: it %s",
			  cases[i].what, cases[i].status, spec_how_ended(&filter));
	}
	pipe_stop_all();
}

Test(filter, children_reaped,
     .description = "pipe_filter reaps every child it started: none is left, zombie or running, after it ends")
{
	struct spec_proc filter;

	require_filter_works();
	start_filter(&filter, (const char *[]){ "input", "head", "-n", "1", NULL });
	pipe_expect_end(&filter, "pipe_filter input head -n 1");
	pipe_expect_reaped(&filter);
	pipe_stop_all();
}
