/*
 * shm_client.c - write to standard output the stream that shm_server sends
 * through its shared-memory segment.
 *
 * Usage: shm_client [-w SECONDS] KEY
 *   -w  wait up to SECONDS for the server to appear (default 0: fail at once)
 *
 * Exits 0 at the end of the stream, 1 when there is no server, when the key
 * belongs to a foreign segment or when the server goes away. Dies of SIGINT
 * or SIGTERM after telling the server, so that it does not wait forever.
 * The client never creates or removes an IPC object: the server owns them.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "shm_lib.h"
#include "shm_proto.h"
#include "turns.h"

static int semid = -1;
static struct shm_xfer *xfer;

/* Detach; if we leave early, say so and wake the server. Runs from die()
 * and from the signal handler: plain stores and system calls only. */
static void leave(void)
{
	if (!xfer)
		return;
	xfer->client_gone = 1;
	turn_give(semid, SEM_SERVER_MAY_WRITE); /* fails harmlessly if gone */
	shmdt(xfer);
	xfer = NULL;
}

/* Poll for the segment: there is no kernel event for "a key appeared". */
static int find_segment(key_t key, long wait_seconds)
{
	const struct timespec tick = { .tv_nsec = 100 * 1000 * 1000 };
	long ticks = wait_seconds * 10;
	int id;

	while ((id = shm_lookup(key, sizeof(struct shm_xfer))) == -1 &&
	       errno == ENOENT && ticks-- > 0)
		nanosleep(&tick, NULL);
	if (id == -1 && errno == ENOENT)
		die("shmget(key=%#x): no server is running with this key",
		    (unsigned)key);
	if (id == -1)
		die("shmget(key=%#x): the key belongs to a foreign segment",
		    (unsigned)key);
	return id;
}

static void attach(key_t key, long wait_seconds)
{
	struct semid_ds ds;
	int shmid = find_segment(key, wait_seconds);

	semid = semget(key, 0, SHM_MODE);
	if (semid == -1)
		die("semget(key=%#x): the server's semaphores are missing",
		    (unsigned)key);
	if (semctl(semid, 0, IPC_STAT, (union semun){ .buf = &ds }) == -1)
		die("semctl(id=%d, IPC_STAT)", semid);
	if (ds.sem_nsems != SEM_COUNT || ds.sem_perm.uid != geteuid())
		die_msg("semaphore set %d (key %#x) is not the server's",
			semid, (unsigned)key);
	xfer = shmat(shmid, NULL, 0);
	if (xfer == (void *)-1) { /* not NULL: see shmat(2) */
		xfer = NULL;
		die("shmat(id=%d)", shmid);
	}
}

static void take_turn_or_die(unsigned short sem)
{
	if (turn_take(semid, sem) == 0)
		return;
	if (errno == EIDRM || errno == EINVAL)
		die_msg("the server went away before the end");
	die("semop(id=%d, take %u)", semid, sem);
}

static void write_all(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			die("write(stdout)");
		buf += n;
		len -= (size_t)n;
	}
}

int main(int argc, char *argv[])
{
	long wait_seconds = 0;
	key_t key;
	int opt;

	while ((opt = getopt(argc, argv, "w:")) != -1) {
		if (opt != 'w')
			die_msg("usage: %s [-w SECONDS] KEY", argv[0]);
		wait_seconds = strtol(optarg, NULL, 10);
	}
	if (optind != argc - 1)
		die_msg("usage: %s [-w SECONDS] KEY", argv[0]);
	key = shm_parse_key(argv[optind]);
	if (key == -1)
		die("bad key '%s'", argv[optind]);

	die_at_exit(leave);
	leave_on_signals(leave);
	attach(key, wait_seconds);

	for (;;) {
		take_turn_or_die(SEM_CLIENT_MAY_READ);
		if (xfer->len == 0)
			break;
		write_all(xfer->data, xfer->len);
		if (turn_give(semid, SEM_SERVER_MAY_WRITE) == -1)
			die("semop(id=%d, give)", semid);
	}
	if (turn_give(semid, SEM_SERVER_MAY_WRITE) == -1) /* saw the end */
		die("semop(id=%d, give)", semid);
	shmdt(xfer);
	xfer = NULL;
	return EXIT_SUCCESS;
}
