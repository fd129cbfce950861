/* spec_probe.c - call one of the student's helper functions in a process
 * of its own, through the lab's probe program. */
#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SPEC_LAB
#error "build the spec binary with -DSPEC_LAB=\"<lab>\""
#endif

struct spec_answer spec_probe(const char *call, const char *env,
			      const char *const argv[])
{
	struct spec_io io = { .result_pipe = true, .env = env };
	struct spec_answer a = { .ret = 0, .err = 0 };
	struct spec_proc probe;
	char answer[64];
	char *call_copy = strdup(call); /* callers pass static buffers */

	spec_start(&probe, &io, "probe_" SPEC_LAB, argv);
	spec_read_result(&probe, answer, sizeof answer, SPEC_PATIENCE_MS);
	if (!spec_wait_exit(&probe, SPEC_PATIENCE_MS)) {
		spec_stop(&probe);
		cr_assert_fail("%s did not return within %d s", call_copy,
			 SPEC_PATIENCE_MS / 1000);
	}
	if (sscanf(answer, "%ld %d", &a.ret, &a.err) != 2)
		cr_assert_fail("%s did not return: the process %s%s%s", call_copy,
			 spec_how_ended(&probe),
			 *spec_stderr_text(&probe) ? ", saying: " : "",
			 spec_stderr_text(&probe));
	close(probe.result);
	free(call_copy);
	return a;
}

const char *spec_answer_text(struct spec_answer a)
{
	static char bufs[2][48]; /* two may stand in one message */
	static unsigned next;
	char *buf = bufs[next++ % 2];

	if (a.ret == -1)
		snprintf(buf, sizeof bufs[0], "-1 with %s", spec_errno_name(a.err));
	else
		snprintf(buf, sizeof bufs[0], "%ld", a.ret);
	return buf;
}
