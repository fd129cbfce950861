/*
 * chan_spin.c - shared memory without semaphores: each "semaphore" is a
 * counter in the shared mapping that the taker polls, yielding the CPU
 * between looks. It is the busy-waiting the labs forbid, measured as a
 * limit: the cost of a round trip through memory alone, no sleep, no
 * wake-up, no system call but sched_yield. goldsborough/ipc-bench's shm and
 * mmap figures are of this kind.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "ipcbench.h"

#include <sched.h>
#include <stdatomic.h>
#include <sys/mman.h>

#include "die.h"

struct header {
	atomic_uint count[SEM_TOTAL];
};

static atomic_uint *counters(struct chan *c)
{
	return ((struct header *)c->map)->count;
}

static void spin_open(struct chan *c)
{
	unsigned initial[SEM_TOTAL] = { 1, 0, 1, 0 };

	c->map_size = sizeof(struct header) + memchan_size(c);
	c->map = mmap(NULL, c->map_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (c->map == MAP_FAILED) {
		c->map = NULL;
		die("mmap(MAP_SHARED | MAP_ANONYMOUS, %zu)", c->map_size);
	}
	for (int i = 0; i < SEM_TOTAL; i++)
		atomic_init(&counters(c)[i], initial[i]);
	memchan_layout(c, (struct header *)c->map + 1);
}

/* One process takes each counter and one gives it: no compare-and-swap. */
static void spin_take(struct chan *c, unsigned n)
{
	while (atomic_load(&counters(c)[n]) == 0)
		sched_yield();
	atomic_fetch_sub(&counters(c)[n], 1);
}

static void spin_give(struct chan *c, unsigned n)
{
	atomic_fetch_add(&counters(c)[n], 1);
}

static void spin_remove(struct chan *c)
{
	if (c->map)
		munmap(c->map, c->map_size);
	c->map = NULL;
}

const struct mech mech_spin = {
	.name = "spin", .label = "shared memory, busy-waiting (limit)", .limit = true,
	.open = spin_open,
	.send = memchan_send, .recv = memchan_recv, .end = memchan_end,
	.remove = spin_remove, .take = spin_take, .give = spin_give,
};
