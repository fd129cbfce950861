/*
 * fifo_server.c - hand out sequence numbers to any number of fifo_clients,
 * one request at a time, through a well-known request FIFO; each answer
 * goes back through the FIFO the client named in its request.
 *
 * Usage: fifo_server REQUEST_FIFO
 *
 * Creates REQUEST_FIFO with fifo_make() (replacing a leftover one, refusing
 * one that another server reads), prints "ready" once it has the FIFO open
 * for reading, and serves until SIGINT or SIGTERM, which remove the FIFO.
 * The first number is 0; a request for COUNT numbers gets the next COUNT.
 * A request that cannot be answered is reported on stderr and skipped.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "die.h"
#include "fifo_lib.h"
#include "fifo_proto.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: check the arguments. Before creating anything, register an
	 * idempotent cleanup (die_at_exit() in die.h) that unlinks the FIFO
	 * once it is yours (and only then), and catch SIGINT and SIGTERM with
	 * sigaction(2): the handler may only call async-signal-safe functions
	 * (signal-safety(7)), and unlink(2) is one.
	 *
	 * TODO 2: create the FIFO with fifo_make(). On error, exit 1 without
	 * removing anything: the FIFO at that path is not yours.
	 *
	 * TODO 3: open it for reading without waiting for a first client
	 * (O_NONBLOCK, fifo(7)), then make reads block again (fcntl(2),
	 * F_SETFL). Think about what read(2) returns once the last client has
	 * closed its end, and what keeps your server from spinning then.
	 *
	 * TODO 4: print "ready" and flush stdout (it is a pipe in the tests:
	 * see setvbuf(3) on buffering).
	 *
	 * TODO 5: forever: read one struct fifo_request (fifo_proto.h), open
	 * the client's reply FIFO for writing, write one struct fifo_response,
	 * close it. A client that is gone (ENOENT, EPIPE: see SIGPIPE in
	 * pipe(7)) is reported on stderr, and the server goes on.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: fifo_server is not written yet (see fifo_server.c)");
}
