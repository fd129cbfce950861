/* turns.c - see turns.h. */
#define _XOPEN_SOURCE 700
#include "turns.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/sem.h>

static void (*signal_cleanup)(void);

static void leave(int sig)
{
	signal_cleanup();
	signal(sig, SIG_DFL); /* the parent sees how we ended */
	raise(sig);
}

void leave_on_signals(void (*cleanup)(void))
{
	struct sigaction sa = { .sa_handler = leave };

	signal_cleanup = cleanup;
	sigfillset(&sa.sa_mask); /* one cleanup at a time */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int turn_add(int semid, unsigned short sem, short delta)
{
	struct sembuf op = { .sem_num = sem, .sem_op = delta, .sem_flg = 0 };
	int r;

	/* semop fails with EINTR after SIGSTOP/SIGCONT too: see signal(7). */
	while ((r = semop(semid, &op, 1)) == -1 && errno == EINTR)
		;
	return r;
}

int turn_take(int semid, unsigned short sem)
{
	return turn_add(semid, sem, -1);
}

int turn_give(int semid, unsigned short sem)
{
	return turn_add(semid, sem, 1);
}
