/* report_gradescope.c - Gradescope's results.json: one entry per test with
 * its points, hidden tests visible only once the instructor publishes. */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *test_json(const struct ig_test *t, size_t number)
{
	char *feedback = ig_test_feedback(t), num[24];
	char suite[sizeof t->name];
	json_t *j;

	snprintf(num, sizeof num, "%zu", number);
	snprintf(suite, sizeof suite, "%.*s", (int)strcspn(t->name, ":"), t->name);
	j = json_pack("{s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:[s], s:s}",
		      "score", t->score, "max_score", t->points,
		      "status", t->status == IG_PASS ? "passed" : "failed",
		      "name", t->name, "number", num, "output", feedback ? feedback : "",
		      "output_format", "text", "tags", suite,
		      "visibility", t->hidden ? "after_published" : "visible");
	free(feedback);
	return j;
}

bool ig_report_gradescope(const struct ig_report *r, FILE *f, const struct ig_view *v)
{
	json_t *tests = json_array(), *root;
	char output[sizeof r->build_log + 512];
	long ms = 0;
	int rc;

	(void)v;
	for (size_t i = 0; i < r->ntests; i++) {
		json_array_append_new(tests, test_json(&r->tests[i], i + 1));
		ms += r->tests[i].duration_ms;
	}
	snprintf(output, sizeof output, "ipcgrade, lab %s. Isolation: %s.%s%s", r->lab,
		 r->isolation, r->built ? "" : "\nThe build failed:\n", r->built ? "" : r->build_log);
	root = json_pack("{s:i, s:i, s:f, s:s, s:s, s:s, s:s, s:o}", "score", r->score,
			 "max_score", r->max_score, "execution_time", ms / 1000.0,
			 "output", output, "output_format", "text", "visibility", "visible",
			 "stdout_visibility", "hidden", "tests", tests);
	if (!root)
		return false;
	rc = json_dumpf(root, f, JSON_INDENT(2));
	json_decref(root);
	return rc == 0 && fputc('\n', f) != EOF;
}
