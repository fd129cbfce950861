/*
 * probe_mmap.c - call one function of the student's mmap_lib.c, so that a
 * spec test can check it from the outside. Built by the grader, not by
 * students.
 *
 * Usage: probe_mmap create PATH SIZE
 *        probe_mmap share PATH r|w|rw|closed SIZE r|rw [TEXT]
 *        probe_mmap release PATH SIZE TEXT
 * Answers "RETURN ERRNO" on descriptor 3:
 *  - create: what mmap_create returned (the probe then closes it);
 *  - share: opens PATH with that access (closed: a descriptor that is not
 *    open), calls mmap_share; -1 for MAP_FAILED, 0 for NULL, else 1 after
 *    copying TEXT to the start of the mapping and unmapping it;
 *  - release: maps SIZE bytes of PATH itself, copies TEXT to its start and
 *    calls mmap_release; -1 if it failed, else a mask of what it left:
 *    1 the mapping, 2 the descriptor (0: both gone).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mmap_lib.h"

static size_t number(const char *s)
{
	return (size_t)strtoull(s, NULL, 0);
}

static int open_as(const char *path, const char *access)
{
	int fd;

	if (strcmp(access, "closed") == 0) {
		fd = open("/dev/null", O_RDONLY);
		return fd == -1 || close(fd) == -1 ? -2 : fd;
	}
	return open(path, strcmp(access, "r") == 0 ? O_RDONLY :
			  strcmp(access, "w") == 0 ? O_WRONLY : O_RDWR);
}

static long share(const char *path, const char *access, size_t size,
		  const char *prot, const char *text)
{
	int writable = strcmp(prot, "rw") == 0;
	int fd = open_as(path, access);
	char *p;

	if (fd == -2)
		return -2;
	p = mmap_share(fd, size, writable ? PROT_READ | PROT_WRITE : PROT_READ);
	if (p == MAP_FAILED)
		return -1;
	if (!p)
		return 0;
	if (writable && text)
		memcpy(p, text, strlen(text));
	munmap(p, size);
	close(fd);
	return 1;
}

/* Whether ADDR is in one of our mappings (read from /proc/self/maps, which
 * touches nothing: memcheck watches every access to unmapped memory). */
static int is_mapped(const void *addr)
{
	unsigned long start, end, a = (unsigned long)addr;
	int found = 0;
	FILE *maps = fopen("/proc/self/maps", "re");

	while (maps && !found && fscanf(maps, "%lx-%lx%*[^\n]", &start, &end) == 2)
		found = a >= start && a < end;
	if (maps)
		fclose(maps);
	return found;
}

static long release(const char *path, size_t size, const char *text)
{
	int fd = open(path, O_RDWR);
	char *p = fd == -1 ? MAP_FAILED :
		  mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		return -2;
	memcpy(p, text, strlen(text));
	if (mmap_release(p, size, fd) == -1)
		return -1;
	return is_mapped(p) | (fcntl(fd, F_GETFD) != -1) << 1;
}

int main(int argc, char *argv[])
{
	const char *call = argc > 1 ? argv[1] : "";
	long ret;
	int fd;

	errno = 0;
	if (strcmp(call, "create") == 0 && argc == 4) {
		ret = fd = mmap_create(argv[2], number(argv[3]));
		if (fd >= 0) {
			int err = errno;

			close(fd);
			errno = err;
		}
	} else if (strcmp(call, "share") == 0 && (argc == 6 || argc == 7)) {
		ret = share(argv[2], argv[3], number(argv[4]), argv[5],
			    argc == 7 ? argv[6] : NULL);
	} else if (strcmp(call, "release") == 0 && argc == 5) {
		ret = release(argv[2], number(argv[3]), argv[4]);
	} else {
		fprintf(stderr, "usage: probe_mmap create|share|release ARGS\n");
		return 2;
	}
	if (ret == -2) {
		perror("probe_mmap: preparing the call");
		return 2;
	}
	return dprintf(3, "%ld %d\n", ret, errno) < 0;
}
