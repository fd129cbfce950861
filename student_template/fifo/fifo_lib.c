/*
 * fifo_lib.c - the FIFO helper declared in fifo_lib.h.
 *
 * fifo_lib.h is given: read the contract there, and do not change the
 * header (the grader puts its own copy back). The spec tests call
 * fifo_make() in a process of its own, under umask 022, and look at the
 * return value, errno and the file left at the path. The stub below fails
 * with ENOSYS ("function not implemented") until you write it.
 */
#define _XOPEN_SOURCE 700
#include "fifo_lib.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int fifo_make(const char *path)
{
	/*
	 * TODO 1: create the FIFO with mkfifo(3). The mode it gets is
	 * FIFO_MODE & ~umask: read umask(2), then make the mode exact.
	 *
	 * TODO 2: EEXIST says that something has the name already. Look at
	 * it with lstat(2): not a FIFO, leave it alone (EEXIST). A FIFO that
	 * a live program reads must not be touched either (EBUSY); one that
	 * nobody reads is a leftover to replace. fifo(7) and the ERRORS of
	 * open(2) (ENXIO) tell you how to find out which it is.
	 */
	(void)path;
	errno = ENOSYS;
	return -1;
}
