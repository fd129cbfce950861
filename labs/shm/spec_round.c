/*\
 * Page rounding: shared memory comes in whole pages.
 *
 * - shm_page_round() rounds 1, page-1, page, page+1 up to whole pages;
 * - it reads the page size at run time (the test fakes a 16 KiB page);
 * - shm_create() asks the kernel for the rounded size, and every byte up to
 *   the page end is there, zero-filled and writable.
 */
#include <sys/shm.h>

#include "shm_spec.h"

Test(round, sizes_round_up_to_whole_pages,
     .description = "shm_page_round() rounds 0, 1, page-1, page, page+1 and 3 pages + 5 up to whole pages")
{
	size_t page = spec_page();
	const size_t cases[][2] = {
		{ 0, 0 }, { 1, page }, { page - 1, page }, { page, page },
		{ page + 1, 2 * page }, { 3 * page + 5, 4 * page },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct spec_answer a = shm_call_round(cases[i][0], NULL);

		cr_expect_eq((size_t)a.ret, cases[i][1],
			     "shm_page_round(%zu) with %zu-byte pages: expected %zu, got %ld",
			     cases[i][0], page, cases[i][1], a.ret);
	}
}

Test(round, page_size_read_at_run_time,
     .description = "shm_page_round() uses the page size of the machine it runs on, not a constant")
{
	const size_t cases[][2] = { { 1, 16384 }, { 16385, 32768 } };

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct spec_answer a = shm_call_round(cases[i][0], "PROBE_PAGE_SIZE=16384");

		cr_expect_eq((size_t)a.ret, cases[i][1],
			     "shm_page_round(%zu) on a machine with 16384-byte pages: expected %zu, got %ld",
			     cases[i][0], cases[i][1], a.ret);
	}
}

Test(round, create_asks_for_whole_pages,
     .description = "shm_create() asks for whole pages: the segment's size is the rounded size, zero-filled up to the end")
{
	size_t page = spec_page();
	const size_t sizes[] = { 1, page - 1, page + 1 };

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		size_t want = (sizes[i] + page - 1) / page * page;
		struct spec_answer a = shm_call_create(spec_key(), sizes[i]);
		struct shmid_ds ds;
		unsigned char *p;

		cr_assert_geq(a.ret, 0, "shm_create(key, %zu) on a free key: expected an id, got -1 with %s",
			      sizes[i], spec_errno_name(a.err));
		spec_track_shm((int)a.ret);
		spec_must(shmctl((int)a.ret, IPC_STAT, &ds));
		cr_expect_eq(ds.shm_segsz, want,
			     "shm_create(key, %zu): expected a segment of %zu bytes (ipcs -m shows the size asked for), got %zu",
			     sizes[i], want, (size_t)ds.shm_segsz);
		p = shmat((int)a.ret, NULL, 0);
		cr_assert_neq(p, (void *)-1,
			      "shm_create(key, %zu): expected a segment its owner can attach, got shmat() failing with %s",
			      sizes[i], spec_errno_name(errno));
		for (size_t b = sizes[i]; b < want; b++)
			cr_assert_eq(p[b], 0, "shm_create(key, %zu): expected byte %zu of a new segment to be 0, got %d",
				     sizes[i], b, p[b]);
		p[want - 1] = 0x5a;
		shmdt(p);
	}
}
