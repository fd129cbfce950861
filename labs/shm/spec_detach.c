/*\
 * Detach versus removal. The course text says the last shmdt() removes a
 * segment: it does not. Only IPC_RMID marks it for destruction; the kernel
 * frees it when the last process detaches.
 *
 * - after shm_destroy(), a process still attached keeps reading and
 *   writing the segment, and the key no longer finds it;
 * - after that last detach, the segment is gone;
 * - after a normal exchange, shm_server leaves no object behind.
 */
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>

#include "shm_spec.h"

/* A segment the test attaches, owned by the student so that the student's
 * shm_destroy() is allowed to remove it. */
static char *attached_segment(key_t key, int *id)
{
	char *p;

	*id = shm_make_segment(key, spec_page(), 0600, true);
	p = shmat(*id, NULL, 0);
	cr_assert_neq(p, (void *)-1, SPEC_SETUP_FAILED "shmat: %s", spec_errno_name(errno));
	strcpy(p, "still here");
	return p;
}

Test(detach, destroy_keeps_attached_memory,
     .description = "after shm_destroy(), an attached process still uses the segment, but its key no longer finds it")
{
	key_t key = spec_key();
	int id;
	char *p = attached_segment(key, &id);
	struct spec_answer a = shm_call_destroy(id);

	cr_assert_eq(a.ret, 0, "shm_destroy(%d) of an attached segment: expected 0, got %s",
		     id, spec_answer_text(a));
	cr_expect_str_eq(p, "still here", "after shm_destroy(): expected the attached memory to keep its contents, got \"%.16s\"", p);
	p[spec_page() - 1] = 'x';
	cr_expect(shmget(key, 0, 0) == -1 && errno == ENOENT,
		  "shmget(key) after shm_destroy(): expected -1 with ENOENT (the key is released), got %s",
		  shmget(key, 0, 0) == -1 ? spec_errno_name(errno) : "the segment again");
	shmdt(p);
}

Test(detach, destroy_frees_after_last_detach,
     .description = "a segment passed to shm_destroy() is freed when its last process detaches, not before")
{
	key_t key = spec_key();
	int id;
	char *p = attached_segment(key, &id);
	struct shmid_ds ds;
	struct spec_answer a = shm_call_destroy(id);

	cr_assert_eq(a.ret, 0, "shm_destroy(%d) of an attached segment: expected 0, got %s",
		     id, spec_answer_text(a));
	cr_expect_neq(shmctl(id, IPC_STAT, &ds), -1,
		      "IPC_STAT while still attached after shm_destroy(): expected the segment to exist, got %s",
		      spec_errno_name(errno));
	shmdt(p);
	cr_expect(shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL,
		  "IPC_STAT after the last shmdt() following shm_destroy(): expected -1 with EINVAL (freed), got %s",
		  shmctl(id, IPC_STAT, &ds) == -1 ? spec_errno_name(errno) : "the segment, still there");
}

Test(detach, server_removes_objects_after_stream,
     .description = "after a complete exchange, shm_server and shm_client exit 0 and no System V object is left")
{
	key_t key = spec_key();
	struct spec_proc server, client;
	FILE *f = fopen("input", "w");

	cr_assert(f && fputs("one line\n", f) >= 0 && fclose(f) == 0,
		  SPEC_SETUP_FAILED "create input");
	shm_start_server(&server, shm_key_arg(key), (struct spec_io){ .stdin_file = "input" });
	shm_start_client(&client, shm_key_arg(key), 0, (struct spec_io){ 0 });
	spec_expect_exit(&client, SPEC_PATIENCE_MS, (struct spec_proc *[]){ &server, NULL });
	spec_expect_exit(&server, SPEC_PATIENCE_MS, NULL);
	cr_expect(spec_exited_with(&server, 0) && spec_exited_with(&client, 0),
		  "an exchange of one line: expected both to exit 0, got: shm_server %s, shm_client %s",
		  spec_how_ended(&server), spec_how_ended(&client));
	spec_expect_no_ipc("after shm_server and shm_client exited");
}
