/*
 * Attack: shm_demo spins in an endless loop and never prints anything.
 * Test: demo::reports_requested_and_allocated
 * Expect: timeout
 * Levels: root user none
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	volatile unsigned long spins = 0;

	if (!hostile_in("shm_demo"))
		return;
	for (;;)
		spins++;
}
