/*
 * pipe_gather.c - several writer children share one pipe to their parent,
 * which prints every record whole.
 *
 * Usage: pipe_gather WRITERS RECORDS SIZE
 *   Writer w (1..WRITERS) sends records 1..RECORDS of SIZE bytes each, as
 *   gather_record() in pipe_proto.h makes them; the parent prints each
 *   record once all of it arrived.
 *
 * Exits 0 when every writer exited 0 and every record arrived whole, 1
 * otherwise; every writer is reaped first.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "pipe_lib.h"
#include "pipe_proto.h"

int main(int argc, char *argv[])
{
	/*
	 * TODO 1: check the three numbers (strtoul(3) and its end pointer;
	 * ranges in pipe_proto.h).
	 *
	 * TODO 2: one pipe, then fork(2) WRITERS children. Each closes the
	 * read end and sends its records. Only one write(2) of at most
	 * PIPE_BUF bytes is atomic (pipe(7)): send every record as frames of
	 * at most PIPE_BUF bytes, one write each, never through stdio.
	 *
	 * TODO 3: the parent closes its write end (or its read never returns
	 * 0), reads frames until end of file, puts each writer's pieces
	 * together and prints a record once it is whole.
	 *
	 * TODO 4: wait for every writer (one wait(2) reaps one child), exit.
	 */
	(void)argc;
	(void)argv;
	die_msg("TODO: pipe_gather is not written yet (see pipe_gather.c)");
}
