/*
 * sock_proto.h - the socket lab's contract: how a message travels on a
 * stream socket, and the helpers of sock_lib.c that every program uses.
 *
 * Given: the grader puts its own copy back, so changes here are lost.
 *
 * A stream socket (SOCK_STREAM, UNIX or TCP) carries bytes, not messages:
 * one write may arrive in several reads, and two writes in one read. So
 * every message is sent as a frame:
 *
 *     4 bytes   N, the length of the payload: an unsigned 32-bit number in
 *               network byte order (htonl(3), ntohl(3))
 *     N bytes   the payload: any byte values, NUL included; N may be 0
 *
 * A connection ends cleanly when the sender closes it between two frames.
 */
#ifndef SOCK_PROTO_H
#define SOCK_PROTO_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

/* Bytes of the length field that opens each frame. */
#define FRAME_HEADER 4

/* The longest payload a receiver accepts: 64 MiB. */
#define FRAME_MAX ((size_t)64 << 20)

/* The message that makes unix_server stop. */
#define UNIX_QUIT "quit"

/* Where tcp_server listens and tcp_client connects without -a. */
#define TCP_DEFAULT_ADDRESS "127.0.0.1"

/*
 * Fill *addr with an AF_UNIX address for PATH and *len with its length.
 * Returns 0, or -1 with errno ENAMETOOLONG if PATH and its terminating NUL
 * do not fit in sun_path (never truncate it), EINVAL if PATH is empty.
 */
int sock_unix_address(const char *path, struct sockaddr_un *addr,
		      socklen_t *len);

/*
 * Send LEN bytes of BUF as one frame on socket FD: all of them, however
 * many writes it takes, resuming after EINTR. A peer that has gone away
 * makes it fail with EPIPE: it must not raise SIGPIPE (see MSG_NOSIGNAL in
 * send(2)). Returns 0, or -1 with errno (EMSGSIZE if LEN > FRAME_MAX).
 */
int frame_send(int fd, const void *buf, size_t len);

/*
 * Receive one frame from socket FD, however many reads it takes, resuming
 * after EINTR. On success *buf is a malloc'd copy of the payload with one
 * NUL byte after its *len bytes (the caller frees it) and it returns 1.
 * Returns 0 if the peer closed the connection before the first byte of a
 * frame (a clean end), -1 with errno on error: EPROTO if the connection
 * ends inside a frame, EMSGSIZE if the length is over FRAME_MAX, otherwise
 * recv(2)'s errno. On 0 and -1, *buf is NULL.
 */
int frame_recv(int fd, char **buf, size_t *len);

#endif
