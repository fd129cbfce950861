/*\
 * mmap_write: the course's mmap-write, done right.
 *
 * - the value reaches the file, which is MMAP_FILE_SIZE bytes long (a
 *   writer that maps an empty file dies of SIGBUS);
 * - the readers' lock starts free;
 * - without VALUE, the value is a random integer in [-100, 100];
 * - an existing file is refused and left untouched;
 * - a VALUE that is not a whole number is refused, and no file is left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmap_spec.h"

Test(write, value_reaches_the_file,
     .description = "mmap_write FILE VALUE makes a file of MMAP_FILE_SIZE bytes that holds VALUE")
{
	const char *values[] = { "21", "-7", "0" };

	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char name[16], text[MMAP_VALUE_SIZE];
		const char *path;
		struct spec_proc writer;
		long size;

		snprintf(name, sizeof name, "counter%zu", i);
		path = spec_path(name);
		spec_track_path(path);
		mmap_run_writer(&writer, path, values[i]);
		cr_assert(spec_exited_with(&writer, 0), "mmap_write FILE %s: expected exit status 0, got: it %s",
			  values[i], mmap_ended(&writer));
		size = mmap_read_file(path, text, sizeof text);
		cr_expect_eq(size, MMAP_FILE_SIZE, "mmap_write FILE %s: expected a file of %d bytes, got %s",
			     values[i], MMAP_FILE_SIZE, mmap_file_text(size));
		cr_expect(memchr(text, '\0', sizeof text) && strcmp(text, values[i]) == 0,
			  "mmap_write FILE %s: expected the file to start with \"%s\" and a NUL, got \"%.*s\"",
			  values[i], values[i], (int)sizeof text, text);
	}
}

Test(write, lock_starts_free,
     .description = "mmap_write leaves the readers' lock initialised and free")
{
	const char *path = spec_path("counter");
	struct spec_proc writer;
	struct mmap_cell *cell;

	spec_track_path(path);
	mmap_run_writer(&writer, path, "21");
	cr_assert(spec_exited_with(&writer, 0), SPEC_CANNOT_CHECK "mmap_write FILE 21 %s",
		  mmap_ended(&writer));
	cell = mmap_view(path);
	cr_expect_eq(sem_trywait(&cell->lock), 0,
		     "sem_trywait() on the lock of a file mmap_write made: expected 0 (the lock free), got -1 with %s",
		     spec_errno_name(errno));
}

Test(write, random_value_in_range,
     .description = "mmap_write FILE without VALUE writes an integer in [-100, 100]")
{
	for (unsigned i = 0; i < 5; i++) {
		char name[16];
		const char *path, *text;
		struct spec_proc writer;
		char *end;
		long value;

		snprintf(name, sizeof name, "random%u", i);
		path = spec_path(name);
		spec_track_path(path);
		mmap_run_writer(&writer, path, NULL);
		cr_assert(spec_exited_with(&writer, 0), "mmap_write FILE: expected exit status 0, got: it %s",
			  mmap_ended(&writer));
		text = mmap_value_in(path);
		value = strtol(text, &end, 10);
		cr_expect(end != text && *end == '\0' && value >= -100 && value <= 100,
			  "mmap_write FILE: expected an integer in [-100, 100] in the file, got \"%s\"", text);
	}
}

Test(write, refuses_existing_file,
     .description = "mmap_write refuses a FILE that exists, with a message, and leaves it untouched")
{
	const char *path = spec_path("taken");
	struct spec_proc writer;

	mmap_require_writer_works();
	mmap_make_file(path, "5", MMAP_FILE_SIZE);
	mmap_run_writer(&writer, path, "21");
	mmap_expect_refused(&writer, "mmap_write on an existing file");
	cr_expect_str_eq(mmap_value_in(path), "5", "mmap_write on an existing file holding 5: expected it untouched, got \"%s\"",
			 mmap_value_in(path));
}

Test(write, rejects_bad_values,
     .description = "mmap_write refuses a VALUE that is not a whole number, with a message and no file left")
{
	const char *bad[] = { "abc", "12abc", "", "99999999999999999999" };

	mmap_require_writer_works();
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *path = spec_path("counter");
		struct spec_proc writer;
		char what[64], byte;

		spec_track_path(path);
		snprintf(what, sizeof what, "mmap_write FILE \"%s\"", bad[i]);
		mmap_run_writer(&writer, path, bad[i]);
		mmap_expect_refused(&writer, what);
		cr_expect_eq(mmap_read_file(path, &byte, 1), -1, "%s: expected no file to be left, got one", what);
		unlink(path);
	}
}
