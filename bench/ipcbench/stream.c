/* stream.c - messages over descriptors: pipes, FIFOs, sockets. */
#define _XOPEN_SOURCE 700
#include "ipcbench.h"

#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "die.h"

/* Close both ends of side S (a socket is one descriptor for both). */
static int close_side(struct chan *c, enum side s)
{
	int r = c->fd[s][0], w = c->fd[s][1], ret = 0;

	c->fd[s][0] = c->fd[s][1] = -1;
	if (r != -1)
		ret = close(r);
	if (w != -1 && w != r && close(w) == -1)
		ret = -1;
	return ret;
}

void stream_keep(struct chan *c, enum side s)
{
	if (close_side(c, !s) == -1)
		die("close (the other side's descriptors)");
}

/* Write all of IOV, however the kernel splits it. */
static void write_all(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t done = writev(fd, iov, n);

		if (done == -1 && errno == EINTR)
			continue;
		if (done == -1)
			die("writev(fd=%d)", fd);
		for (; n > 0 && (size_t)done >= iov->iov_len; iov++, n--)
			done -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + done;
			iov->iov_len -= (size_t)done;
		}
	}
}

/* Read exactly LEN bytes; false at end of stream before the first byte. */
static bool read_all(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			die("read(fd=%d)", fd);
		if (n == 0 && got == 0)
			return false;
		if (n == 0)
			die_msg("read(fd=%d): end of stream after %zu of %zu bytes", fd, got, len);
		got += (size_t)n;
	}
	return true;
}

void stream_send(struct chan *c, enum side s, const void *buf, size_t len)
{
	uint32_t header = (uint32_t)len;
	struct iovec iov[2] = { { &header, sizeof header }, { (void *)buf, len } };

	/* One writev: two writes would meet Nagle's algorithm on TCP. */
	if (c->mech->framed)
		write_all(c->fd[s][1], iov, 2);
	else
		write_all(c->fd[s][1], iov + 1, 1);
}

size_t stream_recv(struct chan *c, enum side s, void *buf, size_t len)
{
	uint32_t header;
	int fd = c->fd[s][0];

	if (!c->mech->framed)
		return read_all(fd, buf, len) ? len : 0;
	if (!read_all(fd, &header, sizeof header))
		return 0;
	if (header > len)
		die_msg("a message of %u bytes, more than the %zu expected", header, len);
	if (header > 0 && !read_all(fd, buf, header))
		die_msg("end of stream inside a message of %u bytes", header);
	return header;
}

void stream_end(struct chan *c, enum side s)
{
	int *fd = &c->fd[s][1];

	/* A socket's read direction stays open: shut down the writes only. */
	if (*fd == c->fd[s][0]) {
		if (shutdown(*fd, SHUT_WR) == -1)
			die("shutdown(fd=%d, SHUT_WR)", *fd);
	} else if (close(*fd) == -1) {
		die("close(%d)", *fd);
	}
	*fd = -1;
}

void stream_connect(struct chan *c, enum side s, const struct sockaddr *addr,
		    size_t addr_len)
{
	int fd;

	if (s == PARENT) {
		while ((fd = accept(c->listen_fd, NULL, NULL)) == -1 && errno == EINTR)
			;
		if (fd == -1)
			die("accept(fd=%d)", c->listen_fd);
	} else {
		fd = socket(addr->sa_family, SOCK_STREAM, 0);
		if (fd == -1)
			die("socket(family=%d)", addr->sa_family);
		if (connect(fd, addr, (socklen_t)addr_len) == -1)
			die("connect(family=%d)", addr->sa_family);
	}
	if (close(c->listen_fd) == -1)
		die("close(listening socket %d)", c->listen_fd);
	c->listen_fd = -1;
	c->fd[s][0] = c->fd[s][1] = fd;
}

void stream_close_all(struct chan *c)
{
	close_side(c, PARENT);
	close_side(c, CHILD);
	if (c->listen_fd != -1)
		close(c->listen_fd);
	c->listen_fd = -1;
}
