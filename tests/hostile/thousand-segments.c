/*
 * Attack: shm_demo creates 1000 shared-memory segments and 100 semaphore
 * sets, removes none, and exits without doing its job.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail
 * Expect-leak: shm sem
 * Levels: root user none
 */
#include "hostile.h"

#include <sys/sem.h>
#include <sys/shm.h>

__attribute__((constructor)) static void attack(void)
{
	if (!hostile_in("shm_demo"))
		return;
	for (int i = 0; i < 1000; i++)
		shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	for (int i = 0; i < 100; i++)
		semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	exit(1);
}
