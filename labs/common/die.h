/*
 * die.h - report a failed call with its errno name, clean up, and exit.
 *
 * Given to every lab: you may use it in your programs (the grader builds
 * die.c into each of them). The message reads
 *     shm_server: shmget(key=0x162e, size=4096): EEXIST (File exists)
 */
#ifndef IPCLAB_DIE_H
#define IPCLAB_DIE_H

#include <stdnoreturn.h>

/* Print "prog: <what>: ENAME (text)" for the current errno, run the
 * function given to die_at_exit() if any, then exit(1). */
noreturn void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The same for an error that has no errno (bad input, a protocol
 * violation): prints "prog: <what>" only. */
noreturn void die_msg(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Register the cleanup that die() runs before exiting. Call it before
 * creating the first IPC object. The function must be idempotent. */
void die_at_exit(void (*cleanup)(void));

/* The name of an errno value ("EEXIST"), or "E?" if unknown. */
const char *errno_name(int err);

#endif
