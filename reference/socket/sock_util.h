/* sock_util.h - what the programs share besides frames: whole writes to
 * stdout, and cleanup on SIGINT and SIGTERM. */
#ifndef SOCK_UTIL_H
#define SOCK_UTIL_H

#include <stddef.h>

/* Write all LEN bytes of BUF to FD, resuming after partial writes and
 * EINTR; die() on error. */
void write_all(int fd, const void *buf, size_t len);

/*
 * On SIGINT or SIGTERM, run CLEANUP and die of the signal. A flag checked
 * by the main loop is not enough: a signal that lands just before a
 * blocking accept() would be noticed only after the next client. CLEANUP
 * runs inside the handler, so it may only make system calls and plain
 * stores (no stdio, no malloc); it must also be idempotent.
 */
void cleanup_on_signals(void (*cleanup)(void));

#endif
