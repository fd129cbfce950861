/*
 * shm_demo.c - the life of one System V shared-memory segment, done right
 * (the course's shm.c, ALP listing 5.1, without its leak).
 *
 * Usage: shm_demo SIZE
 *   SIZE is a positive whole number of bytes ("100").
 *
 * Allocates a private segment of at least SIZE bytes (whole pages), writes a
 * message into it, detaches, attaches again, reads the message back, detaches
 * and removes the segment. Prints exactly:
 *     requested: SIZE
 *     allocated: BYTES      (SIZE rounded up to whole pages)
 *     message: Hello, world.
 * Exits 0, or 1 with a message on stderr (after removing the segment) when
 * SIZE is not a positive number or a step fails.
 */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "die.h"
#include "shm_lib.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: check that there is exactly one argument and that it is a
	 * positive whole number with nothing after it. strtoull(3): read
	 * about the end pointer, and note that it accepts "-5". Refuse bad
	 * input with die_msg() (die.h) before creating anything.
	 *
	 * TODO 2: register the cleanup that removes the segment with
	 * die_at_exit() (die.h) before you create it, then create it with
	 * shm_create(IPC_PRIVATE, size).
	 *
	 * TODO 3: print the "requested:" and "allocated:" lines.
	 *
	 * TODO 4: attach (shmat(2): on error it returns (void *) -1, not
	 * NULL), copy "Hello, world." in, detach (shmdt(2)), attach again,
	 * print the "message:" line from the segment, detach.
	 *
	 * TODO 5: remove the segment (shm_destroy()) and exit 0. Check every
	 * call and leave through die() when one fails.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: shm_demo is not written yet (see shm_demo.c)");
}
