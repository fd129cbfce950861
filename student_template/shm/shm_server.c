/*
 * shm_server.c - stream standard input to one shm_client through a System V
 * shared-memory segment, taking turns with it on System V semaphores.
 *
 * Usage: shm_server KEY
 *   KEY is a number ("5678", "0x162e") or the path of an existing file.
 *
 * Creates a semaphore set and a segment under KEY, both with mode 0600, and
 * never reuses objects that exist already: a taken key is an error. Prints
 * "ready" (and nothing else on stdout) once the semaphores and the segment
 * exist. Exits 0 after the client has acknowledged the end of the stream,
 * 1 with a message on stderr on any error, on SIGINT or SIGTERM, or when the
 * client leaves early. Removes both objects on every one of those paths, and
 * never touches objects it did not create.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "die.h"
#include "shm_lib.h"
#include "shm_proto.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: check the arguments and turn KEY into a key_t with
	 * shm_parse_key().
	 *
	 * TODO 2: before creating anything, register an idempotent cleanup
	 * (die_at_exit() in die.h) that detaches and removes whatever exists
	 * so far, and catch SIGINT and SIGTERM with sigaction(2) so that a
	 * blocked semop(2) or read(2) returns EINTR (read about SA_RESTART
	 * in signal(7)).
	 *
	 * TODO 3: create the semaphore set with semget(2), refusing a key
	 * that is taken, and initialise it with semctl(2) SETALL. Then create
	 * the segment with shm_create() and attach it with shmat(2). Think
	 * about the order: a client may be waiting for the segment to appear.
	 *
	 * TODO 4: print "ready" and flush stdout (it is a pipe in the tests:
	 * see setvbuf(3) on buffering).
	 *
	 * TODO 5: until read(2) on stdin returns 0, wait for your turn
	 * (semop(2)), fill the buffer, give the client its turn. Then send
	 * the end of the stream and wait for the client's acknowledgement.
	 * Data can hold any byte, NUL included: never treat it as a string.
	 *
	 * TODO 6: detach, remove the segment and the semaphore set
	 * (shm_destroy(), semctl(2) IPC_RMID) and exit 0.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: shm_server is not written yet (see shm_server.c)");
}
