/*
 * probe_fifo.c - call fifo_make() from the student's fifo_lib.c, so that a
 * spec test can check it from the outside. Built by the grader, not by
 * students.
 *
 * Usage: probe_fifo make PATH
 * Answers "RETURN ERRNO" on descriptor 3.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fifo_lib.h"

int main(int argc, char *argv[])
{
	long ret;

	errno = 0;
	if (argc == 3 && strcmp(argv[1], "make") == 0) {
		ret = fifo_make(argv[2]);
	} else {
		fprintf(stderr, "usage: probe_fifo make PATH\n");
		return 2;
	}
	return dprintf(3, "%ld %d\n", ret, errno) < 0;
}
