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
 * message, leaving no file of its own behind.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "mmap_lib.h"

static const char *unfinished; /* the file we made, until it is complete */

static void remove_unfinished(void)
{
	if (unfinished && unlink(unfinished) == -1)
		perror("unlink");
	unfinished = NULL;
}

static long long parse_value(const char *arg)
{
	char *end;
	long long value;

	errno = 0;
	value = strtoll(arg, &end, 10);
	if (end == arg || *end != '\0')
		die_msg("VALUE must be a whole number, not '%s'", arg);
	if (errno == ERANGE)
		die("VALUE '%s'", arg);
	return value;
}

static long long random_value(void)
{
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	return rand() % 201 - 100;
}

int main(int argc, char *argv[])
{
	struct mmap_cell *cell;
	long long value;
	int fd;

	if (argc != 2 && argc != 3)
		die_msg("usage: %s FILE [VALUE]", argv[0]);
	value = argc == 3 ? parse_value(argv[2]) : random_value();

	die_at_exit(remove_unfinished);
	fd = mmap_create(argv[1], MMAP_FILE_SIZE);
	if (fd == -1)
		die("create %s", argv[1]);
	unfinished = argv[1];
	cell = mmap_share(fd, MMAP_FILE_SIZE, PROT_READ | PROT_WRITE);
	if (cell == MAP_FAILED) /* not NULL: see mmap(2) */
		die("mmap(%s, %d bytes)", argv[1], MMAP_FILE_SIZE);
	if (sem_init(&cell->lock, 1, 1) == -1)
		die("sem_init(%s)", argv[1]);
	snprintf(cell->value, sizeof cell->value, "%lld", value);
	unfinished = NULL;
	if (mmap_release(cell, MMAP_FILE_SIZE, fd) == -1)
		die("msync/munmap/close(%s)", argv[1]);
	return EXIT_SUCCESS;
}
