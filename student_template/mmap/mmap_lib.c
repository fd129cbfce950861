/*
 * mmap_lib.c - the helpers declared in mmap_lib.h.
 *
 * mmap_lib.h is given: read the contract of each function there, and do not
 * change the header (the grader puts its own copy back). The spec tests call
 * these functions one at a time, in a process of their own, and look at the
 * return value and errno. Every stub below fails with ENOSYS ("function not
 * implemented") until you write it.
 */
#define _XOPEN_SOURCE 700
#include "mmap_lib.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int mmap_create(const char *path, size_t size)
{
	/*
	 * TODO: create a new file (never open an existing one: open(2), its
	 * flags and EEXIST) with mode MMAP_MODE, open for reading and
	 * writing, then give it `size` bytes before anybody maps it
	 * (ftruncate(2)): a new file is empty, and touching a mapped page
	 * past the end of a file raises SIGBUS. 0 bytes is EINVAL. If a step
	 * after the creation fails, remove the file again.
	 */
	(void)path;
	(void)size;
	errno = ENOSYS;
	return -1;
}

void *mmap_share(int fd, size_t size, int prot)
{
	/*
	 * TODO: map the first `size` bytes of the file so that writes reach
	 * the file and the other processes that map it: mmap(2), MAP_SHARED
	 * against MAP_PRIVATE. On error mmap returns MAP_FAILED, not NULL,
	 * and so must you.
	 */
	(void)fd;
	(void)size;
	(void)prot;
	errno = ENOSYS;
	return MAP_FAILED;
}

int mmap_release(void *addr, size_t size, int fd)
{
	/*
	 * TODO: write the mapping back (msync(2), MS_SYNC), unmap it
	 * (munmap(2)) and close fd (close(2)): try all three even if one
	 * fails, and report the first error.
	 */
	(void)addr;
	(void)size;
	(void)fd;
	errno = ENOSYS;
	return -1;
}
