/*\
 * Unit tests of batch grading's pieces: sources read from archives (paths
 * outside, links, bombs, one folder), the digest, a report read back, and
 * the similarity check (renaming hides nothing, the template counts for
 * nothing).
 */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../grader/ipcgrade.h"

static char dir[] = "/tmp/ipclab-unit-XXXXXX";

static void make_dir(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[64];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(sources, .init = make_dir, .fini = remove_dir);
TestSuite(similarity, .init = make_dir, .fini = remove_dir);

/* One archive entry: a regular file with TEXT (SIZE bytes of zeros when
 * TEXT is NULL), or a link to TARGET. */
struct entry {
	const char *path, *text;
	size_t size;
	const char *target;
};

static void make_archive(const char *path, const struct entry *entries, size_t n)
{
	struct archive *a = archive_write_new();
	static char zeros[1 << 16];

	cr_assert_eq(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
	cr_assert_eq(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	cr_assert_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t size = entries[i].text ? strlen(entries[i].text) : entries[i].size;

		archive_entry_set_pathname(e, entries[i].path);
		archive_entry_set_perm(e, 0644);
		if (entries[i].target) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, entries[i].target);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)size);
		}
		cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK);
		for (size_t done = 0; !entries[i].target && done < size;) {
			size_t chunk = size - done < sizeof zeros ? size - done : sizeof zeros;
			const char *data = entries[i].text ? entries[i].text + done : zeros;

			cr_assert_gt(archive_write_data(a, data, chunk), 0);
			done += chunk;
		}
		archive_entry_free(e);
	}
	cr_assert_eq(archive_write_free(a), ARCHIVE_OK);
}

static const char *in_dir(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

Test(sources, archive_folder_is_the_submission,
     .description = "sources in the archive's one folder are read; paths outside it and links are not")
{
	const struct entry entries[] = {
		{ "handin/shm_lib.c", "int lib;\n", 0, NULL },
		{ "handin/shm_lib.h", "int h;\n", 0, NULL },
		{ "handin/notes.txt", "not a source\n", 0, NULL },
		{ "../escape.c", "int escape;\n", 0, NULL },
		{ "/tmp/absolute.c", "int absolute;\n", 0, NULL },
		{ "handin/deep/deeper.c", "int deep;\n", 0, NULL },
		{ "handin/link.c", NULL, 0, "/etc/passwd" },
	};
	struct ig_sources s;
	char err[256];

	make_archive(in_dir("a.tar.gz"), entries, sizeof entries / sizeof *entries);
	cr_assert(ig_sources_load(in_dir("a.tar.gz"), &s, err, sizeof err), "%s", err);
	cr_assert_eq(s.n, 2);
	cr_expect_str_eq(s.files[0].name, "shm_lib.c");
	cr_expect_str_eq(s.files[0].data, "int lib;\n");
	cr_expect_str_eq(s.files[1].name, "shm_lib.h");
	ig_sources_free(&s);
}

Test(sources, refuses_what_is_not_one_submission,
     .description = "a bomb, two folders, garbage and an archive without sources are errors, not crashes")
{
	const struct entry bomb[] = { { "big.c", NULL, 2u << 20, NULL } };
	const struct entry two[] = { { "a/x.c", "int x;\n", 0, NULL }, { "b/y.c", "int y;\n", 0, NULL } };
	const struct entry none[] = { { "../x.c", "int x;\n", 0, NULL } };
	struct ig_sources s;
	char err[256];
	FILE *f;

	make_archive(in_dir("bomb.tar.gz"), bomb, 1);
	cr_expect_not(ig_sources_load(in_dir("bomb.tar.gz"), &s, err, sizeof err));
	cr_expect(strstr(err, "too large"), "%s", err);
	make_archive(in_dir("two.tar.gz"), two, 2);
	cr_expect_not(ig_sources_load(in_dir("two.tar.gz"), &s, err, sizeof err));
	cr_expect(strstr(err, "two folders"), "%s", err);
	make_archive(in_dir("none.tar.gz"), none, 1);
	cr_expect_not(ig_sources_load(in_dir("none.tar.gz"), &s, err, sizeof err));
	cr_expect(strstr(err, "no .c or .h file"), "%s", err);
	cr_assert_not_null(f = fopen(in_dir("junk.zip"), "w"));
	fputs("PK\003\004 but nothing after", f);
	fclose(f);
	cr_expect_not(ig_sources_load(in_dir("junk.zip"), &s, err, sizeof err));
	cr_expect_not(ig_sources_load(in_dir("missing"), &s, err, sizeof err));
	cr_expect(strstr(err, "ENOENT"), "%s", err);
}

Test(sources, digest_follows_content_not_order,
     .description = "the digest is the same for the same files in any order, and changes with a byte")
{
	const struct entry ab[] = { { "a.c", "int a;\n", 0, NULL }, { "b.c", "int b;\n", 0, NULL } };
	const struct entry ba[] = { { "b.c", "int b;\n", 0, NULL }, { "a.c", "int a;\n", 0, NULL } };
	const struct entry changed[] = { { "a.c", "int a;\n", 0, NULL }, { "b.c", "int c;\n", 0, NULL } };
	struct ig_sources s1, s2, s3;
	char err[256];

	make_archive(in_dir("ab.tar.gz"), ab, 2);
	make_archive(in_dir("ba.tar.gz"), ba, 2);
	make_archive(in_dir("changed.tar.gz"), changed, 2);
	cr_assert(ig_sources_load(in_dir("ab.tar.gz"), &s1, err, sizeof err));
	cr_assert(ig_sources_load(in_dir("ba.tar.gz"), &s2, err, sizeof err));
	cr_assert(ig_sources_load(in_dir("changed.tar.gz"), &s3, err, sizeof err));
	cr_expect_eq(ig_sources_digest(&s1, "shm"), ig_sources_digest(&s2, "shm"));
	cr_expect_neq(ig_sources_digest(&s1, "shm"), ig_sources_digest(&s3, "shm"));
	cr_expect_neq(ig_sources_digest(&s1, "shm"), ig_sources_digest(&s1, "pipe"));
	ig_sources_free(&s1);
	ig_sources_free(&s2);
	ig_sources_free(&s3);
}

Test(sources, report_reads_back,
     .description = "a JSON report read back has the scores, statuses and leaks written")
{
	struct ig_leak leak = { .kind = "shm", .id = "3", .detail = "segment" };
	struct ig_test tests[2] = {
		{ .name = "a::x", .points = 2, .score = 2, .status = IG_PASS },
		{ .name = "a::y", .points = 3, .score = 0, .status = IG_TIMEOUT, .leaks = &leak,
		  .nleaks = 1, .message = "late" },
	};
	struct ig_report r = { .lab = "shm", .built = true, .score = 2, .max_score = 5,
			       .tests = tests, .ntests = 2 }, back;
	struct ig_view v = { false, false };

	cr_assert(ig_report_write(ig_report_json, &r, in_dir("r.json"), &v));
	cr_assert(ig_report_read(in_dir("r.json"), &back));
	cr_expect_eq(back.score, 2);
	cr_expect_eq(back.max_score, 5);
	cr_expect(back.built);
	cr_assert_eq(back.ntests, 2);
	cr_expect_eq(back.tests[1].status, IG_TIMEOUT);
	cr_expect_eq(back.tests[1].points, 3);
	cr_expect_str_eq(back.tests[1].message, "late");
	cr_assert_eq(back.tests[1].nleaks, 1);
	cr_expect_str_eq(back.tests[1].leaks[0].kind, "shm");
	ig_report_free(&back);
}

static const char original[] =
	"int count_words(const char *text)\n{\n\tint words = 0, inside = 0;\n\n"
	"\tfor (const char *c = text; *c; c++) {\n\t\tif (*c == ' ' || *c == '\\n') {\n"
	"\t\t\tinside = 0;\n\t\t} else if (!inside) {\n\t\t\tinside = 1;\n\t\t\twords++;\n"
	"\t\t}\n\t}\n\treturn words;\n}\n\n"
	"static long sum_of_squares(const int *values, unsigned n)\n{\n\tlong total = 0;\n"
	"\twhile (n-- > 0)\n\t\ttotal += (long)values[n] * values[n];\n\treturn total;\n}\n";

/* The same code, other names, other layout, other comments. */
static const char renamed[] =
	"// counts words\nint nwords(const char *s) {\n  int n = 0, in = 0;\n"
	"  for (const char *p = s; *p; p++) {\n    if (*p == ' ' || *p == '\\n') { in = 0; }\n"
	"    else if (!in) { in = 1; n++; }\n  }\n  return n;\n}\n"
	"static long sq(const int *v, unsigned k) { long t = 0; /* sum */\n"
	"  while (k-- > 0) t += (long)v[k] * v[k];\n  return t; }\n";

static const char other[] =
	"double mean(const double *x, int n)\n{\n\tdouble s = 0;\n\tint i;\n\n"
	"\tif (n <= 0)\n\t\treturn 0.0;\n\tfor (i = 0; i < n; i++)\n\t\ts += x[i];\n"
	"\treturn s / n;\n}\n\nstruct point { int x, y; };\n\n"
	"int manhattan(struct point a, struct point b)\n{\n"
	"\treturn abs(a.x - b.x) + abs(a.y - b.y);\n}\n";

static void student(struct ig_student *s, const char *name, const char *code)
{
	*s = (struct ig_student){ .row = IG_ROW_GRADED };
	snprintf(s->name, sizeof s->name, "%s", name);
	s->sources.n = 1;
	s->sources.files = calloc(1, sizeof *s->sources.files);
	snprintf(s->sources.files[0].name, sizeof s->sources.files[0].name, "lib.c");
	s->sources.files[0].data = strdup(code);
	s->sources.files[0].size = strlen(code);
}

Test(similarity, renaming_does_not_hide_a_copy,
     .description = "a renamed, reformatted copy is flagged; an unrelated submission is not")
{
	struct ig_student s[3];
	struct ig_batch b = { .lab = "shm", .out = dir, .threshold = 0.5, .students = s, .n = 3 };
	struct ig_sources none = { NULL, 0 };

	student(&s[0], "alice", original);
	student(&s[1], "bob", renamed);
	student(&s[2], "carol", other);
	cr_assert(ig_similarity(&b, &none));
	cr_assert_eq(b.npairs, 1, "%zu pairs flagged", b.npairs);
	cr_expect_eq(b.pairs[0].a, 0);
	cr_expect_eq(b.pairs[0].b, 1);
	cr_expect_geq(b.pairs[0].nregions, 1);
	/* Winnowing sees a match from its first fingerprint on: near line 1. */
	cr_expect(b.pairs[0].regions[0].first[0] <= 4 && b.pairs[0].regions[0].last[0] >= 18,
		  "the match covers lines %zu-%zu of 22", b.pairs[0].regions[0].first[0],
		  b.pairs[0].regions[0].last[0]);
	free(b.pairs);
	for (int i = 0; i < 3; i++)
		ig_sources_free(&s[i].sources);
}

Test(similarity, template_code_is_not_evidence,
     .description = "two submissions that only share the template's code are not flagged")
{
	struct ig_student s[2];
	struct ig_batch b = { .lab = "shm", .out = dir, .threshold = 0.5, .students = s, .n = 2 };
	struct ig_student t;

	student(&s[0], "alice", original);
	student(&s[1], "bob", original);
	student(&t, "template", original);
	cr_assert(ig_similarity(&b, &t.sources));
	cr_expect_eq(b.npairs, 0, "%zu pairs flagged", b.npairs);
	free(b.pairs);
	ig_sources_free(&s[0].sources);
	ig_sources_free(&s[1].sources);
	ig_sources_free(&t.sources);
}
