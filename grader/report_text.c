/* report_text.c - the report a student or a TA reads in a terminal. */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <string.h>

static void indent(FILE *f, const char *text)
{
	fputs("      ", f);
	for (; *text; text++) {
		fputc(*text, f);
		if (*text == '\n' && text[1])
			fputs("      ", f);
	}
	fputc('\n', f);
}

bool ig_report_text(const struct ig_report *r, FILE *f, const struct ig_view *v)
{
	const char *green = v->colour ? "\033[32m" : "", *red = v->colour ? "\033[31m" : "";
	const char *dim = v->colour ? "\033[2m" : "", *off = v->colour ? "\033[0m" : "";
	unsigned passed = 0, failed = 0, leaks = 0, hidden = 0, unselected = 0;
	int score = 0, max_score = 0, hidden_points = 0;

	fprintf(f, "ipcgrade: lab %s, submission %s\n", r->lab, r->submission);
	fprintf(f, "%sisolation: %s%s\n", dim, r->isolation, off);
	if (r->seeded)
		fprintf(f, "%sseed: %lu (random delays at semop, read and write)%s\n", dim, r->seed, off);
	if (!r->built) {
		fprintf(f, "%sbuild: failed%s\n", red, off);
		indent(f, r->build_log);
	}
	for (size_t i = 0; i < r->ntests; i++) {
		const struct ig_test *t = &r->tests[i];
		bool ok = t->status == IG_PASS;

		/* Left out by --test: the report is about the ones asked for. */
		if (!ig_test_selected(r, t)) {
			unselected++;
			continue;
		}
		if (t->hidden && !v->show_hidden) {
			hidden++;
			hidden_points += t->points;
			continue;
		}
		score += t->score;
		max_score += t->points;
		ok ? passed++ : failed++;
		fprintf(f, "%s%s%s %-48s %3d/%-3d %s%s%s%s\n", ok ? green : red,
			ok ? "PASS" : "FAIL", off, t->name, t->score, t->points,
			dim, ok ? "" : ig_status_name(t->status), t->hidden ? " (hidden)" : "", off);
		if (!ok) {
			indent(f, t->description);
			indent(f, t->message);
		}
		if (ig_hint_applies(t))
			fprintf(f, "      hint: %s\n", t->hint);
		for (size_t k = 0; k < t->nleaks; k++, leaks++) {
			fprintf(f, "      %sleak:%s ", red, off);
			ig_leak_line(f, &t->leaks[k]);
		}
	}
	if (hidden)
		fprintf(f, "%u hidden test%s (%d points): results withheld until your instructor publishes them\n",
			hidden, hidden == 1 ? "" : "s", hidden_points);
	if (unselected)
		fprintf(f, "%u other test%s not run (--test): the score is of the test%s run\n",
			unselected, unselected == 1 ? "" : "s", passed + failed == 1 ? "" : "s");
	fprintf(f, "score: %d/%d, %u leak%s\n", score, max_score, leaks, leaks == 1 ? "" : "s");
	fprintf(f, "%u passed, %u failed\n", passed, failed);
	return !ferror(f);
}
