/*
 * mmap_write.c - make the file that mmap_read doubles: the course's
 * mmap-write, with every call checked and a lock for the readers.
 *
 * Usage: mmap_write FILE [VALUE]
 *   VALUE is a whole decimal number; without it, a random integer in
 *   [-100, 100].
 *
 * Creates FILE (it must not exist), MMAP_FILE_SIZE bytes, mode 0600, maps it
 * shared, initialises the readers' lock, writes VALUE as text, writes the
 * mapping back, unmaps and closes it. Prints nothing. Exits 0, or 1 with a
 * message on stderr, leaving no file of its own behind.
 */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "die.h"
#include "mmap_lib.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: check the arguments. VALUE must be a whole number that fits
	 * a long long: strtoll(3), its end pointer and ERANGE. Refuse bad
	 * input with die_msg() (die.h) before creating anything. Without
	 * VALUE, draw an integer in [-100, 100] (rand(3), seeded).
	 *
	 * TODO 2: register a cleanup with die_at_exit() (die.h) that removes
	 * the file while it is unfinished, then create it with
	 * mmap_create(FILE, MMAP_FILE_SIZE).
	 *
	 * TODO 3: map it with mmap_share() (compare with MAP_FAILED, not
	 * NULL) as a struct mmap_cell (mmap_lib.h). Initialise the lock as a
	 * semaphore shared between processes, free (sem_init(3)), and write
	 * the value as text (snprintf(3), "%lld").
	 *
	 * TODO 4: mmap_release(), and exit 0. Check every call and leave
	 * through die() when one fails.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: mmap_write is not written yet (see mmap_write.c)");
}
