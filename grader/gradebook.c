/*
 * gradebook.c - the class in one table: a student's reports read back, and
 * OUT/gradebook.csv (RFC 4180) and OUT/gradebook.json (jansson), one row a
 * student with status, score, leaks and the points of every test.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const row_names[] = {
	[IG_ROW_GRADED] = "graded", [IG_ROW_BUILD_FAILED] = "build_failed",
	[IG_ROW_INCOMPLETE] = "incomplete", [IG_ROW_ERROR] = "error",
};

static enum ig_status status_of(const char *name)
{
	for (enum ig_status s = IG_PASS; s <= IG_NOT_RUN; s++)
		if (strcmp(ig_status_name(s), name) == 0)
			return s;
	return IG_ERROR;
}

static void copy(char *to, size_t size, json_t *value)
{
	snprintf(to, size, "%s", json_is_string(value) ? json_string_value(value) : "");
}

static bool read_leaks(json_t *leaks, struct ig_test *t)
{
	size_t k;
	json_t *l;

	t->nleaks = json_array_size(leaks);
	if (t->nleaks && !(t->leaks = calloc(t->nleaks, sizeof *t->leaks)))
		return false;
	json_array_foreach(leaks, k, l) {
		copy(t->leaks[k].kind, sizeof t->leaks[k].kind, json_object_get(l, "kind"));
		copy(t->leaks[k].id, sizeof t->leaks[k].id, json_object_get(l, "id"));
		copy(t->leaks[k].key, sizeof t->leaks[k].key, json_object_get(l, "key"));
		copy(t->leaks[k].detail, sizeof t->leaks[k].detail, json_object_get(l, "detail"));
		copy(t->leaks[k].remove, sizeof t->leaks[k].remove, json_object_get(l, "remove"));
		copy(t->leaks[k].created_at, sizeof t->leaks[k].created_at,
		     json_object_get(l, "created_at"));
	}
	return true;
}

bool ig_report_read(const char *path, struct ig_report *r)
{
	json_t *root = json_load_file(path, 0, NULL), *tests, *t;
	int built = 0;
	size_t i;
	bool ok;

	*r = (struct ig_report){ 0 };
	tests = json_object_get(root, "tests");
	ok = root && json_is_array(tests) &&
	     json_unpack(root, "{s:i, s:i, s:b}", "score", &r->score, "max_score", &r->max_score,
			 "built", &built) == 0 &&
	     (r->ntests = json_array_size(tests)) > 0 &&
	     (r->tests = calloc(r->ntests, sizeof *r->tests)) != NULL;
	r->built = built;
	copy(r->lab, sizeof r->lab, json_object_get(root, "lab"));
	copy(r->submission, sizeof r->submission, json_object_get(root, "submission"));
	copy(r->build_log, sizeof r->build_log, json_object_get(root, "build_log"));
	json_array_foreach(tests, i, t) {
		struct ig_test *test = &r->tests[i];

		if (!ok)
			break;
		copy(test->name, sizeof test->name, json_object_get(t, "name"));
		copy(test->message, sizeof test->message, json_object_get(t, "message"));
		copy(test->hint, sizeof test->hint, json_object_get(t, "hint"));
		test->status = status_of(json_string_value(json_object_get(t, "status")) ?
					 json_string_value(json_object_get(t, "status")) : "");
		test->score = (int)json_integer_value(json_object_get(t, "score"));
		test->points = (int)json_integer_value(json_object_get(t, "max_score"));
		test->hidden = json_is_true(json_object_get(t, "hidden"));
		ok = read_leaks(json_object_get(t, "leaks"), test);
	}
	json_decref(root);
	if (!ok)
		ig_report_free(r);
	return ok;
}

/* The points of T in S's report, or NULL when it has no such test. */
static const struct ig_test *find_test(const struct ig_student *s, const char *name)
{
	for (size_t i = 0; i < s->report.ntests; i++)
		if (strcmp(s->report.tests[i].name, name) == 0)
			return &s->report.tests[i];
	return NULL;
}

/* One CSV field: quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *f, const char *text, bool last)
{
	if (strpbrk(text, ",\"\r\n")) {
		fputc('"', f);
		for (const char *c = text; *c; c++)
			fputs(*c == '"' ? "\"\"" : (char[]){ *c, '\0' }, f);
		fputc('"', f);
	} else {
		fputs(text, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static bool write_csv(const void *arg, FILE *f)
{
	const struct ig_batch *b = arg;

	fputs("student,status,score,max_score,leaks,", f);
	for (size_t t = 0; t < b->rubric.ntests; t++)
		csv_field(f, b->rubric.tests[t].name, false);
	csv_field(f, "error", true);
	for (size_t i = 0; i < b->n; i++) {
		const struct ig_student *s = &b->students[i];
		bool graded = s->row != IG_ROW_ERROR;
		char number[32];

		csv_field(f, s->name, false);
		csv_field(f, row_names[s->row], false);
		snprintf(number, sizeof number, "%d", s->report.score);
		csv_field(f, graded ? number : "", false);
		snprintf(number, sizeof number, "%d", b->rubric.max_score);
		csv_field(f, number, false);
		snprintf(number, sizeof number, "%zu", s->nleaks);
		csv_field(f, graded ? number : "", false);
		for (size_t t = 0; t < b->rubric.ntests; t++) {
			const struct ig_test *test = find_test(s, b->rubric.tests[t].name);

			snprintf(number, sizeof number, "%d", test ? test->score : 0);
			csv_field(f, test ? number : "", false);
		}
		csv_field(f, s->row == IG_ROW_GRADED ? "" : s->row == IG_ROW_BUILD_FAILED ?
			  "the build failed" : s->error, true);
	}
	return !ferror(f);
}

static json_t *row_json(const struct ig_batch *b, const struct ig_student *s)
{
	json_t *points = json_object();
	char report[PATH_MAX];
	bool graded = s->row != IG_ROW_ERROR;

	for (size_t t = 0; graded && t < b->rubric.ntests; t++) {
		const struct ig_test *test = find_test(s, b->rubric.tests[t].name);

		json_object_set_new(points, b->rubric.tests[t].name,
				    test ? json_integer(test->score) : json_null());
	}
	snprintf(report, sizeof report, "students/%s.json", s->name);
	return json_pack("{s:s, s:s, s:o, s:i, s:o, s:o, s:s?, s:s?, s:b}", "student", s->name,
			 "status", row_names[s->row],
			 "score", graded ? json_integer(s->report.score) : json_null(),
			 "max_score", b->rubric.max_score,
			 "leaks", graded ? json_integer((json_int_t)s->nleaks) : json_null(),
			 "tests", points,
			 "error", s->row == IG_ROW_ERROR || s->row == IG_ROW_INCOMPLETE ? s->error :
				  s->row == IG_ROW_BUILD_FAILED ? "the build failed" : NULL,
			 "report", graded ? report : NULL, "kept", s->kept);
}

static bool write_json(const void *arg, FILE *f)
{
	const struct ig_batch *b = arg;
	json_t *rows = json_array(), *tests = json_array(), *root;
	int rc;

	for (size_t t = 0; t < b->rubric.ntests; t++)
		json_array_append_new(tests, json_pack("{s:s, s:i}", "name", b->rubric.tests[t].name,
						       "points", b->rubric.tests[t].points));
	for (size_t i = 0; i < b->n; i++)
		json_array_append_new(rows, row_json(b, &b->students[i]));
	root = json_pack("{s:s, s:i, s:o, s:o}", "lab", b->lab, "max_score", b->rubric.max_score,
			 "tests", tests, "students", rows);
	if (!root)
		return false;
	rc = json_dumpf(root, f, JSON_INDENT(2));
	json_decref(root);
	return rc == 0 && fputc('\n', f) != EOF;
}

bool ig_gradebook_write(const struct ig_batch *b)
{
	char csv[PATH_MAX], json[PATH_MAX];

	snprintf(csv, sizeof csv, "%s/gradebook.csv", b->out);
	snprintf(json, sizeof json, "%s/gradebook.json", b->out);
	return ig_write_atomic(csv, write_csv, b) && ig_write_atomic(json, write_json, b);
}

const char *ig_row_name(enum ig_row row)
{
	return row_names[row];
}
