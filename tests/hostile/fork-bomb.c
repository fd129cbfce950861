/*
 * Attack: shm_demo forks without end, and every child does the same.
 * Test: demo::reports_requested_and_allocated
 * Expect: timeout
 * Levels: root user
 * The process cap stops the bomb, the timeout kills the whole tree.
 * (Without namespaces the cap is per user across the machine, so the
 * level "none" is not tried: it would starve other graders of processes.)
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	if (!hostile_in("shm_demo"))
		return;
	for (;;)
		fork();
}
