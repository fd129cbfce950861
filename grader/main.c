/*
 * ipcgrade - build and grade an IPC lab submission.
 *
 * Usage: ipcgrade list [--lab LAB]
 *        ipcgrade grade --lab LAB [--format FORMAT[:FILE]]... [-o FILE]
 *                       [--sanitize | --valgrind] [--seed N] [--show-hidden]
 *                       [--test SUITE::NAME] [-j N] DIR
 *        ipcgrade batch --lab LAB [-j N] [--threshold PERCENT] -o OUT SUBMISSIONS
 *
 * Exit status: 0 full marks, 1 points lost, 2 could not grade.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_FULL = 0, EXIT_LOST = 1, EXIT_CANNOT = 2 };

static int usage(void)
{
	fprintf(stderr,
		"usage: ipcgrade list [--lab LAB]\n"
		"       ipcgrade grade --lab LAB [--format FORMAT[:FILE]]... [-o FILE]\n"
		"                      [--sanitize | --valgrind] [--seed N] [--show-hidden]\n"
		"                      [--test SUITE::NAME] [-j N] DIR\n"
		"       ipcgrade batch --lab LAB [-j N] [--threshold PERCENT] -o OUT SUBMISSIONS\n"
		"--seed N injects random delays at semop, read and write, drawn from N\n"
		"-j N runs N tests at once (default: twice the processors, where\n"
		"     each test has namespaces and a process cap of its own)\n"
		"formats: %s (FILE defaults to -o, else stdout)\n"
		"labs:", ig_format_names);
	for (const char *const *lab = ig_labs(); *lab; lab++)
		fprintf(stderr, " %s", *lab);
	fputc('\n', stderr);
	return EXIT_CANNOT;
}

static int list(const char *only)
{
	for (const char *const *lab = ig_labs(); *lab; lab++) {
		struct ig_report r;

		if (only && strcmp(only, *lab) != 0)
			continue;
		if (!ig_lab_load(*lab, &r))
			return EXIT_CANNOT;
		printf("%s (%d points)\n", *lab, r.max_score);
		for (size_t i = 0; i < r.ntests; i++)
			printf("  %-48s %3d  %s\n", r.tests[i].name, r.tests[i].points,
			       r.tests[i].description);
		ig_report_free(&r);
	}
	return EXIT_FULL;
}

/* One --format: a writer and where its report goes. */
struct output {
	ig_writer *writer;
	const char *path;
};

enum { MAX_OUTPUTS = 8 };

static bool parse_format(char *arg, struct output *out)
{
	char *colon = strchr(arg, ':');

	if (colon)
		*colon = '\0';
	out->writer = ig_format(arg);
	out->path = colon && colon[1] ? colon + 1 : NULL;
	if (!out->writer)
		fprintf(stderr, "ipcgrade: unknown format '%s' (formats: %s)\n", arg, ig_format_names);
	return out->writer != NULL;
}

static bool parse_number(const char *text, unsigned long *seed)
{
	char *end;

	errno = 0;
	*seed = strtoul(text, &end, 10);
	return errno == 0 && end != text && *end == '\0' && text[0] != '-';
}

static int grade(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "lab", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "sanitize", no_argument, NULL, 's' },
		{ "show-hidden", no_argument, NULL, 'H' },
		{ "valgrind", no_argument, NULL, 'V' },
		{ "seed", required_argument, NULL, 'S' },
		{ "test", required_argument, NULL, 't' },
		{ "jobs", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct ig_options opt = { 0 };
	unsigned long jobs;
	struct ig_report r;
	struct ig_view view = { .colour = false };
	struct output outputs[MAX_OUTPUTS];
	size_t noutputs = 0;
	const char *default_path = NULL;
	int c;
	bool errors = false, written = true, full;

	while ((c = getopt_long(argc, argv, "l:f:o:j:", longopts, NULL)) != -1) {
		if (c == 'l')
			opt.lab = optarg;
		else if (c == 'f' && noutputs < MAX_OUTPUTS)
			written &= parse_format(optarg, &outputs[noutputs++]);
		else if (c == 'o')
			default_path = optarg;
		else if (c == 's')
			opt.sanitize = true;
		else if (c == 'H')
			view.show_hidden = true;
		else if (c == 'V')
			opt.valgrind = true;
		else if (c == 'S' && parse_number(optarg, &opt.seed))
			opt.seeded = true;
		else if (c == 't')
			opt.only = optarg;
		else if (c == 'j' && parse_number(optarg, &jobs) && jobs >= 1 && jobs <= 64)
			opt.jobs = (unsigned)jobs;
		else
			return usage();
	}
	if (!opt.lab || optind != argc - 1 || !written)
		return usage();
	if (noutputs == 0)
		outputs[noutputs++] = (struct output){ ig_report_text, NULL };
	opt.submission = argv[optind];
	if (!ig_grade(&opt, &r)) {
		int sig = ig_sandbox_stopped();

		if (sig) { /* everything cleaned up: end as the signal would have */
			fprintf(stderr, "ipcgrade: stopped by SIG%s, no report\n", sigabbrev_np(sig));
			signal(sig, SIG_DFL);
			raise(sig);
		}
		return EXIT_CANNOT;
	}
	/* In the order given: "--format text --format autolab" ends with Autolab's line. */
	for (size_t i = 0; i < noutputs; i++) {
		const char *path = outputs[i].path ? outputs[i].path :
				   default_path ? default_path : "-";

		view.colour = strcmp(path, "-") == 0 && isatty(STDOUT_FILENO);
		if (!ig_report_write(outputs[i].writer, &r, path, &view)) {
			fprintf(stderr, "ipcgrade: cannot write the report to %s: %s\n",
				strcmp(path, "-") == 0 ? "stdout" : path, strerror(errno));
			written = false;
		}
	}
	/* Full marks on what ran: --test asks about its test alone. */
	full = true;
	for (size_t i = 0; i < r.ntests; i++) {
		const struct ig_test *t = &r.tests[i];

		errors |= t->status == IG_ERROR;
		if (ig_test_selected(&r, t))
			full &= t->score == t->points;
	}
	ig_report_free(&r);
	if (!written)
		return EXIT_CANNOT;
	if (errors) {
		fprintf(stderr, "ipcgrade: some tests could not run (status error): the grade is incomplete\n");
		return EXIT_CANNOT;
	}
	return full ? EXIT_FULL : EXIT_LOST;
}

int main(int argc, char *argv[])
{
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		if (argc == 4 && strcmp(argv[2], "--lab") == 0)
			return list(argv[3]);
		return argc == 2 ? list(NULL) : usage();
	}
	if (argc >= 2 && strcmp(argv[1], "grade") == 0)
		return grade(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "batch") == 0)
		return ig_batch_main(argc - 1, argv + 1);
	return usage();
}
