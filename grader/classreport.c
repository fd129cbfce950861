/*
 * classreport.c - OUT/index.html, the class at a glance: a score histogram
 * and the pass rate of every test as inline SVG, the most common failures
 * and leaks, the similar pairs side by side, and a row per student linking
 * to the student's reports. One static file, no script, no network.
 *
 * Written with libxml2's xmlTextWriter, which escapes every text and
 * attribute: a student's output or file name cannot inject markup.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <libxml/uri.h>
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { BINS = 11, TOP = 10, TOP_PAIRS = 25, EXCERPT_LINES = 40, BAR_W = 40, CHART_H = 160, ROW_H = 18, LABEL_W = 380 };

/* The writer and whether every call so far succeeded. */
struct html {
	xmlTextWriterPtr w;
	bool ok;
};

static void check(struct html *h, int rc)
{
	h->ok &= rc >= 0;
}

/* Student output may hold any bytes: what is not UTF-8 becomes '?'. */
static char *utf8(const char *text)
{
	char *copy = strdup(text ? text : "");

	if (copy && !xmlCheckUTF8((const xmlChar *)copy))
		for (char *c = copy; *c; c++)
			if ((unsigned char)*c >= 0x80)
				*c = '?';
	return copy;
}

static void open_el(struct html *h, const char *name)
{
	check(h, xmlTextWriterStartElement(h->w, (const xmlChar *)name));
}

static void close_el(struct html *h)
{
	check(h, xmlTextWriterFullEndElement(h->w));
}

static void attr(struct html *h, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *value = NULL, *clean;

	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) == -1)
		value = NULL;
	va_end(ap);
	clean = utf8(value);
	check(h, clean ? xmlTextWriterWriteAttribute(h->w, (const xmlChar *)name,
						     (const xmlChar *)clean) : -1);
	free(clean);
	free(value);
}

static void text(struct html *h, const char *fmt, ...)
{
	va_list ap;
	char *value = NULL, *clean;

	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) == -1)
		value = NULL;
	va_end(ap);
	clean = utf8(value);
	check(h, clean ? xmlTextWriterWriteString(h->w, (const xmlChar *)clean) : -1);
	free(clean);
	free(value);
}

/* <NAME>TEXT</NAME> */
static void el(struct html *h, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *value = NULL;

	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) == -1)
		value = NULL;
	va_end(ap);
	open_el(h, name);
	text(h, "%s", value ? value : "");
	close_el(h);
	free(value);
}

/* A link to students/NAME.EXT, the name escaped for a URL. */
static void report_link(struct html *h, const char *student, const char *ext)
{
	xmlChar *escaped = xmlURIEscapeStr((const xmlChar *)student, (const xmlChar *)"");

	open_el(h, "a");
	attr(h, "href", "students/%s.%s", escaped ? (const char *)escaped : "", ext);
	text(h, "%s", ext);
	close_el(h);
	xmlFree(escaped);
}

static bool graded(const struct ig_student *s)
{
	return s->row != IG_ROW_ERROR;
}

static void svg_open(struct html *h, int width, int height, const char *title)
{
	open_el(h, "svg");
	attr(h, "xmlns", "http://www.w3.org/2000/svg");
	attr(h, "width", "%d", width);
	attr(h, "height", "%d", height);
	attr(h, "role", "img");
	el(h, "title", "%s", title);
}

static void svg_rect(struct html *h, int x, int y, int w, int height, const char *cls)
{
	open_el(h, "rect");
	attr(h, "x", "%d", x);
	attr(h, "y", "%d", y);
	attr(h, "width", "%d", w);
	attr(h, "height", "%d", height);
	attr(h, "class", "%s", cls);
	close_el(h);
}

static void svg_text(struct html *h, int x, int y, const char *anchor, const char *label)
{
	open_el(h, "text");
	attr(h, "x", "%d", x);
	attr(h, "y", "%d", y);
	attr(h, "text-anchor", "%s", anchor);
	text(h, "%s", label);
	close_el(h);
}

/* Scores in tenths of the maximum; full marks get a bar of their own. */
static void histogram(struct html *h, const struct ig_batch *b)
{
	size_t count[BINS] = { 0 }, most = 1;
	int max = b->rubric.max_score > 0 ? b->rubric.max_score : 1;

	for (size_t i = 0; i < b->n; i++)
		if (graded(&b->students[i]))
			count[b->students[i].report.score * (BINS - 1) / max]++;
	for (int k = 0; k < BINS; k++)
		most = count[k] > most ? count[k] : most;
	svg_open(h, BINS * BAR_W + 20, CHART_H + 40, "Number of students by score");
	for (int k = 0; k < BINS; k++) {
		int height = (int)(count[k] * (CHART_H - 20) / most), x = 10 + k * BAR_W;
		char label[32];

		svg_rect(h, x + 4, CHART_H - height, BAR_W - 8, height, "bar");
		snprintf(label, sizeof label, "%zu", count[k]);
		svg_text(h, x + BAR_W / 2, CHART_H - height - 4, "middle", label);
		if (k == BINS - 1)
			snprintf(label, sizeof label, "%d", max);
		else
			snprintf(label, sizeof label, "%d-%d", k * max / (BINS - 1),
				 (k + 1) * max / (BINS - 1) - 1);
		svg_text(h, x + BAR_W / 2, CHART_H + 16, "middle", label);
	}
	svg_text(h, 10, CHART_H + 34, "start", "score");
	close_el(h);
}

/* Students who ran test T (graded rows), and how many passed it. */
static void test_counts(const struct ig_batch *b, size_t t, size_t *ran, size_t *passed)
{
	*ran = *passed = 0;
	for (size_t i = 0; i < b->n; i++) {
		const struct ig_report *r = &b->students[i].report;

		if (!graded(&b->students[i]) || t >= r->ntests ||
		    strcmp(r->tests[t].name, b->rubric.tests[t].name) != 0)
			continue;
		(*ran)++;
		*passed += r->tests[t].status == IG_PASS;
	}
}

static void pass_rates(struct html *h, const struct ig_batch *b)
{
	int width = LABEL_W + 260;

	svg_open(h, width, (int)b->rubric.ntests * ROW_H + 10, "Share of students passing each test");
	for (size_t t = 0; t < b->rubric.ntests; t++) {
		size_t ran, passed;
		int y = (int)t * ROW_H + 4, bar;
		char label[32];

		test_counts(b, t, &ran, &passed);
		bar = ran ? (int)(passed * 200 / ran) : 0;
		svg_text(h, LABEL_W - 6, y + ROW_H - 5, "end", b->rubric.tests[t].name);
		svg_rect(h, LABEL_W, y + 2, 200, ROW_H - 4, "track");
		svg_rect(h, LABEL_W, y + 2, bar, ROW_H - 4, "bar");
		snprintf(label, sizeof label, "%zu%%", ran ? passed * 100 / ran : 0);
		svg_text(h, LABEL_W + 206, y + ROW_H - 5, "start", label);
	}
	close_el(h);
}

/* How often each distinct thing happened, for the "most common" tables. */
struct tally {
	char test[96];
	char what[200];
	size_t count;
};

static void tally_add(struct tally **t, size_t *n, const char *test, const char *what)
{
	struct tally *grown;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*t)[i].test, test) == 0 && strcmp((*t)[i].what, what) == 0) {
			(*t)[i].count++;
			return;
		}
	if (!(grown = realloc(*t, (*n + 1) * sizeof **t)))
		return;
	*t = grown;
	grown[*n] = (struct tally){ .count = 1 };
	snprintf(grown[*n].test, sizeof grown[*n].test, "%s", test);
	snprintf(grown[*n].what, sizeof grown[*n].what, "%s", what);
	(*n)++;
}

static int by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	return x->count != y->count ? (x->count < y->count) - (x->count > y->count) :
	       strcmp(x->test, y->test) ? strcmp(x->test, y->test) : strcmp(x->what, y->what);
}

static void table_head(struct html *h, const char *const *columns)
{
	open_el(h, "table");
	open_el(h, "tr");
	for (; *columns; columns++)
		el(h, "th", "%s", *columns);
	close_el(h);
}

/* The tests most students failed, each with one student's message as an
 * example (messages name keys and pids, so no two are quite the same). */
static void failures(struct html *h, const struct ig_batch *b)
{
	static const char *const columns[] = { "test", "students", "for example", NULL };
	struct tally *t = NULL;
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++)
		for (size_t k = 0; graded(&b->students[i]) && k < b->students[i].report.ntests; k++) {
			const struct ig_test *test = &b->students[i].report.tests[k];

			if (test->status != IG_PASS)
				tally_add(&t, &n, test->name, "");
		}
	if (n == 0) {
		el(h, "p", "No test failed.");
		return;
	}
	qsort(t, n, sizeof *t, by_count);
	table_head(h, columns);
	for (size_t i = 0; i < n && i < TOP; i++) {
		const struct ig_test *example = NULL;

		for (size_t s = 0; !example && s < b->n; s++)
			for (size_t k = 0; graded(&b->students[s]) && k < b->students[s].report.ntests; k++)
				if (strcmp(b->students[s].report.tests[k].name, t[i].test) == 0 &&
				    b->students[s].report.tests[k].status != IG_PASS)
					example = &b->students[s].report.tests[k];
		open_el(h, "tr");
		el(h, "td", "%s", t[i].test);
		el(h, "td", "%zu", t[i].count);
		el(h, "td", "%.*s", example ? (int)strcspn(example->message, "\n") : 0,
		   example ? example->message : "");
		close_el(h);
	}
	close_el(h);
	free(t);
}

/* Each kind of leak left by each test, in how many submissions. */
static void leaks(struct html *h, const struct ig_batch *b)
{
	static const char *const columns[] = { "test", "left behind", "students", NULL };
	struct tally *t = NULL;
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++)
		for (size_t k = 0; graded(&b->students[i]) && k < b->students[i].report.ntests; k++) {
			const struct ig_test *test = &b->students[i].report.tests[k];

			/* A student counts once per kind and test, however many objects. */
			for (size_t l = 0; l < test->nleaks; l++) {
				bool seen = false;

				for (size_t m = 0; m < l; m++)
					seen |= strcmp(test->leaks[m].kind, test->leaks[l].kind) == 0;
				if (!seen)
					tally_add(&t, &n, test->name, test->leaks[l].kind);
			}
		}
	if (n == 0) {
		el(h, "p", "No submission left anything behind.");
		return;
	}
	qsort(t, n, sizeof *t, by_count);
	table_head(h, columns);
	for (size_t i = 0; i < n && i < TOP; i++) {
		open_el(h, "tr");
		el(h, "td", "%s", t[i].test);
		el(h, "td", "%s", t[i].what);
		el(h, "td", "%zu", t[i].count);
		close_el(h);
	}
	close_el(h);
	free(t);
}

/* Lines FIRST..LAST of a source (at most EXCERPT_LINES of them), as one
 * <pre> with its file name above. */
static void excerpt(struct html *h, const struct ig_source *src, size_t first, size_t last)
{
	const char *line = src->data;
	size_t shown = last - first + 1 < EXCERPT_LINES ? last - first + 1 : EXCERPT_LINES;
	size_t len = 0;
	char *part;

	for (size_t k = 1; k < first && line; k++)
		line = (line = strchr(line, '\n')) ? line + 1 : NULL;
	for (size_t k = 0; line && line[len] && k < shown; k++)
		len += strcspn(line + len, "\n") + (line[len + strcspn(line + len, "\n")] == '\n');
	el(h, "div", "%s, lines %zu-%zu%s", src->name, first, last,
	   shown < last - first + 1 ? " (the first lines)" : "");
	part = strndup(line ? line : "", len);
	el(h, "pre", "%s", part ? part : "");
	free(part);
}

/* A table of the flagged pairs, then each pair's regions side by side. */
static void similar_pairs(struct html *h, const struct ig_batch *b)
{
	static const char *const columns[] = { "students", "similarity", "shared fingerprints",
					       NULL };
	size_t shown = b->npairs < TOP_PAIRS ? b->npairs : TOP_PAIRS;

	if (b->npairs == 0) {
		el(h, "p", "No pair of submissions shares %.0f%% or more of its code "
		   "(the template's code not counted).", b->threshold * 100);
		return;
	}
	el(h, "p", "Pairs sharing %.0f%% or more of their fingerprints (winnowing over the C "
	   "tokens, identifiers and layout ignored, the template's code not counted). "
	   "A flag is a reason to look, not a verdict.", b->threshold * 100);
	table_head(h, columns);
	for (size_t p = 0; p < shown; p++) {
		const struct ig_pair *pair = &b->pairs[p];

		open_el(h, "tr");
		attr(h, "class", "flagged");
		open_el(h, "td");
		open_el(h, "a");
		attr(h, "href", "#pair%zu", p + 1);
		text(h, "%s and %s", b->students[pair->a].name, b->students[pair->b].name);
		close_el(h);
		close_el(h);
		el(h, "td", "%.0f%%", pair->similarity * 100);
		el(h, "td", "%zu", pair->shared);
		close_el(h);
	}
	close_el(h);
	if (b->npairs > TOP_PAIRS)
		el(h, "p", "%zu more pairs, less similar, are in similarity.json.",
		   b->npairs - TOP_PAIRS);
	for (size_t p = 0; p < shown; p++) {
		const struct ig_pair *pair = &b->pairs[p];
		const struct ig_student *s[2] = { &b->students[pair->a], &b->students[pair->b] };

		open_el(h, "details");
		attr(h, "id", "pair%zu", p + 1);
		el(h, "summary", "%s and %s: %zu matching region%s", s[0]->name, s[1]->name,
		   pair->nregions, pair->nregions == 1 ? "" : "s");
		for (size_t r = 0; r < pair->nregions; r++) {
			const struct ig_region *reg = &pair->regions[r];

			open_el(h, "div");
			attr(h, "class", "sidebyside");
			for (int side = 0; side < 2; side++) {
				open_el(h, "div");
				el(h, "b", "%s", s[side]->name);
				excerpt(h, &s[side]->sources.files[reg->file[side]], reg->first[side],
					reg->last[side]);
				close_el(h);
			}
			close_el(h);
		}
		close_el(h);
	}
}

static void students(struct html *h, const struct ig_batch *b)
{
	static const char *const columns[] = { "student", "status", "score", "leaks", "report",
					       "problem", NULL };

	table_head(h, columns);
	for (size_t i = 0; i < b->n; i++) {
		const struct ig_student *s = &b->students[i];

		open_el(h, "tr");
		attr(h, "class", "%s", ig_row_name(s->row));
		el(h, "td", "%s", s->name);
		el(h, "td", "%s", ig_row_name(s->row));
		if (graded(s)) {
			el(h, "td", "%d/%d", s->report.score, s->report.max_score);
			el(h, "td", "%zu", s->nleaks);
			open_el(h, "td");
			report_link(h, s->name, "txt");
			text(h, " ");
			report_link(h, s->name, "json");
			close_el(h);
		} else {
			el(h, "td", "-");
			el(h, "td", "-");
			el(h, "td", "-");
		}
		el(h, "td", "%s", s->row == IG_ROW_GRADED ? "" : s->row == IG_ROW_BUILD_FAILED ?
		   "the build failed" : s->error);
		close_el(h);
	}
	close_el(h);
}

static int by_score(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void summary(struct html *h, const struct ig_batch *b)
{
	int *scores = calloc(b->n + 1, sizeof *scores);
	size_t n = 0, errors = 0;
	long sum = 0;

	for (size_t i = 0; i < b->n; i++)
		if (graded(&b->students[i]) && scores)
			sum += scores[n++] = b->students[i].report.score;
		else
			errors++;
	if (n) {
		qsort(scores, n, sizeof *scores, by_score);
		el(h, "p", "%zu submissions: %zu graded, %zu could not be graded. Mean score %.1f, "
		   "median %d, out of %d.", b->n, n, errors, (double)sum / (double)n, scores[n / 2],
		   b->rubric.max_score);
	} else {
		el(h, "p", "%zu submissions, none could be graded.", b->n);
	}
	free(scores);
}

static const char style[] =
	"body{font-family:sans-serif;margin:2em;max-width:70em}"
	"table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
	"vertical-align:top;text-align:left}"
	"rect.bar{fill:#3a7bd5}rect.track{fill:#eee}text{font-size:12px;font-family:monospace}"
	"tr.error td,tr.build_failed td{background:#fde}tr.incomplete td{background:#ffd}"
	"tr.flagged td{background:#fff3e0}"
	".sidebyside{display:flex;gap:1em}.sidebyside div{flex:1;min-width:0}"
	"pre{background:#f6f6f6;padding:4px;overflow-x:auto;font-size:12px}";

static bool write_html(const void *arg, FILE *f)
{
	const struct ig_batch *b = arg;
	xmlOutputBufferPtr out = xmlOutputBufferCreateFile(f, NULL);
	struct html h = { out ? xmlNewTextWriter(out) : NULL, true };

	if (!h.w) {
		xmlOutputBufferClose(out);
		return false;
	}
	check(&h, xmlTextWriterWriteRaw(h.w, (const xmlChar *)"<!DOCTYPE html>\n"));
	open_el(&h, "html");
	attr(&h, "lang", "en");
	open_el(&h, "head");
	open_el(&h, "meta");
	attr(&h, "charset", "utf-8");
	check(&h, xmlTextWriterEndElement(h.w)); /* a void element: no end tag */
	el(&h, "title", "ipcgrade: lab %s, class report", b->lab);
	el(&h, "style", "%s", style);
	close_el(&h);
	open_el(&h, "body");
	el(&h, "h1", "Lab %s: class report", b->lab);
	summary(&h, b);
	el(&h, "h2", "Scores");
	histogram(&h, b);
	el(&h, "h2", "Pass rate per test");
	pass_rates(&h, b);
	el(&h, "h2", "Most common failures");
	failures(&h, b);
	el(&h, "h2", "Most common leaks");
	leaks(&h, b);
	el(&h, "h2", "Similar submissions");
	similar_pairs(&h, b);
	el(&h, "h2", "Students");
	students(&h, b);
	close_el(&h);
	close_el(&h);
	check(&h, xmlTextWriterEndDocument(h.w));
	xmlFreeTextWriter(h.w);
	return h.ok;
}

bool ig_classreport_write(const struct ig_batch *b)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/index.html", b->out);
	return ig_write_atomic(path, write_html, b);
}
