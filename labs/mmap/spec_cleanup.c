/*\
 * Cleanup: exit would unmap and close everything anyway, but a program that
 * lets go of its file as soon as it is done with it keeps no stale mapping
 * or descriptor around (and in a long-running program, that matters).
 *
 * - when mmap_read exits, its mapping of the file is gone and the file is
 *   closed. The test stops it at its exit (ptrace, PTRACE_O_TRACEEXIT),
 *   when the kernel has not yet released anything, and looks in
 *   /proc/PID/maps and /proc/PID/fd.
 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mmap_spec.h"

/* Wait up to SPEC_PATIENCE_MS for the seized process P to stop at its exit;
 * pass on any other stop's signal. False if it ended without that stop
 * (then reaped) or is still running. */
static bool stopped_at_exit(struct spec_proc *p)
{
	const struct timespec tick = { .tv_nsec = 2 * 1000 * 1000 };

	for (int waited = 0; waited < SPEC_PATIENCE_MS; waited += 2) {
		int status;
		pid_t r = waitpid(p->pid, &status, WNOHANG | __WALL);

		if (r == p->pid && WIFSTOPPED(status) &&
		    status >> 8 == (SIGTRAP | PTRACE_EVENT_EXIT << 8))
			return true;
		if (r == p->pid && WIFSTOPPED(status)) {
			ptrace(PTRACE_CONT, p->pid, 0, WSTOPSIG(status));
		} else if (r == p->pid) {
			p->status = status;
			p->reaped = true;
			return false;
		} else if (r == -1 && errno != EINTR) {
			cr_assert_fail(SPEC_SETUP_FAILED "waitpid(%d): %s", p->pid,
				       spec_errno_name(errno));
		} else {
			nanosleep(&tick, NULL);
		}
	}
	return false;
}

/* Whether /proc/PID/maps has a mapping of the file at PATH. */
static bool maps_file(pid_t pid, const char *path)
{
	char maps[64], line[PATH_MAX + 128];
	bool found = false;
	FILE *f;

	snprintf(maps, sizeof maps, "/proc/%d/maps", pid);
	f = fopen(maps, "re");
	cr_assert(f, SPEC_SETUP_FAILED "%s: %s", maps, spec_errno_name(errno));
	while (!found && fgets(line, sizeof line, f)) {
		char *name = strchr(line, '/');

		found = name && strncmp(name, path, strlen(path)) == 0 &&
			name[strlen(path)] == '\n';
	}
	fclose(f);
	return found;
}

/* Whether a descriptor in /proc/PID/fd is open on the file at PATH. */
static bool holds_file(pid_t pid, const char *path)
{
	char dir[64], link[PATH_MAX], target[PATH_MAX];
	bool found = false;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
	d = opendir(dir);
	cr_assert(d, SPEC_SETUP_FAILED "%s: %s", dir, spec_errno_name(errno));
	while (!found && (e = readdir(d)) != NULL) {
		ssize_t n;

		snprintf(link, sizeof link, "%s/%s", dir, e->d_name);
		n = readlink(link, target, sizeof target - 1);
		target[n > 0 ? n : 0] = '\0';
		found = strcmp(target, path) == 0;
	}
	closedir(d);
	return found;
}

Test(cleanup, reader_unmaps_and_closes,
     .description = "mmap_read has unmapped and closed its file by the time it exits")
{
	const char *file = spec_path("counter");
	struct mmap_cell *cell;
	struct spec_proc reader;
	bool mapped, open, waiting;

	mmap_make_file(file, "21", MMAP_FILE_SIZE);
	cell = mmap_view(file);
	spec_must(sem_wait(&cell->lock));
	waiting = mmap_start_waiting_reader(&reader, file, NULL);
	if (waiting && ptrace(PTRACE_SEIZE, reader.pid, 0, PTRACE_O_TRACEEXIT) == -1) {
		int err = errno;

		/* EPERM: it has exited after all, giving up on the lock. */
		waiting = !spec_wait_exit(&reader, SPEC_PATIENCE_MS);
		cr_assert(!waiting, SPEC_SETUP_FAILED "ptrace(PTRACE_SEIZE): %s", spec_errno_name(err));
	}
	cr_assert(waiting, SPEC_CANNOT_CHECK "mmap_read did not wait for the lock the test holds: it %s",
		  spec_how_ended(&reader));
	spec_must(sem_post(&cell->lock));
	if (!stopped_at_exit(&reader)) {
		bool running = !reader.reaped;

		/* A seized process would stop at SIGTERM: SIGKILL it. */
		if (running && kill(reader.pid, SIGKILL) == 0)
			while (!reader.reaped && stopped_at_exit(&reader))
				ptrace(PTRACE_CONT, reader.pid, 0, 0);
		cr_assert_fail(SPEC_CANNOT_CHECK "mmap_read did not exit within %d s once the lock was free: it %s",
			       SPEC_PATIENCE_MS / 1000,
			       running ? "was still running" : spec_how_ended(&reader));
	}
	mapped = maps_file(reader.pid, file);
	open = holds_file(reader.pid, file);
	spec_must(ptrace(PTRACE_DETACH, reader.pid, 0, 0));
	spec_expect_exit(&reader, SPEC_PATIENCE_MS, NULL);
	cr_expect(!mapped && !open, "mmap_read at its exit: expected the file unmapped and closed, got it still %s",
		  mapped && open ? "mapped and open" : mapped ? "mapped" : "open");
}
