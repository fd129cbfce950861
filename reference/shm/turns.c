/* turns.c - see turns.h. */
#define _XOPEN_SOURCE 700
#include "turns.h"

#include <stddef.h>
#include <sys/sem.h>

volatile sig_atomic_t stop_signal;

static void note_signal(int sig)
{
	stop_signal = sig;
}

void stop_on_signals(void)
{
	struct sigaction sa = { .sa_handler = note_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int turn_add(int semid, unsigned short sem, short delta)
{
	struct sembuf op = { .sem_num = sem, .sem_op = delta, .sem_flg = 0 };

	return semop(semid, &op, 1);
}

int turn_take(int semid, unsigned short sem)
{
	return turn_add(semid, sem, -1);
}

int turn_give(int semid, unsigned short sem)
{
	return turn_add(semid, sem, 1);
}
