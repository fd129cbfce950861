/*\
 * Keys: who finds which segment, and what happens when a key is taken.
 *
 * - shm_parse_key() takes numbers in C syntax and paths (through ftok);
 *   0 and missing paths are errors;
 * - shm_create() never reuses a key (EEXIST), refuses 0 bytes (EINVAL), and
 *   IPC_PRIVATE always gives a new segment;
 * - shm_lookup() finds its own segment, fails with ENOENT on a free key and
 *   EACCES without permission, and refuses foreign segments untouched;
 * - the programs refuse a taken key with a message, remove nothing they did
 *   not create, and leave nothing of their own behind.
 */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "shm_spec.h"

Test(keys, numbers_and_paths_become_keys,
     .description = "shm_parse_key() reads decimal, hex and octal numbers, and turns a path into ftok(path, 'S')")
{
	FILE *f = fopen("keyfile", "w");
	struct { const char *arg; long key; } cases[] = {
		{ "5678", 5678 }, { "0x162e", 0x162e }, { "017", 15 },
		{ spec_path("keyfile"), 0 },
	};

	cr_assert(f && fclose(f) == 0, SPEC_SETUP_FAILED "create keyfile");
	cases[3].key = spec_must(ftok(cases[3].arg, 'S'));
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct spec_answer a = shm_call_parse(cases[i].arg);

		cr_expect_eq(a.ret, cases[i].key, "shm_parse_key(\"%s\"): expected %#lx, got %s",
			     cases[i].arg, cases[i].key, spec_answer_text(a));
	}
}

Test(keys, zero_and_missing_paths_are_errors,
     .description = "shm_parse_key() fails with EINVAL for 0 (IPC_PRIVATE) or a number too big for key_t, and with ENOENT for a missing path")
{
	const struct { const char *arg; int err; } cases[] = {
		{ "0", EINVAL }, { "0x80000000", EINVAL },
		{ "/nonexistent/ipclab-key", ENOENT },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct spec_answer a = shm_call_parse(cases[i].arg);

		cr_expect(a.ret == -1 && a.err == cases[i].err,
			  "shm_parse_key(\"%s\"): expected -1 with %s, got %s",
			  cases[i].arg, spec_errno_name(cases[i].err), spec_answer_text(a));
	}
}

Test(keys, create_on_used_key_is_eexist,
     .description = "shm_create() on a key that is in use fails with EEXIST instead of reusing the segment")
{
	key_t key = spec_key();
	struct spec_answer a;

	shm_make_segment(key, spec_page(), 0600, true);
	a = shm_call_create(key, spec_page());
	if (a.ret >= 0)
		spec_track_shm((int)a.ret);
	cr_expect(a.ret == -1 && a.err == EEXIST,
		  "shm_create() on a key already in use: expected -1 with EEXIST, got %ld%s%s",
		  a.ret, a.ret == -1 ? " with " : " (the existing segment, reused)",
		  a.ret == -1 ? spec_errno_name(a.err) : "");
}

Test(keys, create_zero_bytes_is_einval,
     .description = "shm_create() of 0 bytes fails with EINVAL")
{
	struct spec_answer a = shm_call_create(spec_key(), 0);

	if (a.ret >= 0)
		spec_track_shm((int)a.ret);
	cr_expect(a.ret == -1 && a.err == EINVAL,
		  "shm_create(key, 0): expected -1 with EINVAL, got %s",
		  spec_answer_text(a));
}

Test(keys, private_key_always_new,
     .description = "shm_create(IPC_PRIVATE, ...) twice gives two different segments")
{
	struct spec_answer a = shm_call_create(IPC_PRIVATE, 1);
	struct spec_answer b;

	cr_assert_geq(a.ret, 0, "shm_create(IPC_PRIVATE, 1): expected an id, got -1 with %s",
		      spec_errno_name(a.err));
	spec_track_shm((int)a.ret);
	b = shm_call_create(IPC_PRIVATE, 1);
	cr_assert_geq(b.ret, 0, "shm_create(IPC_PRIVATE, 1) a second time: expected an id, got -1 with %s",
		      spec_errno_name(b.err));
	spec_track_shm((int)b.ret);
	cr_expect_neq(a.ret, b.ret, "shm_create(IPC_PRIVATE, 1) twice: expected two ids, got %ld both times",
		      a.ret);
}

Test(keys, lookup_finds_own_segment,
     .description = "shm_lookup(key, n) finds the segment that shm_create(key, n) made")
{
	key_t key = spec_key();
	struct spec_answer made = shm_call_create(key, 100);
	struct spec_answer found;

	cr_assert_geq(made.ret, 0, SPEC_CANNOT_CHECK "shm_create(key, 100) failed with %s",
		      spec_errno_name(made.err));
	spec_track_shm((int)made.ret);
	found = shm_call_lookup(key, 100);
	cr_expect_eq(found.ret, made.ret,
		     "shm_lookup(key, 100) after shm_create(key, 100) = %ld: expected %ld, got %ld%s%s",
		     made.ret, made.ret, found.ret, found.ret == -1 ? " with " : "",
		     found.ret == -1 ? spec_errno_name(found.err) : "");
}

Test(keys, lookup_missing_key_is_enoent,
     .description = "shm_lookup() on a key nobody uses fails with ENOENT and creates nothing")
{
	struct spec_answer a = shm_call_lookup(spec_key(), 100);

	if (a.ret >= 0)
		spec_track_shm((int)a.ret);
	cr_expect(a.ret == -1 && a.err == ENOENT,
		  "shm_lookup() on a free key: expected -1 with ENOENT, got %s",
		  spec_answer_text(a));
	spec_expect_no_ipc("after shm_lookup() on a free key");
}

Test(keys, lookup_without_permission_is_eacces,
     .description = "shm_lookup() on a segment whose mode denies access fails with EACCES")
{
	key_t key = spec_key();
	struct spec_answer a;

	shm_make_segment(key, spec_page(), 0000, false);
	a = shm_call_lookup(key, 100);
	cr_expect(a.ret == -1 && a.err == EACCES,
		  "shm_lookup() on a segment of mode 000: expected -1 with EACCES, got %s",
		  spec_answer_text(a));
}

Test(keys, lookup_refuses_foreign_segment,
     .description = "shm_lookup() refuses a segment of another size, mode or owner, and leaves it alone")
{
	size_t page = spec_page();
	const struct { const char *what; size_t size, asked; unsigned mode; bool mine; } cases[] = {
		{ "a larger segment", 3 * page, 1, 0600, true },
		{ "a smaller segment", page, 3 * page, 0600, true },
		{ "a segment of mode 666", page, 1, 0666, true },
		{ "a segment of another user (mode 666)", page, 1, 0666, false },
	};

	shm_require_lookup_works();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		key_t key = spec_key();
		struct shmid_ds ds;
		struct spec_answer a;
		int id;

		if (!cases[i].mine && !spec_student_is_other_user())
			continue; /* only a grader running as root can make one */
		id = shm_make_segment(key, cases[i].size, cases[i].mode, cases[i].mine);
		a = shm_call_lookup(key, cases[i].asked);
		cr_expect_eq(a.ret, -1, "shm_lookup(key, %zu) on %s: expected -1, got %ld (it took the foreign segment)",
			     cases[i].asked, cases[i].what, a.ret);
		cr_expect_neq(shmctl(id, IPC_STAT, &ds), -1,
			      "shm_lookup(key, %zu) on %s: expected the segment to stay, got it removed",
			      cases[i].asked, cases[i].what);
	}
}

Test(keys, server_refuses_taken_key,
     .description = "shm_server exits with a message when its key is taken by a segment or a semaphore set, removing only what it made")
{
	const char *taken_by[] = { "segment", "semaphore set" };

	shm_require_exchange_works();
	for (size_t i = 0; i < 2; i++) {
		key_t key = spec_key();
		struct spec_proc server;
		struct spec_io io = { .stdout_pipe = true };

		/* The student's user owns them: a server that removes what it
		 * finds under its key could, and must not. */
		if (i == 0)
			shm_make_segment(key, 3 * spec_page(), 0644, true);
		else
			shm_make_semset(key, 1, 0644, true);
		spec_start(&server, &io, "shm_server", (const char *[]){ shm_key_arg(key), NULL });
		if (!spec_wait_exit(&server, SPEC_PATIENCE_MS))
			cr_assert_fail("shm_server on a key taken by a %s: expected it to refuse the key and exit, got: after %d s it still %s",
				       taken_by[i], SPEC_PATIENCE_MS / 1000, spec_waiting_on(server.pid));
		cr_expect(WIFEXITED(server.status) && WEXITSTATUS(server.status) != 0,
			  "shm_server on a key taken by a %s: expected an exit status other than 0, got: it %s",
			  taken_by[i], spec_how_ended(&server));
		cr_expect(*spec_stderr_text(&server) != '\0',
			  "shm_server on a key taken by a %s: expected a message on stderr, got none",
			  taken_by[i]);
		spec_expect_no_ipc("after shm_server refused a taken key");
		cr_expect(i == 0 ? shmget(key, 0, 0) != -1 : semget(key, 0, 0) != -1,
			  "shm_server on a key taken by a %s: expected it to stay, got it removed",
			  taken_by[i]);
	}
}

Test(keys, client_refuses_foreign_segment,
     .description = "shm_client exits with a message when its key belongs to a segment that is not its server's")
{
	key_t key = spec_key();
	struct spec_proc client;

	shm_require_exchange_works();
	/* Not a whole number of pages: no lab segment can have this size. The
	 * semaphores look like a server's, so only the segment gives it away. */
	shm_make_segment(key, 3 * spec_page() + 1, 0600, true);
	shm_make_semset(key, 2, 0600, true);
	shm_start_client(&client, shm_key_arg(key), 0, (struct spec_io){ 0 });
	if (!spec_wait_exit(&client, SPEC_PATIENCE_MS))
		cr_assert_fail("shm_client on a foreign segment: expected it to refuse it and exit, got: after %d s it still %s",
			       SPEC_PATIENCE_MS / 1000, spec_waiting_on(client.pid));
	cr_expect(WIFEXITED(client.status) && WEXITSTATUS(client.status) != 0,
		  "shm_client on a foreign segment: expected an exit status other than 0, got: it %s",
		  spec_how_ended(&client));
	cr_expect(*spec_stderr_text(&client) != '\0',
		  "shm_client on a foreign segment: expected a message on stderr, got none");
	cr_expect(shmget(key, 0, 0) != -1 && semget(key, 0, 0) != -1,
		  "shm_client on a foreign segment: expected the segment and semaphores to stay, got them removed");
	spec_expect_no_ipc("after shm_client refused a foreign segment");
}

Test(keys, client_without_server_fails_cleanly,
     .description = "shm_client with no server exits at once with a message, creating nothing")
{
	struct spec_proc client;

	shm_require_exchange_works();
	shm_start_client(&client, shm_key_arg(spec_key()), 0, (struct spec_io){ 0 });
	if (!spec_wait_exit(&client, SPEC_PATIENCE_MS))
		cr_assert_fail("shm_client with no server: expected it to fail at once, got: after %d s it still %s",
			       SPEC_PATIENCE_MS / 1000, spec_waiting_on(client.pid));
	cr_expect(WIFEXITED(client.status) && WEXITSTATUS(client.status) != 0,
		  "shm_client with no server: expected an exit status other than 0, got: it %s",
		  spec_how_ended(&client));
	cr_expect(*spec_stderr_text(&client) != '\0',
		  "shm_client with no server: expected a message on stderr, got none");
	spec_expect_no_ipc("after shm_client found no server");
}

Test(keys, programs_accept_path_keys,
     .description = "shm_server and shm_client given a path use the key ftok(path, 'S') and talk")
{
	const char *path = spec_path("keyfile");
	struct spec_proc server, client;
	struct spec_ipc seg;
	FILE *f = fopen(path, "w");
	key_t key;

	cr_assert(f && fputs("hello\n", f) >= 0 && fclose(f) == 0,
		  SPEC_SETUP_FAILED "create keyfile");
	key = (key_t)spec_must(ftok(path, 'S'));
	shm_start_server(&server, path, (struct spec_io){ .stdin_file = path });
	cr_expect(spec_ipc_find('m', key, &seg),
		  "shm_server %s: expected a segment with key ftok(path, 'S') = %#x, got none",
		  path, (unsigned)key);
	shm_start_client(&client, path, 0, (struct spec_io){ .stdout_file = "client.out" });
	spec_expect_exit(&client, SPEC_PATIENCE_MS, (struct spec_proc *[]){ &server, NULL });
	spec_expect_exit(&server, SPEC_PATIENCE_MS, (struct spec_proc *[]){ &client, NULL });
	spec_expect_same_stream("hello\n", 6, "client.out", "shm_client with a path key");
}
