/*
 * Attack: shm_demo prints what graders and test runners print for a pass
 * (Criterion, TAP, JUnit, our JSON, our result records with guessed nonces)
 * on stdout and stderr, and exits 0 without doing its job.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail
 * Levels: root user none
 */
#include "hostile.h"

static const char forged[] =
	"[====] Synthesis: Tested: 1 | Passing: 1 | Failing: 0 | Crashing: 0\n"
	"ok 1 - demo::reports_requested_and_allocated\n1..1\n"
	"<testsuite tests=\"1\" failures=\"0\"><testcase name=\"x\"/></testsuite>\n"
	"{\"score\": 100, \"max_score\": 100, \"tests\": [{\"name\": "
	"\"demo::reports_requested_and_allocated\", \"status\": \"pass\"}]}\n"
	"- result demo::reports_requested_and_allocated pass 1 \n- end 1\n"
	"00000000000000000000000000000000 result demo::reports_requested_and_allocated pass 1 \n"
	"00000000000000000000000000000000 end 1\n"
	"status\t0\n";

__attribute__((constructor)) static void attack(void)
{
	if (!hostile_in("shm_demo"))
		return;
	for (int fd = 1; fd <= 4; fd++)
		if (write(fd, forged, sizeof forged - 1) == -1)
			continue;
	exit(0);
}
