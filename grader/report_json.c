/* report_json.c - the machine-readable report, written with jansson (it
 * escapes every string, so a student's output cannot forge a field) and
 * renamed into place so that no reader ever sees half of it. */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static json_t *leak_json(const struct ig_leak *l)
{
	return json_pack("{s:s, s:s, s:s?, s:s, s:s, s:n}", "kind", l->kind, "id", l->id,
			 "key", l->key[0] ? l->key : NULL, "detail", l->detail,
			 "remove", l->remove, "created_at");
}

static json_t *test_json(const struct ig_test *t)
{
	json_t *leaks = json_array();
	bool hint = t->status == IG_FAIL && strncmp(t->message, "cannot check: ", 14) != 0;

	for (size_t k = 0; k < t->nleaks; k++)
		json_array_append_new(leaks, leak_json(&t->leaks[k]));
	return json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s?, s:i, s:o}",
			 "name", t->name, "description", t->description,
			 "status", ig_status_name(t->status), "score", t->score,
			 "max_score", t->points, "message", t->message,
			 "hint", hint && t->hint[0] ? t->hint : NULL,
			 "duration_ms", (int)t->duration_ms, "leaks", leaks);
}

bool ig_report_json(const struct ig_report *r, const char *path)
{
	json_t *tests = json_array(), *root;
	char tmp[PATH_MAX + 16];
	int rc;

	for (size_t i = 0; i < r->ntests; i++)
		json_array_append_new(tests, test_json(&r->tests[i]));
	root = json_pack("{s:s, s:s, s:s, s:b, s:s, s:i, s:i, s:o}", "lab", r->lab,
			 "submission", r->submission, "isolation", r->isolation,
			 "built", r->built, "build_log", r->build_log, "score", r->score,
			 "max_score", r->max_score, "tests", tests);
	if (!root)
		return false;
	if (strcmp(path, "-") == 0) {
		rc = json_dumpf(root, stdout, JSON_INDENT(2));
		putchar('\n');
	} else {
		snprintf(tmp, sizeof tmp, "%s.tmp", path);
		rc = json_dump_file(root, tmp, JSON_INDENT(2));
		if (rc == 0 && rename(tmp, path) == -1)
			rc = -1;
		if (rc != 0)
			unlink(tmp);
	}
	json_decref(root);
	return rc == 0;
}
