/*
 * fifo_proto.h - what fifo_client writes into the server's request FIFO and
 * what fifo_server writes back into the client's reply FIFO.
 *
 * Given file: do not change it (the grader puts this copy back, and the
 * tests speak this protocol to your programs).
 *
 * Both records are written with ONE write(2) call each. They are shorter
 * than PIPE_BUF, so the kernel never mixes the bytes of two clients that
 * write at the same time (see pipe(7), "PIPE_BUF").
 */
#ifndef FIFO_PROTO_H
#define FIFO_PROTO_H

#include <limits.h>
#include <sys/types.h>

/* The longest reply path, its terminating NUL included. */
#define FIFO_PATH_MAX 256

/* Client to server: "give me `count` sequence numbers, and answer through
 * the FIFO at `reply`". `reply` is NUL-terminated; the bytes after the NUL
 * are zero. */
struct fifo_request {
	pid_t pid;                  /* the client's process id */
	int count;                  /* how many numbers, at least 1 */
	char reply[FIFO_PATH_MAX];  /* path of the client's reply FIFO */
};

/* Server to client: the first of the `count` numbers given out. */
struct fifo_response {
	int seq;
};

#ifdef PIPE_BUF /* POSIX names it in <limits.h> */
_Static_assert(sizeof(struct fifo_request) <= PIPE_BUF,
	       "a request must be written atomically");
#endif

#endif
