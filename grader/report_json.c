/* report_json.c - the machine-readable report (tests/schemas/ipcgrade.json),
 * written with jansson: it escapes every string, so a student's output
 * cannot forge a field. */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <jansson.h>

static json_t *leak_json(const struct ig_leak *l)
{
	return json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s?}", "kind", l->kind, "id", l->id,
			 "key", l->key[0] ? l->key : NULL, "detail", l->detail,
			 "remove", l->remove, "created_at", l->created_at[0] ? l->created_at : NULL);
}

static json_t *test_json(const struct ig_test *t)
{
	json_t *leaks = json_array();

	for (size_t k = 0; k < t->nleaks; k++)
		json_array_append_new(leaks, leak_json(&t->leaks[k]));
	return json_pack("{s:s, s:s, s:s, s:i, s:i, s:b, s:s, s:s?, s:i, s:o}",
			 "name", t->name, "description", t->description,
			 "status", ig_status_name(t->status), "score", t->score,
			 "max_score", t->points, "hidden", t->hidden, "message", t->message,
			 "hint", ig_hint_applies(t) ? t->hint : NULL,
			 "duration_ms", (int)t->duration_ms, "leaks", leaks);
}

bool ig_report_json(const struct ig_report *r, FILE *f, const struct ig_view *v)
{
	json_t *tests = json_array(), *root;
	int rc;

	(void)v; /* machines get everything: hidden tests are marked, not dropped */
	for (size_t i = 0; i < r->ntests; i++)
		json_array_append_new(tests, test_json(&r->tests[i]));
	root = json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:i, s:i, s:o}", "lab", r->lab,
			 "submission", r->submission, "isolation", r->isolation,
			 "seed", r->seeded ? json_integer((json_int_t)r->seed) : json_null(),
			 "built", r->built, "build_log", r->build_log, "score", r->score,
			 "max_score", r->max_score, "tests", tests);
	if (!root)
		return false;
	rc = json_dumpf(root, f, JSON_INDENT(2));
	json_decref(root);
	return rc == 0 && fputc('\n', f) != EOF;
}
