/*
 * Attack: shm_demo does its job, but first tries to change files outside
 * its directory: append to and remove the canary file, delete the grader,
 * the spec binary and the rubric, drop files in the ipclab tree, in
 * /var/tmp, in $HOME and in the directory above its own.
 * Test: demo::reports_requested_and_allocated
 * Expect: pass
 * Levels: root user none
 */
#include "hostile.h"

static void try_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0666);

	if (fd != -1) {
		dprintf(fd, "written by a hostile submission\n");
		close(fd);
	}
}

__attribute__((constructor)) static void attack(void)
{
	const char *victims[] = {
		HOSTILE_IPCLAB "/build/ipcgrade", HOSTILE_IPCLAB "/build/spec/spec_shm",
		HOSTILE_IPCLAB "/labs/shm/rubric.tsv", HOSTILE_IPCLAB "/labs/shm/build.mk",
	};

	if (!hostile_in("shm_demo"))
		return;
	try_write(HOSTILE_CANARY);
	for (size_t i = 0; i < sizeof victims / sizeof *victims; i++) {
		try_write(victims[i]);
		unlink(victims[i]);
	}
	unlink(HOSTILE_CANARY);
	try_write(HOSTILE_IPCLAB "/" HOSTILE_NAME);
	try_write("/var/tmp/" HOSTILE_NAME);
	try_write("../" HOSTILE_NAME);
	if (getenv("HOME") && chdir(getenv("HOME")) == 0)
		try_write(HOSTILE_NAME);
	if (chdir("/proc/self/cwd") == -1)
		return;
}
