/*
 * Attack: shm_demo starts 32 processes that each allocate and touch all
 * the memory a process may have: far more than the machine has.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail timeout
 * Levels: root
 * Needs: cgroup
 * Only a memory cgroup stops this before the machine's out-of-memory
 * killer strikes: without one (no root, no writable cgroup) it is not tried.
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	char *p;

	if (!hostile_in("shm_demo"))
		return;
	for (int i = 0; i < 5; i++)
		fork();
	while ((p = malloc(64 << 20)) != NULL)
		memset(p, 1, 64 << 20);
	exit(1);
}
