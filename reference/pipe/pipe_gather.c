/*
 * pipe_gather.c - several writer children share one pipe to their parent,
 * which prints every record whole.
 *
 * Usage: pipe_gather WRITERS RECORDS SIZE
 *   Writer w (1..WRITERS) sends records 1..RECORDS of SIZE bytes each
 *   (pipe_proto.h); the parent prints each record once all of it arrived.
 *
 * Each write is one frame of at most PIPE_BUF bytes, so writers never
 * interleave inside a frame, whatever SIZE is. The parent sees end of file
 * once the last writer is done: it closes its own write end first. Exits 0
 * when every writer exited 0 and every record arrived whole, 1 otherwise;
 * every writer is reaped first.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "pipe_lib.h"
#include "pipe_proto.h"
#include "stream.h"

static unsigned long number(const char *arg, unsigned long min, unsigned long max,
			    const char *what)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || n < min || n > max)
		die_msg("%s must be a whole number from %lu to %lu, not '%s'", what, min, max, arg);
	return n;
}

static noreturn void run_writer(int fd, unsigned writer, unsigned records, size_t size)
{
	char *record = malloc(size);
	char frame[PIPE_BUF];
	struct frame_head head = { .writer = writer };

	if (!record)
		die("malloc(%zu)", size);
	for (unsigned n = 1; n <= records; n++) {
		gather_record(record, size, writer, n);
		for (size_t done = 0; done < size; done += head.len) {
			head.len = (uint32_t)(size - done < FRAME_DATA_MAX ? size - done : FRAME_DATA_MAX);
			memcpy(frame, &head, sizeof head);
			memcpy(frame + sizeof head, record + done, head.len);
			/* One write per frame: at most PIPE_BUF bytes, so atomic. */
			if (pipe_write_all(fd, frame, sizeof head + head.len) == -1)
				die("write(pipe)");
		}
	}
	free(record);
	exit(EXIT_SUCCESS);
}

/* Read frames until end of file; print each record once it is whole. */
static void gather(int fd, unsigned writers, size_t size)
{
	char *records = calloc(writers, size);
	size_t *filled = calloc(writers, sizeof *filled);
	struct frame_head head;
	ssize_t n;

	if (!records || !filled)
		die("calloc(%u records of %zu bytes)", writers, size);
	while ((n = pipe_read_full(fd, &head, sizeof head)) == sizeof head) {
		char *record;
		size_t *have;

		if (head.writer < 1 || head.writer > writers || head.len > FRAME_DATA_MAX ||
		    filled[head.writer - 1] + head.len > size)
			die_msg("a torn frame (writer %u, %u bytes)", head.writer, head.len);
		record = records + (size_t)(head.writer - 1) * size;
		have = &filled[head.writer - 1];
		if (pipe_read_full(fd, record + *have, head.len) != (ssize_t)head.len)
			die("read(pipe): a frame ends early");
		*have += head.len;
		if (*have == size) {
			if (pipe_write_all(STDOUT_FILENO, record, size) == -1)
				die("write(stdout)");
			*have = 0;
		}
	}
	if (n == -1)
		die("read(pipe)");
	if (n != 0)
		die_msg("a frame header ends early");
	for (unsigned w = 0; w < writers; w++)
		if (filled[w] != 0)
			die_msg("writer %u stopped inside a record", w + 1);
	free(records);
	free(filled);
}

int main(int argc, char *argv[])
{
	unsigned writers, records;
	size_t size;
	pid_t pids[GATHER_MAX_WRITERS];
	bool all_ok = true;
	int fds[2];

	if (argc != 4)
		die_msg("usage: %s WRITERS RECORDS SIZE", argv[0]);
	writers = (unsigned)number(argv[1], 1, GATHER_MAX_WRITERS, "WRITERS");
	records = (unsigned)number(argv[2], 0, 1000000, "RECORDS");
	size = number(argv[3], GATHER_MIN_SIZE, GATHER_MAX_SIZE, "SIZE");
	stream_ignore_sigpipe();
	if (pipe(fds) == -1)
		die("pipe");

	for (unsigned w = 0; w < writers; w++) {
		pids[w] = fork();
		if (pids[w] == -1)
			die("fork");
		if (pids[w] == 0) {
			if (close(fds[0]) == -1)
				die("close(pipe read end)");
			run_writer(fds[1], w + 1, records, size);
		}
	}
	if (close(fds[1]) == -1) /* ours would keep end of file away */
		die("close(pipe write end)");
	gather(fds[0], writers, size);
	if (close(fds[0]) == -1)
		die("close(pipe read end)");
	for (unsigned w = 0; w < writers; w++) {
		int status = stream_reap(pids[w]);

		all_ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	if (!all_ok)
		die_msg("a writer failed");
	return EXIT_SUCCESS;
}
