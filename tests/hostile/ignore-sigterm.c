/*
 * Attack: shm_demo ignores SIGTERM, SIGINT, SIGHUP and every other signal
 * it may ignore, then waits forever.
 * Test: demo::reports_requested_and_allocated
 * Expect: timeout
 * Levels: root user none
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	if (!hostile_in("shm_demo"))
		return;
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_IGN);
	for (;;)
		pause();
}
