/*
 * fifo_client.c - ask fifo_server for COUNT sequence numbers and print the
 * first one.
 *
 * Usage: fifo_client REQUEST_FIFO REPLY_FIFO [COUNT]
 *   COUNT is a whole number from 1 (the default).
 *
 * Creates REPLY_FIFO with fifo_make(), writes one request into REQUEST_FIFO,
 * waits for the answer in REPLY_FIFO, prints the number on a line of its
 * own and removes REPLY_FIFO, also on every error and on SIGINT or SIGTERM.
 * Fails at once, with a message naming REQUEST_FIFO, when no server reads
 * it.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "fifo_lib.h"
#include "fifo_proto.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: check the arguments: COUNT (strtol(3), end pointer, at
	 * least 1) and the length of REPLY_FIFO (it must fit in
	 * fifo_request.reply with its NUL).
	 *
	 * TODO 2: register an idempotent cleanup that unlinks REPLY_FIFO once
	 * it is yours, catch SIGINT and SIGTERM (sigaction(2)), then create
	 * REPLY_FIFO with fifo_make().
	 *
	 * TODO 3: open REQUEST_FIFO for writing without waiting for a server
	 * (O_NONBLOCK: ENXIO means nobody reads it, see fifo(7)), then make
	 * writes block again (fcntl(2), F_SETFL): a busy server's FIFO can be
	 * full for a moment.
	 *
	 * TODO 4: fill a struct fifo_request (fifo_proto.h) and write it with
	 * ONE write(2): at most PIPE_BUF bytes in one call are never mixed
	 * with another client's (pipe(7)).
	 *
	 * TODO 5: open REPLY_FIFO for reading (it waits for the server),
	 * read one struct fifo_response, print its number, remove the FIFO,
	 * exit 0. Fewer bytes than an answer is an error.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: fifo_client is not written yet (see fifo_client.c)");
}
