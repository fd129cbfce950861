/*
 * lab.c - find the labs, and read a lab's rubric (points, timeout, hint and
 * flags per test) joined with the descriptions its spec binary gives.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *ig_root(void)
{
	static char root[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n;

	if (root[0])
		return root;
	if (getenv("IPCLAB_ROOT")) {
		snprintf(root, sizeof root, "%s", getenv("IPCLAB_ROOT"));
		return root;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	/* build/ipcgrade or build/asan/ipcgrade: the root holds labs/. */
	for (char *dir = dirname(exe); strcmp(dir, "/") != 0; dir = dirname(dir)) {
		char probe[PATH_MAX + 8];

		snprintf(probe, sizeof probe, "%s/labs", dir);
		if (access(probe, F_OK) == 0) {
			snprintf(root, sizeof root, "%s", dir);
			break;
		}
	}
	return root;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const char *const *ig_labs(void)
{
	static char *labs[32];
	static size_t n;
	char dir[PATH_MAX];
	DIR *d;
	struct dirent *e;

	if (n)
		return (const char *const *)labs;
	snprintf(dir, sizeof dir, "%s/labs", ig_root());
	if (!(d = opendir(dir)))
		return (const char *const *)labs;
	while ((e = readdir(d)) != NULL && n + 1 < sizeof labs / sizeof *labs) {
		char rubric[PATH_MAX + 300];

		snprintf(rubric, sizeof rubric, "%s/%s/rubric.tsv", dir, e->d_name);
		if (e->d_name[0] != '.' && access(rubric, R_OK) == 0)
			labs[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(labs, n, sizeof *labs, by_name);
	return (const char *const *)labs;
}

static struct ig_test *find_test(struct ig_report *r, const char *name)
{
	for (size_t i = 0; i < r->ntests; i++)
		if (strcmp(r->tests[i].name, name) == 0)
			return &r->tests[i];
	return NULL;
}

static bool read_rubric(const char *lab, struct ig_report *r)
{
	char path[PATH_MAX], line[1024];
	FILE *f;
	unsigned lineno = 0;

	snprintf(path, sizeof path, "%s/labs/%s/rubric.tsv", ig_root(), lab);
	if (!(f = fopen(path, "re"))) {
		fprintf(stderr, "ipcgrade: unknown lab '%s' (no %s)\n", lab, path);
		return false;
	}
	while (fgets(line, sizeof line, f)) {
		char *name = strtok(line, "\t\n"), *points = strtok(NULL, "\t\n");
		char *timeout = strtok(NULL, "\t\n"), *hint = strtok(NULL, "\t\n");
		char *flags = strtok(NULL, "\n");
		struct ig_test *t;

		lineno++;
		if (!name || name[0] == '#' || strcmp(name, "test") == 0)
			continue;
		if (!points || !timeout || atoi(points) < 0 || atoi(timeout) <= 0) {
			fprintf(stderr, "ipcgrade: %s:%u: expected test, points, timeout, hint\n",
				path, lineno);
			fclose(f);
			return false;
		}
		r->tests = realloc(r->tests, (r->ntests + 1) * sizeof *r->tests);
		t = &r->tests[r->ntests++];
		*t = (struct ig_test){ .points = atoi(points), .timeout_s = atoi(timeout),
				       .status = IG_NOT_RUN };
		snprintf(t->name, sizeof t->name, "%s", name);
		snprintf(t->hint, sizeof t->hint, "%s", hint ? hint : "");
		for (char *flag = flags ? strtok(flags, " ,") : NULL; flag; flag = strtok(NULL, " ,")) {
			if (strcmp(flag, "hidden") == 0) {
				t->hidden = true;
			} else if (strcmp(flag, "valgrind") == 0) {
				t->valgrind = true;
			} else {
				fprintf(stderr, "ipcgrade: %s:%u: unknown flag '%s' (known: hidden, valgrind)\n",
					path, lineno, flag);
				fclose(f);
				return false;
			}
		}
		r->max_score += t->points;
	}
	fclose(f);
	return true;
}

/* Every spec test must be in the rubric, and every rubric line a spec test. */
static bool read_descriptions(const char *lab, struct ig_report *r)
{
	char cmd[PATH_MAX + 64], line[1024];
	FILE *p;
	size_t described = 0;
	bool ok = true;

	/* A clean environment: a Criterion worker's variables would confuse it. */
	snprintf(cmd, sizeof cmd, "env -i '%s/build/spec/spec_%s' --describe", ig_root(), lab);
	if (!(p = popen(cmd, "re"))) {
		perror("ipcgrade: popen");
		return false;
	}
	while (fgets(line, sizeof line, p)) {
		char *name = strtok(line, "\t\n"), *desc = strtok(NULL, "\n");
		struct ig_test *t = name ? find_test(r, name) : NULL;

		if (!t) {
			fprintf(stderr, "ipcgrade: lab %s: spec test %s is not in rubric.tsv\n",
				lab, name ? name : "?");
			ok = false;
			continue;
		}
		snprintf(t->description, sizeof t->description, "%s", desc ? desc : "");
		described++;
	}
	if (pclose(p) != 0) {
		fprintf(stderr, "ipcgrade: lab %s: %s failed (run make first)\n", lab, cmd);
		return false;
	}
	if (described != r->ntests) {
		fprintf(stderr, "ipcgrade: lab %s: rubric.tsv names %zu tests, the spec binary has %zu\n",
			lab, r->ntests, described);
		ok = false;
	}
	return ok;
}

void ig_report_free(struct ig_report *r)
{
	for (size_t i = 0; i < r->ntests; i++)
		free(r->tests[i].leaks);
	free(r->tests);
	r->tests = NULL;
	r->ntests = 0;
}

bool ig_lab_load(const char *lab, struct ig_report *r)
{
	*r = (struct ig_report){ 0 };
	snprintf(r->lab, sizeof r->lab, "%s", lab);
	if (strchr(lab, '/') || !read_rubric(lab, r))
		return false;
	return read_descriptions(lab, r);
}
