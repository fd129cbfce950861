/*
 * chan_mmap.c - a file mapped MAP_SHARED by both processes, with POSIX
 * semaphores placed in the mapping (sem_init with pshared = 1).
 */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "die.h"

struct header {
	sem_t sem[SEM_TOTAL];
};

static void file_path(const struct chan *c, char *path, size_t size)
{
	snprintf(path, size, "%s/mapped", c->dir);
}

static sem_t *sems(struct chan *c)
{
	return ((struct header *)c->map)->sem;
}

static void mmap_open(struct chan *c)
{
	char path[PATH_MAX + 16];
	unsigned initial[SEM_TOTAL] = { 1, 0, 1, 0 };
	int fd;

	file_path(c, path, sizeof path);
	c->map_size = sizeof(struct header) + memchan_size(c);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1)
		die("open(%s)", path);
	/* Pages past the end of the file would raise SIGBUS. */
	if (ftruncate(fd, (off_t)c->map_size) == -1)
		die("ftruncate(%s, %zu)", path, c->map_size);
	c->map = mmap(NULL, c->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (c->map == MAP_FAILED) {
		c->map = NULL;
		die("mmap(%s, %zu)", path, c->map_size);
	}
	if (close(fd) == -1)
		die("close(%s)", path);
	for (int i = 0; i < SEM_TOTAL; i++)
		if (sem_init(&sems(c)[i], 1, initial[i]) == -1)
			die("sem_init(%d)", i);
	memchan_layout(c, (struct header *)c->map + 1);
}

static void mmap_take(struct chan *c, unsigned n)
{
	int r;

	while ((r = sem_wait(&sems(c)[n])) == -1 && errno == EINTR)
		;
	if (r == -1)
		die("sem_wait(%u)", n);
}

static void mmap_give(struct chan *c, unsigned n)
{
	if (sem_post(&sems(c)[n]) == -1)
		die("sem_post(%u)", n);
}

static void mmap_remove(struct chan *c)
{
	char path[PATH_MAX + 16];

	file_path(c, path, sizeof path);
	unlink(path);
	if (c->map)
		munmap(c->map, c->map_size);
	c->map = NULL;
}

const struct mech mech_mmap = {
	.name = "mmap", .label = "mmap + semaphores",
	.open = mmap_open,
	.send = memchan_send, .recv = memchan_recv, .end = memchan_end,
	.remove = mmap_remove, .take = mmap_take, .give = mmap_give,
};
