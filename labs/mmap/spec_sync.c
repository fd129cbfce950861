/*\
 * Synchronization: mapped memory is as unsynchronized as shared memory, so
 * mmap_read changes the value only while it holds the file's lock.
 *
 * - a reader waits while the lock is held, and changes nothing meanwhile;
 * - it reads the value after taking the lock: what another process wrote
 *   through its own mapping meanwhile is what it doubles, and its update
 *   shows in that process's mapping (MAP_SHARED both ways);
 * - a waiting reader blocks, it does not poll;
 * - many readers at once lose no update: each doubles what the one before
 *   left, repeated over several rounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmap_spec.h"

enum { READERS = 8, ROUNDS = 4 };

/* The test's mapping of a new file holding VALUE, with the lock taken. */
static struct mmap_cell *held_cell(const char *path, const char *value)
{
	struct mmap_cell *cell;

	mmap_make_file(path, value, MMAP_FILE_SIZE);
	cell = mmap_view(path);
	spec_must(sem_wait(&cell->lock));
	return cell;
}

static void expect_waiting(struct spec_proc *reader, const char *path)
{
	cr_assert(mmap_start_waiting_reader(reader, path, "reader.out"),
		  "mmap_read started while another process holds the file's lock: expected it to wait, got: it %s",
		  mmap_ended(reader));
}

Test(sync, reader_waits_for_lock,
     .description = "mmap_read waits while another process holds the file's lock, and changes nothing meanwhile")
{
	const char *path = spec_path("counter");
	struct mmap_cell *cell = held_cell(path, "21");
	struct spec_proc reader;

	expect_waiting(&reader, path);
	cr_expect_str_eq(cell->value, "21", "mmap_read waiting for the lock: expected the value untouched, got \"%s\"",
			 cell->value);
	spec_must(sem_post(&cell->lock));
	spec_expect_exit(&reader, SPEC_PATIENCE_MS, NULL);
	cr_expect(spec_exited_with(&reader, 0) && strcmp(cell->value, "42") == 0,
		  "mmap_read once the lock was free: expected exit status 0 and 42, got: it %s, \"%s\"",
		  spec_how_ended(&reader), cell->value);
}

Test(sync, reader_reads_after_taking_lock,
     .description = "mmap_read doubles the value another process wrote through its mapping while holding the lock, and that process sees the result")
{
	const char *path = spec_path("counter");
	struct mmap_cell *cell = held_cell(path, "21");
	struct spec_proc reader;

	expect_waiting(&reader, path);
	snprintf(cell->value, sizeof cell->value, "33");
	spec_must(sem_post(&cell->lock));
	spec_expect_exit(&reader, SPEC_PATIENCE_MS, NULL);
	cr_expect_str_eq(mmap_first_line("reader.out"), "value:33",
			 "mmap_read after another process wrote 33 through its mapping and freed the lock: expected \"value:33\", got \"%s\"",
			 mmap_first_line("reader.out"));
	cr_expect_str_eq(cell->value, "66",
			 "mmap_read after another process wrote 33 and freed the lock: expected that process's mapping to show 66, got \"%s\"",
			 cell->value);
}

Test(sync, waiting_reader_blocks,
     .description = "mmap_read waiting for the lock blocks instead of polling")
{
	const char *path = spec_path("counter");
	struct mmap_cell *cell = held_cell(path, "21");
	struct spec_proc reader;

	mmap_start_reader(&reader, path, NULL);
	spec_expect_blocked(&reader, 1000, "waiting for the file's lock");
	spec_must(sem_post(&cell->lock));
	spec_expect_exit(&reader, SPEC_PATIENCE_MS, NULL);
}

/* READERS readers queue on the lock; freed, each must double in turn. */
static void round_of_readers(unsigned round)
{
	char name[16];
	const char *path;
	struct mmap_cell *cell;
	struct spec_proc readers[READERS];
	bool printed[READERS + 1] = { false };

	snprintf(name, sizeof name, "counter%u", round);
	path = spec_path(name);
	cell = held_cell(path, "1");
	for (unsigned i = 0; i < READERS; i++) {
		char out[24];

		snprintf(out, sizeof out, "reader%u.out", i);
		cr_assert(mmap_start_waiting_reader(&readers[i], path, out),
			  "reader %u of %d started while the lock is held, round %u: expected it to wait, got: it %s",
			  i + 1, READERS, round + 1, mmap_ended(&readers[i]));
	}
	spec_must(sem_post(&cell->lock));
	for (unsigned i = 0; i < READERS; i++) {
		char out[24];
		const char *line;
		unsigned long long n = 0;
		int bit = 0;

		spec_expect_exit(&readers[i], SPEC_PATIENCE_MS, NULL);
		cr_assert(spec_exited_with(&readers[i], 0), "reader %u of %d, round %u: expected exit status 0, got: it %s",
			  i + 1, READERS, round + 1, mmap_ended(&readers[i]));
		snprintf(out, sizeof out, "reader%u.out", i);
		line = mmap_first_line(out);
		if (sscanf(line, "value:%llu", &n) == 1)
			while (bit < READERS && n != 1ULL << bit)
				bit++;
		cr_assert(n == 1ULL << bit && bit < READERS && !printed[bit],
			  "%d readers doubling 1, round %u: expected each to print a different value:2^k below 2^%d, got \"%s\"%s",
			  READERS, round + 1, READERS, line, printed[bit] ? " twice (an update was lost)" : "");
		printed[bit] = true;
	}
	cr_expect_eq(strtoull(cell->value, NULL, 10), 1ULL << READERS,
		     "%d readers doubling 1, round %u: expected %llu in the file, got \"%s\"",
		     READERS, round + 1, 1ULL << READERS, cell->value);
}

Test(sync, concurrent_readers_lose_nothing,
     .description = "8 mmap_read started at once double the value 8 times, in 4 rounds: no update is lost")
{
	for (unsigned round = 0; round < ROUNDS; round++)
		round_of_readers(round);
}
