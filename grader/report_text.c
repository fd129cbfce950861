/* report_text.c - the report a student or a TA reads in a terminal. */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <string.h>

const char *ig_status_name(enum ig_status s)
{
	static const char *const names[] = {
		[IG_PASS] = "pass", [IG_FAIL] = "fail", [IG_TIMEOUT] = "timeout",
		[IG_CRASH] = "crash", [IG_ERROR] = "error", [IG_NOT_RUN] = "not run",
	};
	return names[s];
}

/* The hint names the mistake: show it only when the test recognised it. */
static bool hint_applies(const struct ig_test *t)
{
	return t->status == IG_FAIL && t->hint[0] &&
	       strncmp(t->message, "cannot check: ", 14) != 0;
}

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

void ig_report_text(const struct ig_report *r, FILE *f, bool colour)
{
	const char *green = colour ? "\033[32m" : "", *red = colour ? "\033[31m" : "";
	const char *dim = colour ? "\033[2m" : "", *off = colour ? "\033[0m" : "";
	unsigned passed = 0, failed = 0, leaks = 0;

	fprintf(f, "ipcgrade: lab %s, submission %s\n", r->lab, r->submission);
	fprintf(f, "%sisolation: %s%s\n", dim, r->isolation, off);
	if (!r->built) {
		fprintf(f, "%sbuild: failed%s\n", red, off);
		indent(f, r->build_log);
	}
	for (size_t i = 0; i < r->ntests; i++) {
		const struct ig_test *t = &r->tests[i];
		bool ok = t->status == IG_PASS;

		ok ? passed++ : failed++;
		fprintf(f, "%s%s%s %-48s %3d/%-3d %s%s%s\n", ok ? green : red,
			ok ? "PASS" : "FAIL", off, t->name, t->score, t->points,
			dim, ok ? "" : ig_status_name(t->status), off);
		if (!ok) {
			indent(f, t->description);
			indent(f, t->message);
		}
		if (hint_applies(t))
			fprintf(f, "      hint: %s\n", t->hint);
		for (size_t k = 0; k < t->nleaks; k++, leaks++)
			fprintf(f, "      %sleak:%s %s %s%s%s: %s (remove: %s)\n", red, off,
				t->leaks[k].kind, t->leaks[k].id, t->leaks[k].key[0] ? " key " : "",
				t->leaks[k].key, t->leaks[k].detail, t->leaks[k].remove);
	}
	fprintf(f, "score: %d/%d, %u leak%s\n", r->score, r->max_score, leaks,
		leaks == 1 ? "" : "s");
	fprintf(f, "%u passed, %u failed\n", passed, failed);
}
