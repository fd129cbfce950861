/*
 * mmap_read.c - print the value in a file made by mmap_write and replace it
 * with its double: the course's mmap-read, with every call checked and the
 * update done under the file's lock.
 *
 * Usage: mmap_read FILE
 *
 * Prints "value:N" (N as found) once the file holds 2N, unmapped and
 * closed. Exits 0, or 1 with a message and the file unchanged when FILE is
 * missing, shorter than MMAP_FILE_SIZE, holds no number, or 2N overflows.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "die.h"
#include "mmap_lib.h"

static struct mmap_cell *cell;
static bool locked;

static void unlock(void)
{
	if (locked && sem_post(&cell->lock) == -1)
		perror("sem_post");
	locked = false;
}

static int open_cell_file(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd == -1)
		die("open(%s)", path);
	if (fstat(fd, &st) == -1)
		die("fstat(%s)", path);
	/* Touching a mapped page past the end of the file raises SIGBUS. */
	if (st.st_size < MMAP_FILE_SIZE)
		die_msg("%s has %lld bytes, not the %d that mmap_write makes",
			path, (long long)st.st_size, MMAP_FILE_SIZE);
	return fd;
}

static long long current_value(const char *path)
{
	const char *text = cell->value;
	char *end;
	long long value;

	if (!memchr(text, '\0', sizeof cell->value))
		die_msg("%s holds no number", path);
	errno = 0;
	value = strtoll(text, &end, 10);
	if (end == text || *end != '\0' || errno == ERANGE)
		die_msg("%s holds no number", path);
	if (value > LLONG_MAX / 2 || value < LLONG_MIN / 2)
		die_msg("%s holds %lld: its double does not fit", path, value);
	return value;
}

int main(int argc, char *argv[])
{
	long long value;
	int fd;

	if (argc != 2)
		die_msg("usage: %s FILE", argv[0]);
	fd = open_cell_file(argv[1]);
	cell = mmap_share(fd, MMAP_FILE_SIZE, PROT_READ | PROT_WRITE);
	if (cell == MAP_FAILED) /* not NULL: see mmap(2) */
		die("mmap(%s, %d bytes)", argv[1], MMAP_FILE_SIZE);

	die_at_exit(unlock);
	while (sem_wait(&cell->lock) == -1)
		if (errno != EINTR)
			die("sem_wait(%s)", argv[1]);
	locked = true;
	value = current_value(argv[1]);
	snprintf(cell->value, sizeof cell->value, "%lld", 2 * value);
	unlock();

	if (mmap_release(cell, MMAP_FILE_SIZE, fd) == -1)
		die("msync/munmap/close(%s)", argv[1]);
	printf("value:%lld\n", value);
	return fflush(stdout) == EOF ? EXIT_FAILURE : EXIT_SUCCESS;
}
