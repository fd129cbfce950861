/*
 * report.c - what every report format shares: the table of formats, the
 * atomic write, and the few sentences a student reads about one test.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *name;
	ig_writer *writer;
} formats[] = {
	{ "text", ig_report_text },         { "json", ig_report_json },
	{ "junit", ig_report_junit },       { "tap", ig_report_tap },
	{ "gradescope", ig_report_gradescope }, { "github", ig_report_github },
	{ "autolab", ig_report_autolab },
};

const char ig_format_names[] = "text json junit tap gradescope github autolab";

ig_writer *ig_format(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (strcmp(formats[i].name, name) == 0)
			return formats[i].writer;
	return NULL;
}

bool ig_write_atomic(const char *path, bool (*write)(const void *arg, FILE *f),
		     const void *arg)
{
	char tmp[PATH_MAX + 16];
	FILE *f;
	bool ok;
	int fd;

	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1)
		return false;
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		unlink(tmp);
		return false;
	}
	ok = write(arg, f);
	ok = fclose(f) == 0 && ok;
	/* mkstemp made it 0600; a report is meant to be read. */
	ok = ok && chmod(tmp, 0644) == 0 && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	return ok;
}

struct report_job {
	ig_writer *writer;
	const struct ig_report *r;
	const struct ig_view *v;
};

static bool write_report(const void *arg, FILE *f)
{
	const struct report_job *job = arg;

	return job->writer(job->r, f, job->v);
}

bool ig_report_write(ig_writer *writer, const struct ig_report *r, const char *path,
		     const struct ig_view *v)
{
	const struct report_job job = { writer, r, v };

	if (strcmp(path, "-") == 0)
		return writer(r, stdout, v) && fflush(stdout) == 0;
	return ig_write_atomic(path, write_report, &job);
}

const char *ig_status_name(enum ig_status s)
{
	static const char *const names[] = {
		[IG_PASS] = "pass", [IG_FAIL] = "fail", [IG_TIMEOUT] = "timeout",
		[IG_CRASH] = "crash", [IG_ERROR] = "error", [IG_NOT_RUN] = "not run",
	};
	return names[s];
}

bool ig_test_selected(const struct ig_report *r, const struct ig_test *t)
{
	/* A build that failed leaves every test not run, and all count. */
	return t->status != IG_NOT_RUN || !r->built;
}

bool ig_hint_applies(const struct ig_test *t)
{
	return t->status == IG_FAIL && t->hint[0] &&
	       strncmp(t->message, "cannot check: ", 14) != 0;
}

void ig_leak_line(FILE *f, const struct ig_leak *l)
{
	fprintf(f, "%s %s%s%s: %s", l->kind, l->id, l->key[0] ? " key " : "", l->key, l->detail);
	if (l->created_at[0])
		fprintf(f, ", created at %s", l->created_at);
	fprintf(f, " (remove: %s)\n", l->remove);
}

char *ig_test_feedback(const struct ig_test *t)
{
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return strdup("");
	if (t->status != IG_PASS)
		fprintf(f, "%s\n", t->message);
	if (ig_hint_applies(t))
		fprintf(f, "hint: %s\n", t->hint);
	for (size_t k = 0; k < t->nleaks; k++) {
		fputs("leak: ", f);
		ig_leak_line(f, &t->leaks[k]);
	}
	fclose(f);
	return text;
}

char *ig_base64(const unsigned char *data, size_t n)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		/* Three bytes make four digits; '=' pads a short last group. */
		unsigned long group = (unsigned long)data[i] << 16 |
				      (i + 1 < n ? (unsigned long)data[i + 1] << 8 : 0) |
				      (i + 2 < n ? data[i + 2] : 0);

		*o++ = digits[group >> 18 & 63];
		*o++ = digits[group >> 12 & 63];
		*o++ = i + 1 < n ? digits[group >> 6 & 63] : '=';
		*o++ = i + 2 < n ? digits[group & 63] : '=';
	}
	*o = '\0';
	return out;
}
