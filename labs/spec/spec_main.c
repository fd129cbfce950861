/*
 * spec_main.c - the spec binary's own main: run exactly one test and tell
 * the grader how it went on the grader's private descriptor.
 *
 * Usage: spec_<lab> --describe            one line per test: name TAB description
 *        spec_<lab> --run SUITE::NAME     run that test alone
 *
 * With IPCLAB_RESULT_FD and IPCLAB_NONCE set (the grader does it), the runner
 * writes to that descriptor, after each test:
 *     NONCE result SUITE::NAME STATUS MILLISECONDS ESCAPED-MESSAGE
 * and once at the end: NONCE end COUNT. STATUS is pass, fail, error, crash,
 * timeout or skip. The worker processes that run the test bodies never hold
 * the descriptor (Criterion closes it in them), and student programs are
 * started with every descriptor above 2 closed.
 */
#include "spec.h"

#include <criterion/hooks.h>
#include <criterion/internal/ordered-set.h>
#include <criterion/options.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *channel;
static const char *nonce = "-";
static unsigned tests_run;

/* The first failure is the cause; later ones are often its consequences.
 * Criterion keeps the newest assertion at the head of the list. */
static const char *first_failure(const struct criterion_test_stats *st)
{
	const char *first = "";

	for (const struct criterion_assert_stats *a = st->asserts; a; a = a->next)
		if (!a->passed)
			first = a->message ? a->message : "";
	return first;
}

static const char *status_of(const struct criterion_test_stats *st,
			     const char *message)
{
	if (st->timed_out)
		return "timeout";
	if (st->crashed)
		return "crash";
	if (st->test_status == CR_STATUS_SKIPPED)
		return "skip";
	if (st->test_status == CR_STATUS_PASSED)
		return "pass";
	if (strncmp(message, SPEC_SETUP_FAILED, strlen(SPEC_SETUP_FAILED)) == 0)
		return "error";
	return "fail";
}

/* One record per line: newlines, tabs and backslashes are escaped. */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
}

ReportHook(POST_TEST)(struct criterion_test_stats *st)
{
	const char *message = first_failure(st), *status;
	char crash[64], memcheck[512];

	spec_remove_tracked(); /* the test's own objects, even after a crash */
	tests_run++;
	if (!channel)
		return;
	if (st->crashed) {
		snprintf(crash, sizeof crash, "the test process died of %s%s",
			 st->signal ? "SIG" : "exit status ",
			 st->signal ? sigabbrev_np(st->signal) : "");
		message = crash;
	}
	status = status_of(st, message);
	/* A test that passed still fails on an error only valgrind saw. */
	if (strcmp(status, "pass") == 0 && spec_valgrind_verdict(memcheck, sizeof memcheck)) {
		status = "fail";
		message = memcheck;
	}
	fprintf(channel, "%s result %s::%s %s %.0f ", nonce, st->test->category,
		st->test->name, status, st->elapsed_time * 1000.0);
	put_escaped(channel, message);
	fputc('\n', channel);
	fflush(channel);
}

ReportHook(POST_ALL)(struct criterion_global_stats *st)
{
	(void)st;
	if (channel) {
		fprintf(channel, "%s end %u\n", nonce, tests_run);
		fflush(channel);
	}
}

static void describe(struct criterion_test_set *set)
{
	FOREACH_SET(struct criterion_suite_set *suite, set->suites) {
		FOREACH_SET(struct criterion_test *test, suite->tests) {
			printf("%s::%s\t%s\n", test->category, test->name,
			       test->data->description ?
				       test->data->description : "");
		}
	}
}

static void open_channel(void)
{
	const char *fd = getenv("IPCLAB_RESULT_FD");
	char *value;

	if (!fd)
		return;
	channel = fdopen(atoi(fd), "w");
	if (!channel) {
		perror("ipclab: result channel");
		exit(2);
	}
	if ((value = getenv("IPCLAB_NONCE")) != NULL) {
		nonce = strdup(value);
		/* unsetenv() leaves the text where /proc/PID/environ shows it
		 * to any process of the same user: wipe it first. */
		memset(value, 'x', strlen(value));
	}
	unsetenv("IPCLAB_NONCE");
}

int main(int argc, char *argv[])
{
	struct criterion_test_set *tests = criterion_initialize();
	static char pattern[256];
	char *sep;
	int ok = 0;

	if (argc == 2 && strcmp(argv[1], "--describe") == 0) {
		describe(tests);
		ok = 1;
	} else if (argc == 3 && strcmp(argv[1], "--run") == 0 &&
		   (sep = strstr(argv[2], "::")) != NULL) {
		snprintf(pattern, sizeof pattern, "%.*s/%s",
			 (int)(sep - argv[2]), argv[2], sep + 2);
		open_channel();
		criterion_options.pattern = pattern;
		criterion_options.jobs = 1;
		criterion_options.logging_threshold = CRITERION_IMPORTANT;
		ok = criterion_run_all_tests(tests) && tests_run == 1;
	} else {
		fprintf(stderr, "usage: %s --describe | --run SUITE::NAME\n",
			argv[0]);
	}
	criterion_finalize(tests);
	return ok ? 0 : 1;
}
