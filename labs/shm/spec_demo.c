/*\
 * shm_demo: the life of one segment (the course's shm.c, done right).
 *
 * - it prints the requested and the allocated (page-rounded) size and the
 *   message it read back after detaching and attaching again;
 * - it removes its segment: nothing is left once it has exited;
 * - a size that is not a positive number is refused with a message.
 */
#include <stdio.h>
#include <string.h>

#include "shm_spec.h"

/* Run shm_demo SIZE to the end; its stdout goes to OUT. */
static void run_demo(struct spec_proc *demo, const char *size, const char *out)
{
	struct spec_io io = { .stdout_file = out };

	spec_start(demo, &io, "shm_demo", (const char *[]){ size, NULL });
	spec_expect_exit(demo, SPEC_PATIENCE_MS, NULL);
}

static void expect_line(FILE *f, const char *want, const char *size)
{
	char line[128] = "";

	if (!fgets(line, sizeof line, f))
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	cr_expect_str_eq(line, want, "shm_demo %s: expected the line \"%s\", got \"%s\"",
			 size, want, line);
}

Test(demo, reports_requested_and_allocated,
     .description = "shm_demo SIZE prints the size asked for, the whole pages it got and the message it read back")
{
	size_t page = spec_page();
	const size_t sizes[] = { 1, page - 1, page, page + 1 };

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		char size[24], want[64];
		struct spec_proc demo;
		FILE *f;

		snprintf(size, sizeof size, "%zu", sizes[i]);
		run_demo(&demo, size, "demo.out");
		cr_assert(spec_exited_with(&demo, 0), "shm_demo %s: expected exit status 0, got: it %s (%s)",
			  size, spec_how_ended(&demo), spec_stderr_text(&demo));
		f = fopen("demo.out", "re");
		cr_assert(f, SPEC_SETUP_FAILED "demo.out");
		snprintf(want, sizeof want, "requested: %zu", sizes[i]);
		expect_line(f, want, size);
		snprintf(want, sizeof want, "allocated: %zu",
			 (sizes[i] + page - 1) / page * page);
		expect_line(f, want, size);
		expect_line(f, "message: Hello, world.", size);
		fclose(f);
	}
}

Test(demo, removes_its_segment,
     .description = "shm_demo removes its segment: none is left after it exits")
{
	struct spec_proc demo;

	run_demo(&demo, "100", NULL);
	cr_assert(spec_exited_with(&demo, 0), SPEC_CANNOT_CHECK "shm_demo 100 %s (%s)",
		  spec_how_ended(&demo), spec_stderr_text(&demo));
	spec_expect_no_ipc("after shm_demo 100 exited");
}

Test(demo, rejects_bad_sizes,
     .description = "shm_demo refuses a size that is not a positive number, with a message and nothing left behind")
{
	const char *bad[] = { "0", "-5", "abc", "12abc", "" };
	struct spec_proc good;

	run_demo(&good, "100", NULL);
	spec_adopt_segments_of(good.pid);
	cr_assert(spec_exited_with(&good, 0), SPEC_CANNOT_CHECK "shm_demo 100 does not work yet: it %s",
		  spec_how_ended(&good));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct spec_proc demo;

		run_demo(&demo, bad[i], NULL);
		cr_expect(demo.reaped && WIFEXITED(demo.status) &&
				  WEXITSTATUS(demo.status) != 0,
			  "shm_demo \"%s\": expected an exit status other than 0, got: it %s",
			  bad[i], spec_how_ended(&demo));
		cr_expect(*spec_stderr_text(&demo) != '\0',
			  "shm_demo \"%s\": expected a message on stderr, got none", bad[i]);
	}
	spec_expect_no_ipc("after shm_demo refused bad sizes");
}
