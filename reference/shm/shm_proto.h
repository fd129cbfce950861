/*
 * shm_proto.h - how shm_server and shm_client share one segment.
 *
 * The server creates, under the key given on the command line, a set of
 * SEM_COUNT semaphores (initialised to {1, 0}) and then the segment: a
 * client that finds the segment therefore finds the semaphores ready.
 * The two take turns on the one buffer:
 *
 *   server: P(SERVER_MAY_WRITE); fill buf; V(CLIENT_MAY_READ)
 *   client: P(CLIENT_MAY_READ);  drain buf; V(SERVER_MAY_WRITE)
 *
 * len == 0 ends the stream; the client acknowledges it with one more
 * V(SERVER_MAY_WRITE), after which the server removes both objects.
 */
#ifndef SHM_PROTO_H
#define SHM_PROTO_H

#include <stddef.h>

#ifndef SHM_DATA_SIZE
#define SHM_DATA_SIZE 4096 /* bytes moved per turn */
#endif

enum shm_sem {
	SEM_SERVER_MAY_WRITE, /* the buffer is free: the server may fill it */
	SEM_CLIENT_MAY_READ,  /* the buffer is full: the client may drain it */
	SEM_COUNT
};

struct shm_xfer {
	size_t len;       /* bytes in data; 0 marks the end of the stream */
	int client_gone;  /* set by a client that leaves before the end */
	char data[SHM_DATA_SIZE];
};

/* POSIX leaves the semun union to the program (see semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

#endif
