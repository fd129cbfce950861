/*
 * ipcgrade - build and grade an IPC lab submission.
 *
 * Usage: ipcgrade list [--lab LAB]
 *        ipcgrade grade --lab LAB [--format text|json] [-o FILE] [--sanitize]
 *                       [--test SUITE::NAME] DIR
 *
 * Exit status: 0 full marks, 1 points lost, 2 could not grade.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_FULL = 0, EXIT_LOST = 1, EXIT_CANNOT = 2 };

static int usage(void)
{
	fprintf(stderr,
		"usage: ipcgrade list [--lab LAB]\n"
		"       ipcgrade grade --lab LAB [--format text|json] [-o FILE] [--sanitize]\n"
		"                      [--test SUITE::NAME] DIR\n"
		"labs:");
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

static int grade(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "lab", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "sanitize", no_argument, NULL, 's' },
		{ "test", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct ig_options opt = { 0 };
	struct ig_report r;
	const char *format = "text", *output = NULL;
	int c;
	bool errors = false, full;

	while ((c = getopt_long(argc, argv, "l:f:o:", longopts, NULL)) != -1) {
		if (c == 'l')
			opt.lab = optarg;
		else if (c == 'f')
			format = optarg;
		else if (c == 'o')
			output = optarg;
		else if (c == 's')
			opt.sanitize = true;
		else if (c == 't')
			opt.only = optarg;
		else
			return usage();
	}
	if (!opt.lab || optind != argc - 1 ||
	    (strcmp(format, "text") != 0 && strcmp(format, "json") != 0))
		return usage();
	opt.submission = argv[optind];
	if (!ig_grade(&opt, &r))
		return EXIT_CANNOT;
	if (strcmp(format, "json") == 0) {
		if (!ig_report_json(&r, output ? output : "-")) {
			fprintf(stderr, "ipcgrade: cannot write %s\n", output ? output : "stdout");
			return EXIT_CANNOT;
		}
	} else {
		FILE *f = output ? fopen(output, "w") : stdout;

		if (!f) {
			perror(output);
			return EXIT_CANNOT;
		}
		ig_report_text(&r, f, !output && isatty(STDOUT_FILENO));
		if (output && fclose(f) == EOF)
			return EXIT_CANNOT;
	}
	for (size_t i = 0; i < r.ntests; i++)
		errors |= r.tests[i].status == IG_ERROR;
	full = r.score == r.max_score;
	ig_report_free(&r);
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
	return usage();
}
