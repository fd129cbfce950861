/* leave.h - leave cleanly on SIGINT and SIGTERM. */
#ifndef LEAVE_H
#define LEAVE_H

#include <stdbool.h>

/*
 * On SIGINT or SIGTERM, run CLEANUP and die of the signal. A flag checked by
 * the main loop is not enough: a signal that lands just before a blocking
 * open() or read() would be noticed only after it returns, maybe never.
 * CLEANUP runs inside the handler, so it may only make system calls and
 * plain stores (no stdio, no malloc); it must also be idempotent.
 */
void leave_on_signals(void (*cleanup)(void));

/* Hold SIGINT and SIGTERM back (hold true) or let them in again, around a
 * step after which CLEANUP has something new to remove. */
void hold_signals(bool hold);

#endif
