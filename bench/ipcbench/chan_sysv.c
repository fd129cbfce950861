/*
 * chan_sysv.c - System V shared memory and a System V semaphore set, with
 * the shm lab reference's own helpers: shm_create() and shm_destroy() from
 * reference/shm/shm_lib.c, turn_take() and turn_give() from turns.c.
 */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <errno.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "die.h"
#include "shm_lib.h"
#include "shm_proto.h"
#include "turns.h"

static void sysv_open(struct chan *c)
{
	unsigned short initial[SEM_TOTAL] = { 1, 0, 1, 0 };
	union semun arg = { .array = initial };
	int shmid;

	c->semid = semget(IPC_PRIVATE, SEM_TOTAL, IPC_CREAT | SHM_MODE);
	if (c->semid == -1)
		die("semget(IPC_PRIVATE, %d)", SEM_TOTAL);
	if (semctl(c->semid, 0, SETALL, arg) == -1)
		die("semctl(%d, SETALL)", c->semid);
	c->map_size = memchan_size(c);
	shmid = shm_create(IPC_PRIVATE, c->map_size);
	if (shmid == -1)
		die("shm_create(IPC_PRIVATE, %zu)", c->map_size);
	c->map = shmat(shmid, NULL, 0);
	if (c->map == (void *)-1) {
		c->map = NULL;
		shm_destroy(shmid);
		die("shmat(%d)", shmid);
	}
	/* The child inherits the attachment: no one needs the id any more. */
	if (shm_destroy(shmid) == -1)
		die("shm_destroy(%d)", shmid);
	memchan_layout(c, c->map);
}

static void sysv_take(struct chan *c, unsigned n)
{
	if (turn_take(c->semid, (unsigned short)n) == -1)
		die("turn_take(semid=%d, %u)", c->semid, n);
}

static void sysv_give(struct chan *c, unsigned n)
{
	if (turn_give(c->semid, (unsigned short)n) == -1)
		die("turn_give(semid=%d, %u)", c->semid, n);
}

static void sysv_remove(struct chan *c)
{
	if (c->semid != -1)
		semctl(c->semid, 0, IPC_RMID);
	c->semid = -1;
	if (c->map)
		shmdt(c->map);
	c->map = NULL;
}

const struct mech mech_sysv = {
	.name = "sysv", .label = "SysV shm + semaphores",
	.open = sysv_open,
	.send = memchan_send, .recv = memchan_recv, .end = memchan_end,
	.remove = sysv_remove, .take = sysv_take, .give = sysv_give,
};
