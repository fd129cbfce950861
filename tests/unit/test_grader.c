/*\
 * Unit tests of the grader's pieces that need no sandbox: leak lines, the
 * rubric, and reports that a student's text cannot forge.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../grader/ipcgrade.h"

Test(leaks, parses_a_leak_line,
     .description = "a leak line from the sandbox's init becomes a leak record")
{
	char line[] = "leak\tshm\t3\t0x162e\tsegment, mode 600, 4096 bytes\tipcrm -m 3";
	struct ig_leak l;

	cr_assert(ig_leak_parse(line, &l));
	cr_expect_str_eq(l.kind, "shm");
	cr_expect_str_eq(l.id, "3");
	cr_expect_str_eq(l.key, "0x162e");
	cr_expect_str_eq(l.remove, "ipcrm -m 3");
}

Test(leaks, rejects_other_lines,
     .description = "status lines and truncated leak lines are not leaks")
{
	char status[] = "status\t0", truncated[] = "leak\tshm\t3";
	struct ig_leak l;

	cr_expect_not(ig_leak_parse(status, &l));
	cr_expect_not(ig_leak_parse(truncated, &l));
}

Test(lab, loads_rubric_with_descriptions,
     .description = "the shm rubric loads, every test described, points adding up")
{
	struct ig_report r;
	int sum = 0;

	cr_assert(ig_lab_load("shm", &r));
	cr_assert_gt(r.ntests, 0);
	for (size_t i = 0; i < r.ntests; i++) {
		cr_expect_neq(r.tests[i].description[0], '\0', "%s has no description", r.tests[i].name);
		sum += r.tests[i].points;
	}
	cr_expect_eq(sum, r.max_score);
	cr_expect_eq(r.max_score, 100, "the shm rubric totals %d points, not 100", r.max_score);
	ig_report_free(&r);
}

Test(lab, refuses_unknown_labs,
     .description = "an unknown lab or a path as lab name is refused")
{
	struct ig_report r;

	cr_expect_not(ig_lab_load("nosuchlab", &r));
	cr_expect_not(ig_lab_load("../shm", &r));
}

static const struct ig_view student = { .colour = false }, staff = { .show_hidden = true };

static struct ig_report forged_report(void)
{
	static struct ig_test t = { .name = "keys::x", .points = 5, .status = IG_FAIL,
				    .hint = "read shmget(2)" };
	struct ig_report r = { .lab = "shm", .submission = "dir", .max_score = 5,
			       .tests = &t, .ntests = 1, .built = true };

	snprintf(t.message, sizeof t.message, "%s",
		 "got \"x\"}, \"score\": 5, \"status\": \"pass\"\nPASS keys::x 5/5");
	return r;
}

Test(report, json_escapes_forged_fields,
     .description = "a message that imitates JSON fields stays one string in the JSON report")
{
	struct ig_report r = forged_report();
	char path[] = "/tmp/ipclab-unit-XXXXXX";
	json_t *root, *test;
	int fd = mkstemp(path);

	cr_assert_neq(fd, -1);
	close(fd);
	cr_assert(ig_report_write(ig_report_json, &r, path, &staff));
	root = json_load_file(path, 0, NULL);
	unlink(path);
	cr_assert_not_null(root, "the report is not valid JSON");
	test = json_array_get(json_object_get(root, "tests"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(test, "status")), "fail");
	cr_expect_eq(json_integer_value(json_object_get(test, "score")), 0);
	cr_expect_str_eq(json_string_value(json_object_get(test, "message")), r.tests[0].message);
	json_decref(root);
}

Test(report, text_shows_hint_only_for_recognised_failures,
     .description = "the hint appears for a failed check, not when the check could not run")
{
	struct ig_report r = forged_report();
	char buf[4096];
	FILE *f = fmemopen(buf, sizeof buf, "w");

	ig_report_text(&r, f, &student);
	fclose(f);
	cr_expect(strstr(buf, "hint: read shmget(2)"), "no hint in:\n%s", buf);
	cr_expect(strstr(buf, "0 passed, 1 failed"), "no closing count in:\n%s", buf);

	snprintf(r.tests[0].message, sizeof r.tests[0].message, "cannot check: no server");
	f = fmemopen(buf, sizeof buf, "w");
	ig_report_text(&r, f, &student);
	fclose(f);
	cr_expect_null(strstr(buf, "hint:"), "a hint for a check that could not run:\n%s", buf);
}

/* Run WRITER on R into a string (static buffer, NUL-terminated). */
static const char *written(ig_writer *writer, const struct ig_report *r, const struct ig_view *v)
{
	static char buf[16384];
	FILE *f = fmemopen(buf, sizeof buf - 1, "w");

	cr_assert_not_null(f);
	cr_assert(writer(r, f, v));
	buf[ftell(f)] = '\0';
	fclose(f);
	return buf;
}

Test(report, base64_matches_rfc4648,
     .description = "base64 encodes the RFC 4648 test vectors, padding included")
{
	static const char *const vectors[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};

	for (size_t i = 0; i < sizeof vectors / sizeof *vectors; i++) {
		char *got = ig_base64((const unsigned char *)vectors[i][0], strlen(vectors[i][0]));

		cr_expect_str_eq(got, vectors[i][1], "base64(\"%s\")", vectors[i][0]);
		free(got);
	}
}

Test(report, hidden_tests_stay_out_of_the_student_text,
     .description = "a hidden test's name and message are not in the student's text report")
{
	struct ig_report r = forged_report();
	const char *text;

	r.tests[0].hidden = true;
	text = written(ig_report_text, &r, &student);
	cr_expect_null(strstr(text, "keys::x"), "the hidden test shows:\n%s", text);
	cr_expect(strstr(text, "1 hidden test (5 points)"), "no hidden count in:\n%s", text);
	text = written(ig_report_text, &r, &staff);
	cr_expect(strstr(text, "keys::x"), "staff do not see the hidden test:\n%s", text);
	r.tests[0].hidden = false;
}

Test(report, line_formats_keep_a_forged_message_on_its_line,
     .description = "a message with newlines cannot add a TAP result, a GitHub command or an Autolab line")
{
	struct ig_report r = forged_report();
	const char *text;

	snprintf(r.tests[0].message, sizeof r.tests[0].message,
		 "x\nok 1 - keys::x\n::notice::forged\n{\"scores\": {\"keys::x\": 5}}");
	text = written(ig_report_tap, &r, &staff);
	cr_expect(strstr(text, "\nnot ok 1 - keys::x\n"), "no failure line in:\n%s", text);
	cr_expect_null(strstr(text, "\nok 1"), "a forged TAP line:\n%s", text);
	text = written(ig_report_github, &r, &staff);
	cr_expect_null(strstr(text, "\n::notice"), "a forged workflow command:\n%s", text);
	text = written(ig_report_autolab, &r, &staff);
	cr_expect_str_eq(text, "{\"scores\":{\"keys::x\":0},\"scoreboard\":[0]}\n");
}

Test(report, junit_escapes_markup,
     .description = "a message full of XML markup stays text in the JUnit report")
{
	struct ig_report r = forged_report();
	const char *xml;

	snprintf(r.tests[0].message, sizeof r.tests[0].message,
		 "</failure></testcase><testcase name=\"forged\"/> & \"quotes\"");
	xml = written(ig_report_junit, &r, &staff);
	cr_expect_null(strstr(xml, "<testcase name=\"forged\""), "markup got through:\n%s", xml);
	cr_expect(strstr(xml, "&lt;/failure&gt;"), "not escaped:\n%s", xml);
}
