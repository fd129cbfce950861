/*\
 * mmap_read: the course's mmap-read, done right.
 *
 * - it prints value:N and leaves 2N in the file;
 * - a file shorter than MMAP_FILE_SIZE is refused with a message, not
 *   touched past its end (SIGBUS);
 * - a missing file is an error, and mmap_read creates nothing;
 * - a file that holds no number, or one whose double overflows, is refused
 *   unchanged, and the lock is free again afterwards.
 */
#include <stdio.h>
#include <string.h>

#include "mmap_spec.h"

Test(read, prints_and_doubles,
     .description = "mmap_read FILE prints value:N and leaves 2N in the file")
{
	const struct { const char *start; const char *printed[2]; const char *after; } cases[] = {
		{ "21", { "value:21", "value:42" }, "84" },
		{ "-7", { "value:-7", "value:-14" }, "-28" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *path = spec_path(i ? "counter1" : "counter0");

		mmap_make_file(path, cases[i].start, MMAP_FILE_SIZE);
		for (size_t run = 0; run < 2; run++) {
			struct spec_proc reader;

			mmap_start_reader(&reader, path, "reader.out");
			if (!spec_wait_exit(&reader, SPEC_PATIENCE_MS))
				cr_assert_fail("mmap_read on a file holding %s, run %zu: expected it to finish, got: after %d s it still %s%s",
					       cases[i].start, run + 1, SPEC_PATIENCE_MS / 1000,
					       spec_waiting_on(reader.pid),
					       run ? " (did run 1 leave the lock taken?)" : "");
			cr_assert(spec_exited_with(&reader, 0), "mmap_read on a file holding %s, run %zu: expected exit status 0, got: it %s",
				  cases[i].start, run + 1, mmap_ended(&reader));
			cr_expect_str_eq(mmap_first_line("reader.out"), cases[i].printed[run],
					 "mmap_read on a file holding %s, run %zu: expected the line \"%s\", got \"%s\"",
					 cases[i].start, run + 1, cases[i].printed[run], mmap_first_line("reader.out"));
		}
		cr_expect_str_eq(mmap_value_in(path), cases[i].after,
				 "two mmap_read on a file holding %s: expected it to hold %s, got \"%s\"",
				 cases[i].start, cases[i].after, mmap_value_in(path));
	}
}

Test(read, short_file_refused,
     .description = "mmap_read refuses a file shorter than MMAP_FILE_SIZE with a message, instead of dying of SIGBUS")
{
	const size_t sizes[] = { 0, sizeof(struct mmap_cell) };

	mmap_require_reader_works();
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		const char *path = spec_path(i ? "short" : "empty");
		struct spec_proc reader;
		char what[64], byte;

		mmap_make_file(path, sizes[i] ? "5" : NULL, sizes[i]);
		snprintf(what, sizeof what, "mmap_read on a file of %zu bytes", sizes[i]);
		mmap_start_reader(&reader, path, NULL);
		mmap_expect_refused(&reader, what);
		cr_expect_eq(mmap_read_file(path, &byte, 1), (long)sizes[i],
			     "%s: expected the file unchanged, got another size", what);
	}
}

Test(read, missing_file_fails_creating_nothing,
     .description = "mmap_read on a missing file exits with a message and creates nothing")
{
	const char *path = spec_path("missing");
	struct spec_proc reader;
	char byte;

	mmap_require_reader_works();
	spec_track_path(path);
	mmap_start_reader(&reader, path, NULL);
	mmap_expect_refused(&reader, "mmap_read on a missing file");
	cr_expect_eq(mmap_read_file(path, &byte, 1), -1,
		     "mmap_read on a missing file: expected no file to be made, got one");
}

Test(read, bad_value_refused_lock_released,
     .description = "mmap_read refuses a file with no number or one whose double overflows, unchanged, and frees the lock")
{
	const char *bad[] = { "abc", "", "12abc", "4611686018427387904" };

	mmap_require_reader_works();
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char name[16], what[80];
		const char *path;
		struct spec_proc reader;
		struct mmap_cell *cell;

		snprintf(name, sizeof name, "bad%zu", i);
		path = spec_path(name);
		mmap_make_file(path, bad[i], MMAP_FILE_SIZE);
		snprintf(what, sizeof what, "mmap_read on a file holding \"%s\"", bad[i]);
		mmap_start_reader(&reader, path, NULL);
		mmap_expect_refused(&reader, what);
		cr_expect_str_eq(mmap_value_in(path), bad[i], "%s: expected it unchanged, got \"%s\"",
				 what, mmap_value_in(path));
		cell = mmap_view(path);
		cr_expect_eq(sem_trywait(&cell->lock), 0,
			     "%s: expected the lock free afterwards, got sem_trywait() failing with %s",
			     what, spec_errno_name(errno));
	}
}
