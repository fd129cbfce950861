/*
 * memchan.c - messages through shared memory: one slot per direction, and
 * two semaphores per slot taken in lock-step, as in the shm lab's protocol
 * (reference/shm/shm_proto.h): the sender waits until the slot is free,
 * fills it and posts "full"; the receiver waits until it is full, drains it
 * and posts "free". A length of 0 ends the stream.
 */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "die.h"

struct slot {
	size_t len;
	alignas(64) char data[]; /* a cache line of its own for the payload */
};

static size_t slot_size(const struct chan *c)
{
	size_t line = alignof(struct slot);

	return (sizeof(struct slot) + c->max + line - 1) / line * line;
}

/* With room to align the first slot, wherever the caller's header ends. */
size_t memchan_size(const struct chan *c)
{
	return alignof(struct slot) - 1 + 2 * slot_size(c);
}

void memchan_layout(struct chan *c, void *base)
{
	size_t line = alignof(struct slot);
	char *first = (char *)base + (line - (uintptr_t)base % line) % line;

	c->slot[PARENT] = first;
	c->slot[CHILD] = first + slot_size(c);
}

static unsigned sem(enum side sender, unsigned which)
{
	return (unsigned)sender * SEM_PER_DIRECTION + which;
}

static void put(struct chan *c, enum side s, const void *buf, size_t len)
{
	struct slot *slot = c->slot[s];

	c->mech->take(c, sem(s, SEM_MAY_WRITE));
	slot->len = len;
	memcpy(slot->data, buf, len);
	c->mech->give(c, sem(s, SEM_MAY_READ));
}

void memchan_send(struct chan *c, enum side s, const void *buf, size_t len)
{
	if (len == 0)
		die_msg("memchan_send: a message of 0 bytes would end the stream");
	put(c, s, buf, len);
}

size_t memchan_recv(struct chan *c, enum side s, void *buf, size_t len)
{
	enum side sender = !s;
	struct slot *slot = c->slot[sender];
	size_t got;

	c->mech->take(c, sem(sender, SEM_MAY_READ));
	got = slot->len;
	if (got > len)
		die_msg("a message of %zu bytes, more than the %zu expected", got, len);
	memcpy(buf, slot->data, got);
	c->mech->give(c, sem(sender, SEM_MAY_WRITE));
	return got;
}

void memchan_end(struct chan *c, enum side s)
{
	put(c, s, "", 0);
}
