/* report_github.c - what GitHub shows: "::error" annotations (the output of
 * this format), a Markdown table appended to $GITHUB_STEP_SUMMARY, and the
 * Classroom grading reporter's base64 result appended to $GITHUB_OUTPUT as
 * "result=...", one point entry per test. */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Workflow commands end at a newline; properties also at ':' and ','. */
static void escaped(FILE *f, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%' || *s == '\r' || *s == '\n' || (property && (*s == ':' || *s == ',')))
			fprintf(f, "%%%02X", (unsigned char)*s);
		else
			fputc(*s, f);
	}
}

static void annotation(FILE *f, const char *file, long line, const char *title, const char *msg)
{
	fputs("::error ", f);
	if (file) {
		fputs("file=", f);
		escaped(f, file, true);
		fprintf(f, ",line=%ld,", line);
	}
	fputs("title=", f);
	escaped(f, title, true);
	fputs("::", f);
	escaped(f, msg, false);
	fputc('\n', f);
}

/* "file.c:12:5: error: ..." lines of the compiler become annotations. */
static void build_annotations(FILE *f, const char *log)
{
	char *copy = strdup(log), *save = NULL;

	for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char file[256];
		long lineno;
		int used = 0;

		if (sscanf(line, "%255[^:]:%ld:%*d: error: %n", file, &lineno, &used) == 2 && used)
			annotation(f, file, lineno, "compile error", line + used);
	}
	free(copy);
}

static void leak_annotation(FILE *f, const struct ig_test *t, const struct ig_leak *l)
{
	char file[128], msg[1024];
	long line = 0;

	snprintf(msg, sizeof msg, "%s %.200s left after %s: %.160s (remove: %.120s)", l->kind, l->id,
		 t->name, l->detail, l->remove);
	if (sscanf(l->created_at, "%127[^:]:%ld", file, &line) == 2)
		annotation(f, file, line, "IPC object leaked", msg);
	else
		annotation(f, NULL, 0, "IPC object leaked", msg);
}

/* Markdown table cells: one line, no '|'. */
static void cell(FILE *f, const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s == '\n' ? ' ' : *s, f);
}

static void summary(FILE *f, const struct ig_report *r)
{
	unsigned hidden = 0;

	fprintf(f, "### ipcgrade: lab %s, %d/%d points\n\n", r->lab, r->score, r->max_score);
	if (!r->built)
		fprintf(f, "The build failed: see the compile errors annotated above.\n\n");
	fprintf(f, "| | Test | Points | What happened |\n|---|---|---|---|\n");
	for (size_t i = 0; i < r->ntests; i++) {
		const struct ig_test *t = &r->tests[i];

		if (t->hidden) {
			hidden++;
			continue;
		}
		fprintf(f, "| %s | `%s` | %d/%d | ", t->status == IG_PASS ? ":white_check_mark:" : ":x:",
			t->name, t->score, t->points);
		if (t->status != IG_PASS)
			cell(f, t->message);
		if (ig_hint_applies(t)) {
			fputs(" Hint: ", f);
			cell(f, t->hint);
		}
		if (t->nleaks)
			fprintf(f, " (%zu leak%s)", t->nleaks, t->nleaks == 1 ? "" : "s");
		fputs(" |\n", f);
	}
	if (hidden)
		fprintf(f, "\n%u hidden tests are counted in the score; their results are withheld.\n", hidden);
}

/* The grading reporter sums each test's score out of max_score. */
static char *classroom_result(const struct ig_report *r)
{
	json_t *tests = json_array(), *root;
	bool errors = false;
	char *text, *encoded;

	for (size_t i = 0; i < r->ntests; i++) {
		const struct ig_test *t = &r->tests[i];
		char name[sizeof t->name + 16], code[sizeof t->name + 96], secs[32];

		errors |= t->status == IG_ERROR;
		if (t->hidden)
			snprintf(name, sizeof name, "hidden test %zu", i + 1);
		else
			snprintf(name, sizeof name, "%s", t->name);
		snprintf(code, sizeof code, "ipcgrade grade --lab %s --test %s .", r->lab,
			 t->hidden ? "(hidden)" : t->name);
		snprintf(secs, sizeof secs, "%.3fs", t->duration_ms / 1000.0);
		json_array_append_new(tests,
			json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:s, s:i}", "name", name,
				  "status", t->status == IG_PASS ? "pass" : t->status == IG_ERROR ? "error" : "fail",
				  "score", t->score, "message", t->hidden ? "" : t->message,
				  "test_code", code, "filename", "", "line_no", 0,
				  "execution_time", secs, "duration", (int)t->duration_ms));
	}
	root = json_pack("{s:i, s:s, s:i, s:o}", "version", 1, "status",
			 errors ? "error" : r->score == r->max_score ? "pass" : "fail",
			 "max_score", r->max_score, "tests", tests);
	text = root ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	encoded = text ? ig_base64((const unsigned char *)text, strlen(text)) : NULL;
	free(text);
	return encoded;
}

static bool append_to(const char *variable, const struct ig_report *r,
		      void (*write)(FILE *, const struct ig_report *))
{
	const char *path = getenv(variable);
	FILE *f;

	if (!path || !*path)
		return true;
	if (!(f = fopen(path, "a")))
		return false;
	write(f, r);
	return fclose(f) == 0;
}

static void output_line(FILE *f, const struct ig_report *r)
{
	char *result = classroom_result(r);

	fprintf(f, "result=%s\n", result ? result : "");
	free(result);
}

bool ig_report_github(const struct ig_report *r, FILE *f, const struct ig_view *v)
{
	(void)v;
	if (!r->built)
		build_annotations(f, r->build_log);
	for (size_t i = 0; i < r->ntests; i++) {
		const struct ig_test *t = &r->tests[i];

		if (t->hidden)
			continue;
		if (t->status != IG_PASS && t->status != IG_NOT_RUN)
			annotation(f, NULL, 0, t->name, t->message);
		for (size_t k = 0; k < t->nleaks; k++)
			leak_annotation(f, t, &t->leaks[k]);
	}
	return append_to("GITHUB_STEP_SUMMARY", r, summary) &&
	       append_to("GITHUB_OUTPUT", r, output_line) && !ferror(f);
}
