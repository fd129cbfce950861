/*
 * Attack: shm_demo sleeps forever without using any CPU.
 * Test: demo::reports_requested_and_allocated
 * Expect: timeout
 * Levels: root user none
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	if (!hostile_in("shm_demo"))
		return;
	for (;;)
		pause();
}
