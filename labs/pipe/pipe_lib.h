/*
 * pipe_lib.h - the two I/O helpers the spec tests call directly.
 *
 * Given file: do not change it (the grader puts this copy back). Write the
 * bodies in pipe_lib.c and use them in your programs. Both report failure
 * the way the system calls do: they return -1 and leave errno set.
 */
#ifndef PIPE_LIB_H
#define PIPE_LIB_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Write all `len` bytes of `buf` to `fd`. A write(2) on a pipe may write
 * fewer bytes than asked (a signal arrived after some were written) or none
 * (EINTR): continue with the rest until everything is written.
 * Returns len (0 when len is 0). Errors: -1 with write's errno, e.g. EPIPE
 * when the pipe has no reader left and SIGPIPE is ignored.
 */
ssize_t pipe_write_all(int fd, const void *buf, size_t len);

/*
 * Read from `fd` until `len` bytes are in `buf` or end of file. A read(2)
 * on a pipe returns what is there, often less than asked; EINTR is retried.
 * Returns the number of bytes read: len, or less only at end of file (0 at
 * once at end of file). Errors: -1 with read's errno.
 */
ssize_t pipe_read_full(int fd, void *buf, size_t len);

#endif
