/*
 * sock_lib.c - frames on stream sockets and UNIX addresses, the helpers
 * declared in sock_proto.h and linked into all four programs.
 *
 * sock_proto.h is given: read the contract of each function there, and do
 * not change the header (the grader puts its own copy back). Every stub
 * below fails with ENOSYS ("function not implemented") until you write it.
 */
#define _XOPEN_SOURCE 700
#include "sock_proto.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int sock_unix_address(const char *path, struct sockaddr_un *addr,
		      socklen_t *len)
{
	/*
	 * TODO: fill in an AF_UNIX address for PATH. sun_path holds 108
	 * bytes, its terminating NUL included (unix(7)): a longer path is
	 * ENAMETOOLONG, never cut short (strncpy would do just that).
	 */
	(void)path;
	(void)addr;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int frame_send(int fd, const void *buf, size_t len)
{
	/*
	 * TODO: send the 4-byte length (htonl(3)) and the payload. send(2)
	 * may send fewer bytes than asked: loop. Use MSG_NOSIGNAL, so that a
	 * closed peer gives EPIPE instead of killing the program. Two small
	 * writes in a row stall TCP for about 40 ms (see the handout): send
	 * the frame in one call, sendmsg(2) with two iovecs or one buffer.
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int frame_recv(int fd, char **buf, size_t *len)
{
	/*
	 * TODO: read exactly 4 bytes of length (ntohl(3)), then exactly that
	 * many bytes of payload into a malloc'd buffer with room for one more
	 * NUL byte. recv(2) may return fewer bytes than asked, down to one:
	 * loop. 0 from recv before the first byte is a clean end (return
	 * 0); anywhere else it is EPROTO.
	 */
	(void)fd;
	(void)len;
	*buf = NULL;
	errno = ENOSYS;
	return -1;
}
