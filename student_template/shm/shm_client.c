/*
 * shm_client.c - write to standard output the stream that shm_server sends
 * through its shared-memory segment.
 *
 * Usage: shm_client [-w SECONDS] KEY
 *   -w  wait up to SECONDS for the server to appear (default 0: fail at once)
 *   KEY is a number ("5678", "0x162e") or the path of an existing file.
 *
 * Exits 0 at the end of the stream, 1 with a message on stderr when there is
 * no server, when the key belongs to a foreign segment, when the server goes
 * away, and on SIGINT or SIGTERM (after telling the server, so that it does
 * not wait forever). The client never creates or removes an IPC object: the
 * server owns them.
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
	 * TODO 1: parse -w SECONDS with getopt(3) and KEY with
	 * shm_parse_key().
	 *
	 * TODO 2: register the cleanup with die_at_exit() (die.h), and catch
	 * SIGINT and SIGTERM with sigaction(2), without SA_RESTART.
	 *
	 * TODO 3: find the server's segment with shm_lookup(), never creating
	 * anything. Nothing tells you when a key appears, so while it is
	 * missing and SECONDS are not over, try again after a short pause
	 * (nanosleep(2)); this is the only wait that may poll. No server or a
	 * foreign segment: exit 1 with a message.
	 *
	 * TODO 4: find the server's semaphore set (semget(2) without
	 * IPC_CREAT), check it is the server's (semctl(2) IPC_STAT), and
	 * attach the segment (shmat(2): (void *) -1 on error, not NULL).
	 *
	 * TODO 5: wait for your turn (semop(2)), write the bytes to stdout
	 * with write(2), looping over partial writes, and give the turn back;
	 * stop at the end of the stream and acknowledge it. semop failing
	 * with EIDRM or EINVAL means the server is gone.
	 *
	 * TODO 6: when you leave early (a signal, an error), tell the server
	 * through the segment and wake it, then detach (shmdt(2)).
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: shm_client is not written yet (see shm_client.c)");
}
