/*
 * shm_demo.c - the life of one System V shared-memory segment, done right
 * (ALP listing 5.1, "shm.c", without its leak).
 *
 * Usage: shm_demo SIZE
 *
 * Allocates a private segment of at least SIZE bytes (whole pages), writes a
 * message into it, detaches, attaches again, reads the message back, detaches
 * and removes the segment. Prints:
 *     requested: SIZE
 *     allocated: BYTES      (SIZE rounded up to whole pages)
 *     message: Hello, world.
 * Exits 0, or 1 after removing the segment when a step fails.
 */
#define _XOPEN_SOURCE 700
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "die.h"
#include "shm_lib.h"

#define MESSAGE "Hello, world."

static int shmid = -1;

static void remove_segment(void)
{
	if (shmid != -1 && shm_destroy(shmid) == -1)
		perror("shmctl(IPC_RMID)");
	shmid = -1;
}

static size_t parse_size(const char *arg)
{
	char *end;
	unsigned long long n = strtoull(arg, &end, 0);

	if (end == arg || *end != '\0' || arg[0] == '-' || n == 0 ||
	    n > SIZE_MAX / 2)
		die_msg("SIZE must be a positive number of bytes, not '%s'", arg);
	return (size_t)n;
}

static char *attach(void)
{
	char *p = shmat(shmid, NULL, 0);

	if (p == (void *)-1) /* not NULL: see shmat(2) */
		die("shmat(id=%d)", shmid);
	return p;
}

static void detach(char *p)
{
	if (shmdt(p) == -1)
		die("shmdt(id=%d)", shmid);
}

int main(int argc, char *argv[])
{
	struct shmid_ds ds;
	size_t size;
	char *p;

	if (argc != 2)
		die_msg("usage: %s SIZE", argv[0]);
	size = parse_size(argv[1]);

	die_at_exit(remove_segment);
	shmid = shm_create(IPC_PRIVATE, size);
	if (shmid == -1)
		die("shmget(IPC_PRIVATE, size=%zu)", shm_page_round(size));
	if (shmctl(shmid, IPC_STAT, &ds) == -1)
		die("shmctl(id=%d, IPC_STAT)", shmid);
	printf("requested: %zu\nallocated: %zu\n", size, (size_t)ds.shm_segsz);

	p = attach();
	memcpy(p, MESSAGE, sizeof MESSAGE);
	detach(p);

	p = attach();
	printf("message: %.*s\n", (int)sizeof MESSAGE - 1, p);
	detach(p);

	remove_segment();
	return fflush(stdout) == EOF ? EXIT_FAILURE : EXIT_SUCCESS;
}
