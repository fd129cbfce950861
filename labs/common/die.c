/* die.c - see die.h. */
#define _GNU_SOURCE /* strerrorname_np, program_invocation_short_name */
#include "die.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*die_cleanup)(void);

void die_at_exit(void (*cleanup)(void))
{
	die_cleanup = cleanup;
}

const char *errno_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

static noreturn void finish(void)
{
	sigset_t all;

	/* A signal handler that cleans up too must not run in the middle. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	if (die_cleanup)
		die_cleanup();
	exit(EXIT_FAILURE);
}

void die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s (%s)\n", errno_name(err), strerror(err));
	finish();
}

void die_msg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	finish();
}
