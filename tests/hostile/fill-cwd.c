/*
 * Attack: shm_demo writes file after file of 32 MiB in its working
 * directory, on the host's disk unless the grader caps it, until it is
 * refused or has written 1 GiB, then removes them (the test keeps the
 * program's stderr in that directory) and says which.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail
 * Expect-message: refused after ([0-9]{1,2}|1[0-9]{2}|2[0-5][0-9]) MiB
 * Levels: root
 * (At the user and none levels the working directory is on the host's disk:
 * a student fills only their own.)
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	static char block[1 << 20];
	size_t mib = 0;
	bool refused = false;
	int files = 0;

	if (!hostile_in("shm_demo"))
		return;
	signal(SIGXFSZ, SIG_IGN);
	for (; mib < 1024 && !refused; files++) {
		char path[64];
		int fd;

		snprintf(path, sizeof path, "%s-%d", HOSTILE_NAME, files);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
			refused = true;
		for (int i = 0; !refused && i < 32; i++)
			if (write(fd, block, sizeof block) == (ssize_t)sizeof block)
				mib++;
			else
				refused = true;
		if (fd != -1)
			close(fd);
	}
	while (files-- > 0) {
		char path[64];

		snprintf(path, sizeof path, "%s-%d", HOSTILE_NAME, files);
		unlink(path);
	}
	fprintf(stderr, refused ? "refused after %zu MiB\n" : "not refused: wrote %zu MiB\n", mib);
	exit(1);
}
