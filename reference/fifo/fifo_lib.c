/* fifo_lib.c - see fifo_lib.h. */
#define _XOPEN_SOURCE 700
#include "fifo_lib.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* A FIFO at PATH is a leftover when nobody reads it: opening it for writing
 * without blocking then fails with ENXIO (see open(2) and fifo(7)). */
static int replace_leftover(const char *path)
{
	struct stat st;
	int fd;

	if (lstat(path, &st) == -1)
		return -1;
	if (!S_ISFIFO(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	fd = open(path, O_WRONLY | O_NONBLOCK);
	if (fd != -1) {
		close(fd);
		errno = EBUSY;
		return -1;
	}
	if (errno != ENXIO || unlink(path) == -1)
		return -1;
	return mkfifo(path, FIFO_MODE);
}

int fifo_make(const char *path)
{
	int err;

	if (mkfifo(path, FIFO_MODE) == -1 &&
	    (errno != EEXIST || replace_leftover(path) == -1))
		return -1;
	/* mkfifo applied the umask (mode & ~umask): set the exact mode. */
	if (chmod(path, FIFO_MODE) == 0)
		return 0;
	err = errno;
	unlink(path);
	errno = err;
	return -1;
}
