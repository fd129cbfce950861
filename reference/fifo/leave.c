/* leave.c - see leave.h. */
#define _XOPEN_SOURCE 700
#include "leave.h"

#include <signal.h>
#include <stddef.h>

static void (*signal_cleanup)(void);

static void leave(int sig)
{
	signal_cleanup();
	signal(sig, SIG_DFL); /* the parent sees how we ended */
	raise(sig);
}

void leave_on_signals(void (*cleanup)(void))
{
	struct sigaction sa = { .sa_handler = leave };

	signal_cleanup = cleanup;
	sigfillset(&sa.sa_mask); /* one cleanup at a time */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void hold_signals(bool hold)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}
