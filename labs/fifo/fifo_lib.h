/*
 * fifo_lib.h - the FIFO helper the spec tests call directly.
 *
 * Given file: do not change it (the grader puts this copy back). Write the
 * body in fifo_lib.c. It reports failure the way system calls do: it
 * returns -1 and leaves errno set.
 */
#ifndef FIFO_LIB_H
#define FIFO_LIB_H

/* Permissions of every FIFO the lab creates: the owner reads and writes,
 * the group may only write (send requests, or answers). */
#define FIFO_MODE 0620

/*
 * Create a FIFO at `path` whose mode is exactly FIFO_MODE, whatever the
 * process's umask. A FIFO already at `path` that no process has open for
 * reading is a leftover of a program that died: it is replaced by a new one.
 *
 * Returns 0, or -1 with errno:
 *   EEXIST  `path` exists and is not a FIFO (left untouched);
 *   EBUSY   a FIFO is at `path` and some process has it open for reading,
 *           a live server or client (left untouched);
 *   anything else: the errno of the failed call (mkfifo, open, unlink...).
 */
int fifo_make(const char *path);

#endif
