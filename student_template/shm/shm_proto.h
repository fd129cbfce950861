/*
 * shm_proto.h - a suggested protocol for shm_server and shm_client.
 *
 * A suggestion, not part of the contract: change it as you like, the tests
 * only watch what your programs do. Whatever you choose, both programs must
 * include the same header, because the client recognises its server's
 * segment by its size (see shm_lookup() in shm_lib.h).
 *
 * The idea: the server owns two System V objects under the one key from the
 * command line, a set of SEM_COUNT semaphores and a segment holding one
 * struct shm_xfer. Server and client take turns on the one buffer:
 *
 *   server: wait for SEM_SERVER_MAY_WRITE, fill the buffer, post SEM_CLIENT_MAY_READ
 *   client: wait for SEM_CLIENT_MAY_READ,  empty the buffer, post SEM_SERVER_MAY_WRITE
 *
 * Things to decide before you write code (the handout discusses each):
 *   - in which order the server creates and initialises the two objects,
 *     so that a client never uses a semaphore that is not initialised yet;
 *   - how the end of the stream is marked (here: len == 0) and how the
 *     client tells the server it has seen it;
 *   - how a client that leaves early tells a waiting server (client_gone).
 */
#ifndef SHM_PROTO_H
#define SHM_PROTO_H

#include <stddef.h>

#ifndef SHM_DATA_SIZE
#define SHM_DATA_SIZE 4096 /* bytes moved per turn; not the page size */
#endif

enum shm_sem {
	SEM_SERVER_MAY_WRITE, /* the buffer is free: the server may fill it */
	SEM_CLIENT_MAY_READ,  /* the buffer is full: the client may empty it */
	SEM_COUNT
};

/* TODO: what else must the segment hold? Think of the end of the stream
 * and of a client that leaves early. */
struct shm_xfer {
	size_t len;
	char data[SHM_DATA_SIZE];
};

/* TODO: semctl(2) takes a fourth argument of type union semun, which POSIX
 * leaves to the program to define: see the NOTES section of semctl(2). */

#endif
