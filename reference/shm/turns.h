/* turns.h - take and give turns on a System V semaphore; leave cleanly on
 * SIGINT and SIGTERM. */
#ifndef TURNS_H
#define TURNS_H

/*
 * On SIGINT or SIGTERM, run CLEANUP and die of the signal. A flag checked by
 * the main loop is not enough: a signal that lands just before a blocking
 * read() or semop() would be noticed only after it returns, maybe never.
 * CLEANUP runs inside the handler, so it may only make system calls and
 * plain stores (no stdio, no malloc); it must also be idempotent.
 */
void leave_on_signals(void (*cleanup)(void));

/* Wait until semaphore `sem` of set `semid` is positive, then take one.
 * Returns 0, or -1 with errno: EIDRM or EINVAL (the set was removed). */
int turn_take(int semid, unsigned short sem);

/* Add one to semaphore `sem`. Returns 0, or -1 with semop's errno. */
int turn_give(int semid, unsigned short sem);

#endif
