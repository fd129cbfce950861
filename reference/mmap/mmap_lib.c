/* mmap_lib.c - see mmap_lib.h. */
#define _XOPEN_SOURCE 700
#include "mmap_lib.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int mmap_create(const char *path, size_t size)
{
	int fd, err;

	if (size == 0) {
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, MMAP_MODE);
	if (fd == -1)
		return -1;
	/* A new file is empty: touching a mapped page past its end is SIGBUS. */
	if (ftruncate(fd, (off_t)size) == 0)
		return fd;
	err = errno;
	unlink(path);
	close(fd);
	errno = err;
	return -1;
}

void *mmap_share(int fd, size_t size, int prot)
{
	return mmap(NULL, size, prot, MAP_SHARED, fd, 0);
}

int mmap_release(void *addr, size_t size, int fd)
{
	int err = 0;

	if (msync(addr, size, MS_SYNC) == -1)
		err = errno;
	if (munmap(addr, size) == -1 && !err)
		err = errno;
	if (close(fd) == -1 && !err)
		err = errno;
	if (!err)
		return 0;
	errno = err;
	return -1;
}
