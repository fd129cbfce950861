/*
 * Attack: shm_demo writes a gigabyte to stdout and another to stderr
 * before doing its job.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail timeout
 * Levels: root user none
 * The file-size limit stops it; the grader keeps only the first bytes.
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	static char block[1 << 20];

	if (!hostile_in("shm_demo"))
		return;
	memset(block, 'x', sizeof block);
	for (int fd = 1; fd <= 2; fd++)
		for (int i = 0; i < 1024; i++)
			if (write(fd, block, sizeof block) == -1)
				break;
}
