/* sock_lib.c - frames on stream sockets and UNIX addresses: see sock_proto.h. */
#define _XOPEN_SOURCE 700
#include "sock_proto.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

int sock_unix_address(const char *path, struct sockaddr_un *addr,
		      socklen_t *len)
{
	size_t n = strlen(path);

	if (n == 0) {
		errno = EINVAL;
		return -1;
	}
	if (n >= sizeof addr->sun_path) { /* the NUL must fit too */
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(addr, 0, sizeof *addr);
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path, path, n + 1);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return 0;
}

/*
 * Header and payload go out in one sendmsg: two small writes before a read
 * make TCP hold the second one back until the first is acknowledged, and
 * the peer delays that acknowledgement (Nagle's algorithm, about 40 ms per
 * message). Loops until every byte is sent.
 */
int frame_send(int fd, const void *buf, size_t len)
{
	uint32_t header = htonl((uint32_t)len);
	struct iovec iov[2] = { { &header, sizeof header }, { (void *)buf, len } };
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2 };

	if (len > FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	while (msg.msg_iovlen > 0) {
		ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		/* Skip what was sent: whole iovecs, then part of the next. */
		while (msg.msg_iovlen > 0 && (size_t)n >= msg.msg_iov->iov_len) {
			n -= (ssize_t)msg.msg_iov->iov_len;
			msg.msg_iov++;
			msg.msg_iovlen--;
		}
		if (msg.msg_iovlen > 0) {
			msg.msg_iov->iov_base = (char *)msg.msg_iov->iov_base + n;
			msg.msg_iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

/* Read exactly LEN bytes. Returns how many arrived before the end of the
 * stream (LEN unless the peer closed), or -1 with errno. */
static ssize_t recv_all(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int frame_recv(int fd, char **buf, size_t *len)
{
	uint32_t header;
	ssize_t got = recv_all(fd, (char *)&header, sizeof header);
	char *payload;

	*buf = NULL;
	if (got <= 0)
		return (int)got; /* 0: a clean end between frames */
	if ((size_t)got < sizeof header) {
		errno = EPROTO;
		return -1;
	}
	*len = ntohl(header);
	if (*len > FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	payload = malloc(*len + 1);
	if (!payload)
		return -1;
	got = recv_all(fd, payload, *len);
	if (got == -1 || (size_t)got < *len) {
		if (got != -1)
			errno = EPROTO;
		free(payload);
		return -1;
	}
	payload[*len] = '\0';
	*buf = payload;
	return 1;
}
