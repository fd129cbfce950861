/* mmap_spec.c - see mmap_spec.h. */
#include "mmap_spec.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct spec_answer mmap_call_create(const char *path, size_t size)
{
	char call[300];

	snprintf(call, sizeof call, "mmap_create(\"%s\", %zu)", path, size);
	return spec_probe(call, NULL, (const char *[]){ "create", path, spec_num(size), NULL });
}

const char *mmap_access_text(const char *access)
{
	return strcmp(access, "closed") == 0 ? "a descriptor that is not open" :
	       strcmp(access, "r") == 0 ? "a file opened O_RDONLY" :
	       strcmp(access, "w") == 0 ? "a file opened O_WRONLY" :
					  "a file opened O_RDWR";
}

struct spec_answer mmap_call_share(const char *path, const char *access,
				   size_t size, const char *prot,
				   const char *text)
{
	char call[160];

	snprintf(call, sizeof call, "mmap_share(fd, %zu, %s) on %s", size,
		 strcmp(prot, "rw") == 0 ? "PROT_READ | PROT_WRITE" : "PROT_READ",
		 mmap_access_text(access));
	return spec_probe(call, NULL, (const char *[]){
		"share", path, access, spec_num(size), prot, text, NULL });
}

struct spec_answer mmap_call_release(const char *path, size_t size,
				     const char *text)
{
	char call[64];

	snprintf(call, sizeof call, "mmap_release(addr, %zu, fd)", size);
	return spec_probe(call, NULL, (const char *[]){
		"release", path, spec_num(size), text, NULL });
}

/* Opens a file the student's code made or used: only that code can have
 * taken its owner's rights away. */
static int open_student_file(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd == -1 && errno == EACCES)
		cr_assert_fail("%s: expected a file its owner may read and write, got EACCES (is its mode 600?)",
			       path);
	return fd;
}

long mmap_read_file(const char *path, char *buf, size_t size)
{
	struct stat st;
	ssize_t n;
	int fd = open_student_file(path, O_RDONLY);

	memset(buf, 0, size);
	if (fd == -1 && errno == ENOENT)
		return -1;
	if (fd == -1 || fstat(fd, &st) == -1 || (n = read(fd, buf, size)) == -1)
		cr_assert_fail(SPEC_SETUP_FAILED "read %s: %s", path, spec_errno_name(errno));
	close(fd);
	return (long)st.st_size;
}

const char *mmap_file_text(long size)
{
	static char text[48];

	if (size == -1)
		return "no file";
	snprintf(text, sizeof text, "a file of %ld bytes", size);
	return text;
}

void mmap_make_file(const char *path, const char *value, size_t size)
{
	int fd = (int)spec_must(open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
	const char *uid = getenv("IPCLAB_STUDENT_UID"), *gid = getenv("IPCLAB_STUDENT_GID");
	struct mmap_cell cell = { .value = "" };

	spec_track_path(path);
	if (spec_student_is_other_user())
		spec_must(fchown(fd, (uid_t)atol(uid), (gid_t)atol(gid)));
	spec_must(ftruncate(fd, (off_t)size));
	if (value) {
		snprintf(cell.value, sizeof cell.value, "%s", value);
		spec_must(sem_init(&cell.lock, 1, 1));
		spec_must(pwrite(fd, &cell, sizeof cell < size ? sizeof cell : size, 0));
	}
	close(fd);
}

struct mmap_cell *mmap_view(const char *path)
{
	int fd = open_student_file(path, O_RDWR);
	struct mmap_cell *cell;

	if (fd == -1 && errno == ENOENT)
		cr_assert_fail("%s: expected the file to be there, got ENOENT (did the program remove it?)",
			       path);
	spec_must(fd);
	cell = mmap(NULL, MMAP_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	cr_assert_neq(cell, MAP_FAILED, SPEC_SETUP_FAILED "mmap %s: %s", path,
		      spec_errno_name(errno));
	close(fd);
	return cell;
}

const char *mmap_value_in(const char *path)
{
	static char text[MMAP_VALUE_SIZE + 1];

	if (mmap_read_file(path, text, MMAP_VALUE_SIZE) == -1)
		return "(no file)";
	return text;
}

void mmap_run_writer(struct spec_proc *p, const char *path, const char *value)
{
	spec_start(p, NULL, "mmap_write", (const char *[]){ path, value, NULL });
	spec_expect_exit(p, SPEC_PATIENCE_MS, NULL);
}

void mmap_start_reader(struct spec_proc *p, const char *path, const char *out)
{
	struct spec_io io = { .stdout_file = out };

	spec_start(p, &io, "mmap_read", (const char *[]){ path, NULL });
}

bool mmap_start_waiting_reader(struct spec_proc *p, const char *path,
			       const char *out)
{
	mmap_start_reader(p, path, out);
	return spec_wait_sleeping(p, SPEC_PATIENCE_MS);
}

const char *mmap_ended(struct spec_proc *p)
{
	static char buf[2][320];
	static unsigned next;
	char *s = buf[next++ % 2];
	const char *err = spec_stderr_text(p);

	snprintf(s, sizeof buf[0], "%s%s%s", spec_how_ended(p), *err ? ", saying: " : "", err);
	return s;
}

void mmap_expect_refused(struct spec_proc *p, const char *what)
{
	spec_expect_exit(p, SPEC_PATIENCE_MS, NULL);
	cr_expect(WIFEXITED(p->status) && WEXITSTATUS(p->status) != 0,
		  "%s: expected an exit status other than 0, got: it %s", what, spec_how_ended(p));
	cr_expect(*spec_stderr_text(p) != '\0', "%s: expected a message on stderr, got none", what);
}

const char *mmap_first_line(const char *out)
{
	static char line[128];
	FILE *f = fopen(out, "re");

	line[0] = '\0';
	if (f && !fgets(line, sizeof line, f))
		line[0] = '\0';
	if (f)
		fclose(f);
	line[strcspn(line, "\n")] = '\0';
	return line;
}

void mmap_require_writer_works(void)
{
	const char *path = spec_path("precondition");
	struct spec_proc writer;

	spec_track_path(path);
	mmap_run_writer(&writer, path, "21");
	cr_assert(spec_exited_with(&writer, 0) && strcmp(mmap_value_in(path), "21") == 0,
		  SPEC_CANNOT_CHECK "mmap_write FILE 21 does not make a file holding 21 yet: it %s; the file holds \"%s\"",
		  mmap_ended(&writer), mmap_value_in(path));
	spec_must(unlink(path));
}

void mmap_require_reader_works(void)
{
	const char *path = spec_path("precondition");
	struct spec_proc reader;

	mmap_make_file(path, "21", MMAP_FILE_SIZE);
	mmap_start_reader(&reader, path, NULL);
	if (!spec_wait_exit(&reader, SPEC_PATIENCE_MS))
		spec_stop(&reader);
	cr_assert(spec_exited_with(&reader, 0) && strcmp(mmap_value_in(path), "42") == 0,
		  SPEC_CANNOT_CHECK "mmap_read on a file holding 21 does not leave 42 yet: it %s; the file holds \"%s\"",
		  mmap_ended(&reader), mmap_value_in(path));
	spec_must(unlink(path));
}
