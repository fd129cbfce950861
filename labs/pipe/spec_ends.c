/*\
 * Which end is which: pipe(2) puts the read end in fds[0] and the write end
 * in fds[1]. The course text has it the other way round; a program that
 * follows it writes into a read end and gets EBADF.
 *
 * - pipe_copy moves a small file through its pipe, parent to child.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipe_spec.h"

Test(ends, fds0_reads_fds1_writes,
     .description = "pipe_copy moves a small file through its pipe: the parent writes fds[1], the child reads fds[0]")
{
	struct spec_proc copy;
	size_t len;
	char *data = spec_records(41, 60, false, &len);
	const char *said;
	bool copied;

	pipe_write_file("input", data, len);
	pipe_start(&copy, &(struct spec_io){ .stdout_file = "out" }, "pipe_copy",
		   (const char *[]){ "input", NULL });
	/* Not pipe_wait_output(): a failure must reach the EBADF check. */
	for (int waited = 0; !pipe_settled(&copy) && !pipe_file_is("out", data, len) &&
			     waited < SPEC_PATIENCE_MS; waited += 10)
		usleep(10000);
	copied = pipe_file_is("out", data, len);
	free(data);
	pipe_stop_all();
	if (copied)
		return;
	said = spec_stderr_text(&copy);
	cr_assert(strstr(said, "EBADF") || strstr(said, "Bad file descriptor"),
		  SPEC_CANNOT_CHECK "pipe_copy does not copy a small file yet: it %s%s%s",
		  spec_how_ended(&copy), *said ? ", saying: " : "", said);
	cr_assert_fail("pipe_copy input (%zu bytes): expected them copied, got: it %s, saying \"%s\": a read or a write on the wrong end of a pipe",
		       len, spec_how_ended(&copy), said);
}
