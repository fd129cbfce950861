/* report_tap.c - TAP version 13, which prove and every TAP 14 consumer read;
 * details of a failure go in the YAML block, each string a JSON scalar
 * (valid YAML). */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <jansson.h>
#include <stdlib.h>

static void yaml_field(FILE *f, const char *name, const char *value)
{
	json_t *s = json_string(value);
	char *quoted = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;

	/* json_string refuses invalid UTF-8; say so rather than drop the field. */
	fprintf(f, "  %s: %s\n", name, quoted ? quoted : "\"(not valid UTF-8)\"");
	free(quoted);
	json_decref(s);
}

bool ig_report_tap(const struct ig_report *r, FILE *f, const struct ig_view *v)
{
	(void)v;
	fprintf(f, "TAP version 13\n1..%zu\n", r->ntests);
	for (size_t i = 0; i < r->ntests; i++) {
		const struct ig_test *t = &r->tests[i];
		char *feedback;

		/* A test left out by --test is skipped; one the build prevented failed. */
		if (!ig_test_selected(r, t)) {
			fprintf(f, "ok %zu - %s # SKIP not selected\n", i + 1, t->name);
			continue;
		}
		fprintf(f, "%s %zu - %s\n", t->status == IG_PASS ? "ok" : "not ok", i + 1, t->name);
		if (t->status == IG_PASS && t->nleaks == 0 && !t->hidden)
			continue;
		feedback = ig_test_feedback(t);
		fputs("  ---\n", f);
		yaml_field(f, "status", ig_status_name(t->status));
		fprintf(f, "  score: %d\n  max_score: %d\n  hidden: %s\n", t->score, t->points,
			t->hidden ? "true" : "false");
		yaml_field(f, "feedback", feedback ? feedback : "");
		fputs("  ...\n", f);
		free(feedback);
	}
	return !ferror(f);
}
