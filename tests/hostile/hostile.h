/*
 * hostile.h - shared by the hostile submissions in tests/hostile/. Each
 * submission is reference/shm plus one attack file, copied in as hostile.c:
 * a constructor that attacks inside one program only, so the rest of the
 * submission still builds and works. tests/hostile.sh replaces the @...@
 * words before grading: a token that marks every process of the attack (its
 * name), the canary file the attack must not reach, and the ipclab tree.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define HOSTILE_NAME "hx@TOKEN@"     /* at most 15 bytes: a process name */
#define HOSTILE_CANARY "@CANARY@"
#define HOSTILE_IPCLAB "@IPCLAB@"

/* In PROGRAM only: name this process (and so its children) after the run. */
static inline bool hostile_in(const char *program)
{
	if (strcmp(program_invocation_short_name, program) != 0)
		return false;
	prctl(PR_SET_NAME, HOSTILE_NAME);
	return true;
}

#endif
