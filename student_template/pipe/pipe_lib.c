/*
 * pipe_lib.c - the I/O helpers declared in pipe_lib.h.
 *
 * pipe_lib.h is given: read the contract of each function there, and do not
 * change the header (the grader puts its own copy back). The spec tests call
 * these functions one at a time, in a process of their own, on a pipe whose
 * other end the test holds, and look at the return value and errno. Every
 * stub below fails with ENOSYS ("function not implemented") until you write
 * it.
 */
#define _XOPEN_SOURCE 700
#include "pipe_lib.h"

#include <errno.h>
#include <unistd.h>

ssize_t pipe_write_all(int fd, const void *buf, size_t len)
{
	/*
	 * TODO: call write(2) until all `len` bytes are written. Look at what
	 * it returns: a signal can make it return fewer bytes than asked, or
	 * -1 with EINTR before it wrote anything. Any other error is returned
	 * to the caller (EPIPE, when the pipe has no reader and SIGPIPE is
	 * ignored).
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

ssize_t pipe_read_full(int fd, void *buf, size_t len)
{
	/*
	 * TODO: call read(2) until `len` bytes are in `buf` or end of file.
	 * A read on a pipe returns what is there, often less than asked; 0
	 * means end of file (every write end is closed); EINTR means "again".
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}
