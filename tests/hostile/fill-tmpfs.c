/*
 * Attack: shm_demo fills /dev/shm and /tmp (memory, on most machines) with
 * files until it is refused or has written 4 GiB.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail timeout
 * Levels: root user none
 */
#include "hostile.h"

static size_t fill(const char *dir)
{
	static char block[1 << 20];
	size_t mib = 0;

	for (int file = 0; mib < 2048; file++) {
		char path[128];
		int fd;

		snprintf(path, sizeof path, "%s/%s-%d", dir, HOSTILE_NAME, file);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
			break;
		for (int i = 0; i < 32 && write(fd, block, sizeof block) == (ssize_t)sizeof block; i++)
			mib++;
		close(fd);
	}
	return mib;
}

__attribute__((constructor)) static void attack(void)
{
	if (!hostile_in("shm_demo"))
		return;
	signal(SIGXFSZ, SIG_IGN);
	fprintf(stderr, "wrote %zu MiB in /dev/shm, ", fill("/dev/shm"));
	fprintf(stderr, "%zu MiB in /tmp\n", fill("/tmp"));
	exit(1);
}
