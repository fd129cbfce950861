/*\
 * pipe_gather WRITERS RECORDS SIZE: several writers share one pipe. A write
 * of at most PIPE_BUF bytes is atomic; a larger one may be interleaved with
 * other writers' bytes, so larger records need framing.
 *
 * - records of at most PIPE_BUF bytes from 4 writers arrive whole, each
 *   writer's in order, none lost or repeated;
 * - records of 3 * PIPE_BUF + 123 bytes from 4 writers arrive whole too;
 * - every writer is reaped: none is left, zombie or running, after the
 *   parent ends (checked in /proc).
 */
#include <limits.h>
#include <stdio.h>

#include "pipe_spec.h"

static void gather(unsigned writers, unsigned records, size_t size, unsigned round)
{
	struct spec_proc g;
	char w[16], r[16], s[24], what[512];

	snprintf(w, sizeof w, "%u", writers);
	snprintf(r, sizeof r, "%u", records);
	snprintf(s, sizeof s, "%zu", size);
	pipe_start(&g, &(struct spec_io){ .stdout_file = "out" }, "pipe_gather",
		   (const char *[]){ w, r, s, NULL });
	if (pipe_wait_output(&g, "out", (size_t)writers * records * size) && !spec_exited_with(&g, 0))
		snprintf(what, sizeof what, "pipe_gather %s %s %s, round %u, which %s (%s)", w, r, s,
			 round + 1, spec_how_ended(&g), spec_stderr_text(&g));
	else
		snprintf(what, sizeof what, "pipe_gather %s %s %s, round %u", w, r, s, round + 1);
	pipe_expect_records("out", writers, records, size, what);
	cr_expect(!g.reaped || spec_exited_with(&g, 0), "%s: expected exit status 0", what);
	pipe_stop_all();
}

Test(gather, small_records_never_interleave,
     .description = "records of at most PIPE_BUF bytes from 4 writers sharing a pipe arrive whole and in order")
{
	for (unsigned round = 0; round < 2; round++) {
		gather(4, 1000, 100, round);
		gather(4, 100, PIPE_BUF, round);
	}
}

Test(gather, large_records_framed,
     .description = "records of 3 * PIPE_BUF + 123 bytes from 4 writers sharing a pipe arrive whole and in order")
{
	for (unsigned round = 0; round < 3; round++)
		gather(4, 60, 3 * PIPE_BUF + 123, round);
}

Test(gather, writers_all_reaped,
     .description = "pipe_gather reaps every writer: none is left, zombie or running, after it ends")
{
	struct spec_proc g;

	pipe_start(&g, &(struct spec_io){ .stdout_file = "out" }, "pipe_gather",
		   (const char *[]){ "6", "20", "100", NULL });
	cr_assert(spec_wait_exit(&g, SPEC_PATIENCE_MS),
		  SPEC_CANNOT_CHECK "pipe_gather 6 20 100 did not finish: %s", pipe_picture());
	cr_assert(spec_exited_with(&g, 0), SPEC_CANNOT_CHECK "pipe_gather 6 20 100 does not work yet: it %s",
		  spec_how_ended(&g));
	pipe_expect_reaped(&g);
	pipe_stop_all();
}
