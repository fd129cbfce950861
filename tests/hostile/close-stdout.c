/*
 * Attack: shm_demo closes stdout and stderr and puts /dev/null in their
 * place, so nothing it prints arrives.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail
 * Levels: root user none
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	int null;

	if (!hostile_in("shm_demo"))
		return;
	close(1);
	close(2);
	null = open("/dev/null", O_WRONLY);
	if (null != -1)
		dup2(null, 2);
}
