/* pipe_lib.c - the I/O helpers declared in pipe_lib.h. */
#define _XOPEN_SOURCE 700
#include "pipe_lib.h"

#include <errno.h>
#include <unistd.h>

ssize_t pipe_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		done += (size_t)n; /* short after a signal: go on with the rest */
	}
	return (ssize_t)done;
}

ssize_t pipe_read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, p + done, len - done);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break; /* end of file: every write end is closed */
		done += (size_t)n;
	}
	return (ssize_t)done;
}
