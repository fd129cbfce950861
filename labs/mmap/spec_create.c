/*\
 * Creating the file: mmap_create() makes a new file of the size asked for
 * before anything maps it (a mapped page past the end of a file raises
 * SIGBUS).
 *
 * - the file has exactly the size asked for, zero-filled, mode 0600;
 * - an existing file is refused with EEXIST and left untouched;
 * - 0 bytes is refused with EINVAL, and no file is left behind.
 */
#include <string.h>
#include <sys/stat.h>

#include "mmap_spec.h"

Test(create, file_has_exact_size_zero_filled,
     .description = "mmap_create() makes a zero-filled file of exactly the size asked for")
{
	size_t page = spec_page();
	const size_t sizes[] = { 1, MMAP_FILE_SIZE, 3 * page + 5 };

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		const char *path = spec_path("created");
		char *bytes = malloc(sizes[i]);
		struct spec_answer a;
		long size;

		cr_assert(bytes, SPEC_SETUP_FAILED "malloc");
		spec_track_path(path);
		a = mmap_call_create(path, sizes[i]);
		cr_assert_geq(a.ret, 0, "mmap_create(\"created\", %zu) on a free path: expected a descriptor, got -1 with %s",
			      sizes[i], spec_errno_name(a.err));
		size = mmap_read_file(path, bytes, sizes[i]);
		cr_expect_eq(size, (long)sizes[i], "mmap_create(\"created\", %zu): expected a file of %zu bytes, got %s%s",
			     sizes[i], sizes[i], mmap_file_text(size),
			     size == 0 ? " (a mapping of it raises SIGBUS)" : "");
		for (size_t b = 0; b < sizes[i]; b++)
			cr_assert_eq(bytes[b], 0, "mmap_create(\"created\", %zu): expected byte %zu to be 0, got %d",
				     sizes[i], b, bytes[b]);
		free(bytes);
		spec_must(unlink(path));
	}
}

Test(create, file_mode_is_0600,
     .description = "mmap_create() gives the new file mode 600")
{
	const char *path = spec_path("created");
	struct spec_answer a;
	struct stat st;

	spec_track_path(path);
	a = mmap_call_create(path, MMAP_FILE_SIZE);
	cr_assert_geq(a.ret, 0, SPEC_CANNOT_CHECK "mmap_create() on a free path failed with %s",
		      spec_errno_name(a.err));
	if (stat(path, &st) == -1)
		cr_assert_fail("mmap_create() on a free path: expected a file there, got stat() failing with %s",
			       spec_errno_name(errno));
	cr_expect_eq(st.st_mode & 0777, 0600, "mmap_create(): expected a file of mode 600, got %o",
		     st.st_mode & 0777);
}

Test(create, existing_file_is_eexist,
     .description = "mmap_create() on a path that exists fails with EEXIST and leaves the file untouched")
{
	const char *path = spec_path("taken");
	char text[MMAP_VALUE_SIZE];
	struct spec_answer a;
	long size;

	mmap_make_file(path, "someone's", 100);
	a = mmap_call_create(path, MMAP_FILE_SIZE);
	cr_expect(a.ret == -1 && a.err == EEXIST,
		  "mmap_create() on an existing file: expected -1 with EEXIST, got %ld%s%s",
		  a.ret, a.ret == -1 ? " with " : " (the file, reused)",
		  a.ret == -1 ? spec_errno_name(a.err) : "");
	size = mmap_read_file(path, text, sizeof text);
	cr_expect(size == 100 && strcmp(text, "someone's") == 0,
		  "mmap_create() on an existing file: expected it untouched (100 bytes, \"someone's\"), got %s, \"%.*s\"",
		  mmap_file_text(size), (int)sizeof text, text);
}

Test(create, zero_size_is_einval,
     .description = "mmap_create() of 0 bytes fails with EINVAL and leaves no file")
{
	const char *path = spec_path("empty");
	char byte;
	struct spec_answer a;

	spec_track_path(path);
	a = mmap_call_create(path, 0);
	cr_expect(a.ret == -1 && a.err == EINVAL,
		  "mmap_create(path, 0): expected -1 with EINVAL, got %s",
		  spec_answer_text(a));
	cr_expect_eq(mmap_read_file(path, &byte, 1), -1,
		     "mmap_create(path, 0): expected no file to be left, got one");
}
