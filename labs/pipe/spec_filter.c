/*\
 * pipe_filter FILE CMD [ARG...]: the command's stdin and stdout redirected
 * (dup2, then exec) to two pipes; the parent feeds one and reads the other.
 *
 * - the data goes through the command both ways (sed rewrites it);
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
	spec_start(p, &(struct spec_io){ .stdout_file = "out" }, "pipe_filter", argv);
}

/* A test about exit statuses needs a pipe_filter that works at all. */
static void require_filter_works(void)
{
	struct spec_proc filter;
	static const char text[] = "a line of input\n";

	pipe_write_file("input", text, sizeof text - 1);
	start_filter(&filter, (const char *[]){ "input", "cat", NULL });
	cr_assert(spec_wait_exit(&filter, SPEC_PATIENCE_MS),
		  SPEC_CANNOT_CHECK "pipe_filter input cat did not finish: %s", pipe_picture());
	cr_assert(spec_exited_with(&filter, 0) && pipe_file_is("out", text, sizeof text - 1),
		  SPEC_CANNOT_CHECK "pipe_filter input cat does not copy one line yet: it %s%s%s",
		  spec_how_ended(&filter), *spec_stderr_text(&filter) ? ", saying: " : "",
		  spec_stderr_text(&filter));
}

Test(filter, command_reads_and_writes_through_pipes,
     .description = "pipe_filter FILE CMD feeds FILE to the command's stdin and copies the command's stdout to its own")
{
	struct spec_proc filter;
	size_t len;
	char *data = spec_records(61, 2000, false, &len), *want = malloc(len + 1);

	cr_assert(want, SPEC_SETUP_FAILED "out of memory");
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
	if (!spec_wait_exit(&filter, SPEC_PATIENCE_MS)) {
		const char *picture = pipe_picture();

		pipe_stop_all();
		cr_assert_fail("pipe_filter input head -c 100 (1 MiB input) did not finish within %d s: %s",
			       SPEC_PATIENCE_MS / 1000, picture);
	}
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
		{ { "input", "sh", "-c", "cat >/dev/null; exit 3", NULL }, 3, "a command that exits 3" },
		{ { "input", "sh", "-c", "kill -TERM $$", NULL }, 128 + 15, "a command killed by SIGTERM" },
		{ { "input", "ipclab-no-such-command", NULL }, 127, "a command that does not exist" },
	};

	require_filter_works();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct spec_proc filter;

		start_filter(&filter, cases[i].argv);
		spec_expect_exit(&filter, SPEC_PATIENCE_MS, NULL);
		cr_expect(spec_exited_with(&filter, cases[i].status),
			  "pipe_filter with %s: expected exit status %d, got: it %s",
			  cases[i].what, cases[i].status, spec_how_ended(&filter));
	}
	pipe_stop_all();
}

Test(filter, children_reaped,
     .description = "pipe_filter reaps every child it started: none is left, zombie or running, after it ends")
{
	struct spec_proc filter;
	size_t len;
	char *data = spec_records(64, 500, false, &len);

	pipe_adopt_orphans();
	pipe_write_file("input", data, len);
	free(data);
	start_filter(&filter, (const char *[]){ "input", "cat", NULL });
	cr_assert(spec_wait_exit(&filter, SPEC_PATIENCE_MS),
		  SPEC_CANNOT_CHECK "pipe_filter input cat did not finish: %s", pipe_picture());
	cr_assert(spec_exited_with(&filter, 0), SPEC_CANNOT_CHECK "pipe_filter input cat does not work yet: it %s",
		  spec_how_ended(&filter));
	pipe_expect_reaped(&filter);
	pipe_stop_all();
}
