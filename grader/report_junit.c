/* report_junit.c - JUnit XML, read by GitLab, Jenkins and most CI systems.
 * libxml2's writer does the escaping: a student's message is only text. */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void attr(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void attr(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
{
	char value[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST value);
}

static void property(xmlTextWriterPtr w, const char *name, const char *value)
{
	xmlTextWriterStartElement(w, BAD_CAST "property");
	attr(w, "name", "%s", name);
	attr(w, "value", "%s", value);
	xmlTextWriterEndElement(w);
}

static void testcase(xmlTextWriterPtr w, const char *lab, const struct ig_test *t)
{
	const char *outcome = t->status == IG_ERROR ? "error" :
			      t->status == IG_NOT_RUN ? "skipped" :
			      t->status != IG_PASS ? "failure" : NULL;
	char *feedback = ig_test_feedback(t);

	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	attr(w, "name", "%s", t->name);
	attr(w, "classname", "%s.%.*s", lab, (int)strcspn(t->name, ":"), t->name);
	attr(w, "time", "%.3f", t->duration_ms / 1000.0);
	if (outcome) {
		xmlTextWriterStartElement(w, BAD_CAST outcome);
		attr(w, "message", "%.1000s", t->message);
		attr(w, "type", "%s", ig_status_name(t->status));
		xmlTextWriterWriteString(w, BAD_CAST(feedback ? feedback : ""));
		xmlTextWriterEndElement(w);
	} else if (t->nleaks && feedback) {
		xmlTextWriterWriteElement(w, BAD_CAST "system-out", BAD_CAST feedback);
	}
	xmlTextWriterEndElement(w);
	free(feedback);
}

bool ig_report_junit(const struct ig_report *r, FILE *f, const struct ig_view *v)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	unsigned failures = 0, errors = 0, skipped = 0;
	char score[32];
	long ms = 0;
	bool ok;

	(void)v;
	if (!w) {
		xmlBufferFree(buf);
		return false;
	}
	for (size_t i = 0; i < r->ntests; i++) {
		enum ig_status s = r->tests[i].status;

		errors += s == IG_ERROR;
		skipped += s == IG_NOT_RUN;
		failures += s != IG_PASS && s != IG_ERROR && s != IG_NOT_RUN;
		ms += r->tests[i].duration_ms;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	attr(w, "name", "ipcgrade %s", r->lab);
	attr(w, "tests", "%zu", r->ntests);
	attr(w, "failures", "%u", failures);
	attr(w, "errors", "%u", errors);
	attr(w, "time", "%.3f", ms / 1000.0);
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	attr(w, "name", "%s", r->lab);
	attr(w, "tests", "%zu", r->ntests);
	attr(w, "failures", "%u", failures);
	attr(w, "errors", "%u", errors);
	attr(w, "skipped", "%u", skipped);
	attr(w, "time", "%.3f", ms / 1000.0);
	xmlTextWriterStartElement(w, BAD_CAST "properties");
	property(w, "submission", r->submission);
	property(w, "isolation", r->isolation);
	property(w, "built", r->built ? "true" : "false");
	snprintf(score, sizeof score, "%d/%d", r->score, r->max_score);
	property(w, "score", score);
	xmlTextWriterEndElement(w);
	for (size_t i = 0; i < r->ntests; i++)
		testcase(w, r->lab, &r->tests[i]);
	if (!r->built)
		xmlTextWriterWriteElement(w, BAD_CAST "system-err", BAD_CAST r->build_log);
	xmlTextWriterEndDocument(w); /* closes every open element */
	xmlFreeTextWriter(w);
	ok = fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), f) ==
	     (size_t)xmlBufferLength(buf);
	xmlBufferFree(buf);
	return ok;
}
