/*
 * Attack: shm_demo makes 50 segments and 10 semaphore sets through raw
 * system calls, past the grader's trace layer (the -Wl,--wrap of shmget
 * and semget), and exits without doing its job or removing them.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail
 * Expect-leak: shm sem
 * Levels: root user
 * (Without namespaces the grader removes only the objects the trace names:
 * another grader's students may run as the same user at the same time, so
 * untraced objects cannot be told from theirs. The level "none" would leave
 * these 60 on the machine, and is not tried.)
 */
#include "hostile.h"

#include <sys/ipc.h>
#include <sys/syscall.h>

__attribute__((constructor)) static void attack(void)
{
	if (!hostile_in("shm_demo"))
		return;
	for (int i = 0; i < 50; i++)
		syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	for (int i = 0; i < 10; i++)
		syscall(SYS_semget, IPC_PRIVATE, 1, IPC_CREAT | 0600);
	exit(1);
}
