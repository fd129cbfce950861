/*\
 * Mapping: mmap_share() maps a file so that writes reach it, and
 * mmap_release() writes the mapping back and lets go of it.
 *
 * - what is written through the mapping is in the file (MAP_SHARED; a
 *   MAP_PRIVATE mapping keeps its writes to itself);
 * - a file opened read-only maps read-only when only PROT_READ is asked;
 * - errors come back as MAP_FAILED (not NULL) with mmap's errno: EBADF,
 *   EACCES for an open mode that does not allow the protection, EINVAL for
 *   0 bytes;
 * - after mmap_release() the memory is unmapped and the descriptor closed.
 */
#include <stdio.h>
#include <string.h>

#include "mmap_spec.h"

#define MARK "mapped by the probe"

Test(map, shared_writes_reach_the_file,
     .description = "what is written through a mapping made by mmap_share() reaches the file")
{
	const char *path = spec_path("shared");
	char text[sizeof MARK];
	struct spec_answer a;

	mmap_make_file(path, NULL, MMAP_FILE_SIZE);
	a = mmap_call_share(path, "rw", MMAP_FILE_SIZE, "rw", MARK);
	cr_assert_eq(a.ret, 1, "mmap_share() of a file opened O_RDWR: expected an address, got %s with %s",
		     a.ret ? "MAP_FAILED" : "NULL", spec_errno_name(a.err));
	mmap_read_file(path, text, sizeof text);
	cr_expect_str_eq(text, MARK, "after writing \"%s\" through mmap_share()'s mapping and unmapping it: expected it in the file, got \"%s\"",
			 MARK, text);
}

Test(map, read_only_file_maps_read_only,
     .description = "mmap_share() with PROT_READ maps a file opened read-only")
{
	const char *path = spec_path("readonly");
	struct spec_answer a;

	mmap_make_file(path, NULL, MMAP_FILE_SIZE);
	a = mmap_call_share(path, "r", MMAP_FILE_SIZE, "r", NULL);
	cr_expect_eq(a.ret, 1, "mmap_share(fd, %d, PROT_READ) on a file opened O_RDONLY: expected an address, got %s with %s",
		     MMAP_FILE_SIZE, a.ret ? "MAP_FAILED" : "NULL", spec_errno_name(a.err));
}

Test(map, errors_are_map_failed_with_errno,
     .description = "mmap_share() fails with MAP_FAILED, not NULL, and EBADF, EACCES or EINVAL")
{
	const char *path = spec_path("mapped");
	const struct { const char *access, *prot; size_t size; int err; } cases[] = {
		{ "closed", "rw", MMAP_FILE_SIZE, EBADF },
		{ "r", "rw", MMAP_FILE_SIZE, EACCES },
		{ "w", "r", MMAP_FILE_SIZE, EACCES },
		{ "rw", "rw", 0, EINVAL },
	};

	mmap_make_file(path, NULL, MMAP_FILE_SIZE);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct spec_answer a = mmap_call_share(path, cases[i].access, cases[i].size,
						       cases[i].prot, NULL);
		char got[48];

		snprintf(got, sizeof got, "%s%s", a.ret == -1 ? "MAP_FAILED with " :
			 a.ret == 0 ? "NULL" : "an address (the call worked)",
			 a.ret == -1 ? spec_errno_name(a.err) : "");
		cr_expect(a.ret == -1 && a.err == cases[i].err,
			  "mmap_share(fd, %zu, %s) on %s: expected MAP_FAILED with %s, got %s",
			  cases[i].size, strcmp(cases[i].prot, "rw") == 0 ? "PROT_READ | PROT_WRITE" : "PROT_READ",
			  mmap_access_text(cases[i].access),
			  spec_errno_name(cases[i].err), got);
	}
}

Test(map, release_unmaps_and_closes,
     .description = "mmap_release() leaves the data in the file, the memory unmapped and the descriptor closed")
{
	const char *path = spec_path("released");
	char text[sizeof MARK];
	struct spec_answer a;

	mmap_make_file(path, NULL, MMAP_FILE_SIZE);
	a = mmap_call_release(path, MMAP_FILE_SIZE, MARK);
	cr_expect_eq(a.ret, 0, "mmap_release(addr, %d, fd): expected 0 with the memory unmapped and fd closed, got %s",
		     MMAP_FILE_SIZE, a.ret == -1 ? spec_errno_name(a.err) : a.ret == 1 ? "the memory still mapped" :
		     a.ret == 2 ? "fd still open" : "the memory still mapped and fd still open");
	mmap_read_file(path, text, sizeof text);
	cr_expect_str_eq(text, MARK, "after mmap_release(): expected \"%s\" in the file, got \"%s\"", MARK, text);
}
