/*
 * shm_server.c - stream standard input to one shm_client through a System V
 * shared-memory segment, taking turns with it on two semaphores.
 *
 * Usage: shm_server KEY
 *   KEY is a number ("5678", "0x162e") or the path of an existing file.
 *
 * Prints "ready" once the semaphores and the segment exist. Exits 0 after the
 * client has acknowledged the end of the stream, 1 on any error or when the
 * client leaves early, and dies of SIGINT or SIGTERM. Removes both objects on
 * every one of those paths, and never touches objects it did not create.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "die.h"
#include "shm_lib.h"
#include "shm_proto.h"
#include "turns.h"

static int semid = -1;
static int shmid = -1;
static struct shm_xfer *xfer;

/* Runs from die() and from the signal handler: system calls only. */
static void remove_objects(void)
{
	static const char failed[] = "shm_server: could not remove an object\n";
	bool ok = true;

	if (xfer)
		ok &= shmdt(xfer) == 0;
	xfer = NULL;
	if (shmid != -1)
		ok &= shm_destroy(shmid) == 0;
	shmid = -1;
	if (semid != -1)
		ok &= semctl(semid, 0, IPC_RMID) == 0;
	semid = -1;
	if (!ok && write(STDERR_FILENO, failed, sizeof failed - 1) == -1)
		_exit(EXIT_FAILURE);
}

static void take_turn_or_die(unsigned short sem)
{
	if (turn_take(semid, sem) == -1)
		die("semop(id=%d, take %u)", semid, sem);
	if (xfer->client_gone)
		die_msg("the client left before the end of the stream");
}

static void create_objects(key_t key)
{
	unsigned short start[SEM_COUNT] = {
		[SEM_SERVER_MAY_WRITE] = 1, [SEM_CLIENT_MAY_READ] = 0
	};

	semid = semget(key, SEM_COUNT, IPC_CREAT | IPC_EXCL | SHM_MODE);
	if (semid == -1)
		die("semget(key=%#x): the key is taken (ipcs -s shows by whom)",
		    (unsigned)key);
	if (semctl(semid, 0, SETALL, (union semun){ .array = start }) == -1)
		die("semctl(id=%d, SETALL)", semid);
	/* The segment comes last: once a client finds it, the set is ready. */
	shmid = shm_create(key, sizeof(struct shm_xfer));
	if (shmid == -1)
		die("shmget(key=%#x): the key is taken (ipcs -m shows by whom)",
		    (unsigned)key);
	xfer = shmat(shmid, NULL, 0);
	if (xfer == (void *)-1) { /* not NULL: see shmat(2) */
		xfer = NULL;
		die("shmat(id=%d)", shmid);
	}
}

static ssize_t read_input(char *buf, size_t size)
{
	ssize_t n;

	while ((n = read(STDIN_FILENO, buf, size)) == -1)
		if (errno != EINTR)
			die("read(stdin)");
	return n;
}

int main(int argc, char *argv[])
{
	key_t key;
	ssize_t n;

	if (argc != 2)
		die_msg("usage: %s KEY", argv[0]);
	key = shm_parse_key(argv[1]);
	if (key == -1)
		die("bad key '%s'", argv[1]);

	die_at_exit(remove_objects);
	leave_on_signals(remove_objects);
	create_objects(key);
	if (printf("ready\n") < 0 || fflush(stdout) == EOF)
		die("printf(ready)");

	do {
		take_turn_or_die(SEM_SERVER_MAY_WRITE);
		n = read_input(xfer->data, sizeof xfer->data);
		xfer->len = (size_t)n;
		if (turn_give(semid, SEM_CLIENT_MAY_READ) == -1)
			die("semop(id=%d, give)", semid);
	} while (n > 0);
	take_turn_or_die(SEM_SERVER_MAY_WRITE); /* the client saw the end */

	remove_objects();
	return EXIT_SUCCESS;
}
