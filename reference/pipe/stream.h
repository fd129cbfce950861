/* stream.h - copy one descriptor into another, and wait for a child. */
#ifndef STREAM_H
#define STREAM_H

#include <sys/types.h>

/* Copy everything from IN to OUT until end of file. Returns 0, or -1 with
 * errno set and *failed naming the call that failed ("read", "write"). */
int stream_copy(int in, int out, const char **failed);

/* Wait for child PID, retrying after EINTR. Returns its wait status; dies
 * if waitpid fails. */
int stream_reap(pid_t pid);

/* Ignore SIGPIPE: a write to a pipe without reader then fails with EPIPE
 * instead of killing the process. Children inherit it. */
void stream_ignore_sigpipe(void);

/* Print "prog: <what>: ENAME (text)" for the current errno and go on:
 * for an error that must not stop the program before it reaps. */
void stream_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
