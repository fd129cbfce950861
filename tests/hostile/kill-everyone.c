/*
 * Attack: shm_demo sends SIGKILL to every process it may signal
 * (kill(-1)), to its parent, and to its process group.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail crash
 * Levels: root user
 * (Without namespaces kill(-1) reaches every process of the user: no
 * grader can survive that, so the level "none" is not tried.)
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	if (!hostile_in("shm_demo"))
		return;
	kill(getppid(), SIGKILL);
	kill(0, SIGKILL);
	kill(-1, SIGKILL);
	_exit(0);
}
