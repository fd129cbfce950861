/*\
 * End of file: a read on a pipe returns 0 only once every write end is
 * closed, in every process that holds one. A copy left open anywhere, even
 * in the reader itself, makes the reader wait forever. When a program does
 * not finish, the failure says who waits on which pipe and who still holds
 * its write end (from /proc/PID/fd and fdinfo).
 *
 * - pipe_copy's child sees end of file and both exit 0;
 * - the command run by pipe_filter sees end of file on its stdin, and
 *   pipe_filter sees it on the command's stdout;
 * - pipe_gather's parent sees end of file once every writer is done.
 */
#include <stdio.h>
#include <stdlib.h>

#include "pipe_spec.h"

/* Run NAME with ARGV to the end; a hang fails with the picture. */
static void run_to_end(struct spec_proc *p, const char *name, const char *const argv[],
		       const char *what)
{
	pipe_start(p, &(struct spec_io){ .stdout_file = "out" }, name, argv);
	pipe_expect_end(p, what);
	cr_assert(spec_exited_with(p, 0), SPEC_CANNOT_CHECK "%s %s%s%s", what, spec_how_ended(p),
		  *spec_stderr_text(p) ? ", saying: " : "", spec_stderr_text(p));
}

Test(eof, copy_child_sees_eof,
     .description = "pipe_copy's child sees end of file once the parent has written everything, and both finish")
{
	struct spec_proc copy;
	size_t len;
	char *data = spec_records(51, 100, false, &len);

	pipe_write_file("input", data, len);
	free(data);
	run_to_end(&copy, "pipe_copy", (const char *[]){ "input", NULL }, "pipe_copy input");
}

Test(eof, filter_command_sees_eof,
     .description = "the command pipe_filter runs sees end of file on its stdin, and pipe_filter on the command's stdout")
{
	struct spec_proc filter;
	size_t len;
	char *data = spec_records(52, 100, false, &len);

	pipe_write_file("input", data, len);
	free(data);
	run_to_end(&filter, "pipe_filter", (const char *[]){ "input", "wc", "-c", NULL },
		   "pipe_filter input wc -c");
}

Test(eof, gather_parent_sees_eof,
     .description = "pipe_gather's parent sees end of file once every writer is done, and exits")
{
	struct spec_proc gather;

	run_to_end(&gather, "pipe_gather", (const char *[]){ "3", "10", "100", NULL },
		   "pipe_gather 3 10 100");
}
