/*
 * Attack: shm_demo does its job, but first leaves a daemon behind: fork,
 * setsid, fork again. The daemon waits for the grader to be gone, then
 * writes to the canary file and to /var/tmp.
 * Test: demo::reports_requested_and_allocated
 * Expect: pass
 * Expect-leak: process
 * Levels: root user none
 * Strikes-late: 20
 */
#include "hostile.h"

#include <sys/wait.h>

__attribute__((constructor)) static void attack(void)
{
	pid_t child;

	if (!hostile_in("shm_demo") || (child = fork()) == -1)
		return;
	if (child > 0) {
		waitpid(child, NULL, 0);
		return;
	}
	setsid();
	if (fork() != 0)
		_exit(0);
	for (int fd = 0; fd < 3; fd++)
		close(fd);
	sleep(20); /* Strikes-late above */
	int canary = open(HOSTILE_CANARY, O_WRONLY | O_APPEND);
	int marker = open("/var/tmp/" HOSTILE_NAME, O_WRONLY | O_CREAT, 0644);

	if (canary != -1)
		dprintf(canary, "escaped\n");
	if (marker != -1)
		dprintf(marker, "escaped\n");
	for (;;)
		pause();
}
