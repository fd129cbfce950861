/* turns.h - take and give turns on a System V semaphore. */
#ifndef TURNS_H
#define TURNS_H

#include <signal.h>

/* Set to the signal number by SIGINT or SIGTERM once stop_on_signals() ran. */
extern volatile sig_atomic_t stop_signal;

/* Catch SIGINT and SIGTERM without SA_RESTART, so that a blocked semop or
 * read returns EINTR and the program leaves through its normal exit path. */
void stop_on_signals(void);

/* Wait until semaphore `sem` of set `semid` is positive, then take one.
 * Returns 0, or -1 with errno: EINTR (a signal came), EIDRM or EINVAL (the
 * set was removed). */
int turn_take(int semid, unsigned short sem);

/* Add one to semaphore `sem`. Returns 0, or -1 with semop's errno. */
int turn_give(int semid, unsigned short sem);

#endif
