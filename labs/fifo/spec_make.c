/*\
 * fifo_make(): a FIFO is a file, with the file rules.
 *
 * - mkfifo(3) applies the umask (mode & ~umask): the FIFO still gets
 *   exactly FIFO_MODE under umask 022;
 * - a leftover FIFO (nobody reads it) is replaced, not an error;
 * - a FIFO that a process reads belongs to a live program: EBUSY, untouched;
 * - a path that is not a FIFO: EEXIST, untouched.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fifo_lib.h"
#include "fifo_spec.h"

static void expect_fifo_mode(const char *path, const char *after)
{
	struct stat st;

	if (lstat(path, &st) == -1)
		cr_assert_fail("%s: expected a FIFO at %s, got %s", after, path,
			       spec_errno_name(errno));
	cr_expect(S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == FIFO_MODE,
		  "%s: expected a FIFO of mode %o, got %s of mode %o", after,
		  FIFO_MODE, S_ISFIFO(st.st_mode) ? "a FIFO" : "something else",
		  (unsigned)(st.st_mode & 07777));
}

Test(make, mode_exact_whatever_umask,
     .description = "fifo_make() on a free path makes a FIFO of mode 0620 exactly, under umask 022")
{
	const char *path = fifo_path("new.fifo");
	struct spec_answer a;

	spec_track_path(path);
	a = fifo_call_make(path);
	cr_assert(a.ret == 0, "fifo_make() on a free path: expected 0, got %s",
		  spec_answer_text(a));
	expect_fifo_mode(path, "fifo_make() under umask 022");
}

Test(make, leftover_fifo_is_replaced,
     .description = "fifo_make() on a FIFO that nobody reads (a leftover) returns 0 and leaves a FIFO there")
{
	const char *path = fifo_test_fifo("old.fifo");
	struct spec_answer a = fifo_call_make(path);
	struct stat st;
	int found;

	cr_assert(a.ret == 0, "fifo_make() on a leftover FIFO: expected 0, got %s",
		  spec_answer_text(a));
	found = lstat(path, &st);
	cr_expect(found == 0 && S_ISFIFO(st.st_mode),
		  "fifo_make() on a leftover FIFO: expected a FIFO there, got %s",
		  found == -1 ? "nothing" : "another kind of file");
}

Test(make, fifo_being_read_is_ebusy,
     .description = "fifo_make() on a FIFO that a process has open for reading fails with EBUSY and leaves it alone")
{
	const char *path = fifo_test_fifo("live.fifo");
	int reader = (int)spec_must(open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
	struct stat before, after;
	struct spec_answer a;

	spec_must(fstat(reader, &before));
	a = fifo_call_make(path);
	cr_expect(a.ret == -1 && a.err == EBUSY,
		  "fifo_make() on a FIFO that another process reads: expected -1 with EBUSY, got %s",
		  spec_answer_text(a));
	cr_expect(lstat(path, &after) == 0 && after.st_ino == before.st_ino &&
		  (after.st_mode & 07777) == 0600,
		  "fifo_make() on a FIFO that another process reads: expected it left as it was, got it removed, replaced or changed");
	close(reader);
}

Test(make, other_file_is_eexist,
     .description = "fifo_make() on a path that is not a FIFO fails with EEXIST and leaves the file alone")
{
	static const char text[] = "not a FIFO\n";
	const char *path = fifo_path("notes.txt");
	char back[sizeof text] = "";
	struct spec_answer a;
	FILE *f;

	spec_track_path(path);
	f = fopen(path, "w");
	cr_assert(f && fputs(text, f) >= 0 && fclose(f) == 0,
		  SPEC_SETUP_FAILED "write %s", path);
	fifo_give_to_student(path);
	a = fifo_call_make(path);
	cr_expect(a.ret == -1 && a.err == EEXIST,
		  "fifo_make() on a regular file: expected -1 with EEXIST, got %s",
		  spec_answer_text(a));
	f = fopen(path, "r");
	cr_expect(f && fread(back, 1, sizeof back - 1, f) == sizeof text - 1 &&
		  strcmp(back, text) == 0,
		  "fifo_make() on a regular file: expected the file kept as it was, got it removed or changed");
	if (f)
		fclose(f);
}
