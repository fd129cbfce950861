/*\
 * Cleanup: System V objects outlive the processes that made them, so the
 * server must remove its own on every exit path, and neither side may hang
 * when the other one leaves.
 *
 * - SIGTERM or SIGINT to a waiting server: it exits and removes everything;
 * - a client waiting on a server that goes away exits with an error;
 * - a server whose client is terminated exits and removes everything.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "shm_spec.h"

/* Signalled in the middle of its own work, a program may die of it by
 * chance; blocked in a read or a write (calls restarted after a handler,
 * unlike semop), it shows what its handler does. One stuck elsewhere (in
 * semop, say, when the semaphores are wrong) is signalled there. */
static void wait_until_blocked(struct spec_proc *p, bool (*in)(long syscall))
{
	if (spec_wait_sleeping_in(p, in, 2000))
		return;
	cr_assert(spec_wait_sleeping(p, SPEC_PATIENCE_MS),
		  SPEC_CANNOT_CHECK "%s never waited for anything: it %s", p->name,
		  p->reaped ? spec_how_ended(p) : spec_waiting_on(p->pid));
}

Test(cleanup, server_signal_removes_objects,
     .description = "SIGTERM or SIGINT makes a waiting shm_server exit and remove its segment and semaphores")
{
	const int sigs[] = { SIGTERM, SIGINT };

	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct spec_proc server;
		char after[64];

		shm_start_server(&server, shm_key_arg(spec_key()), (struct spec_io){ .stdin_pipe = true });
		wait_until_blocked(&server, spec_call_reads);
		spec_signal(&server, sigs[i]);
		spec_expect_exit(&server, SPEC_PATIENCE_MS, NULL);
		snprintf(after, sizeof after, "after SIG%s to a waiting shm_server",
			 sigabbrev_np(sigs[i]));
		spec_expect_no_ipc(after);
	}
}

Test(cleanup, client_exits_when_server_goes,
     .description = "a shm_client waiting for data exits with an error status when its server is terminated")
{
	key_t key = spec_key();
	struct spec_proc server, client;

	shm_start_server(&server, shm_key_arg(key), (struct spec_io){ .stdin_pipe = true });
	shm_start_client(&client, shm_key_arg(key), 0, (struct spec_io){ 0 });
	cr_assert(spec_wait_sleeping(&client, SPEC_PATIENCE_MS),
		  SPEC_CANNOT_CHECK "shm_client never waited for data: it %s (%s)",
		  spec_how_ended(&client), spec_stderr_text(&client));
	wait_until_blocked(&server, spec_call_reads);
	spec_signal(&server, SIGTERM);
	spec_expect_exit(&server, SPEC_PATIENCE_MS, NULL);
	spec_expect_exit(&client, SPEC_PATIENCE_MS, (struct spec_proc *[]){ &server, NULL });
	cr_expect(WIFEXITED(client.status) && WEXITSTATUS(client.status) != 0,
		  "shm_client whose server was terminated: expected an exit status other than 0, got: it %s",
		  spec_how_ended(&client));
}

Test(cleanup, server_exits_when_client_leaves,
     .description = "when shm_client is terminated mid-stream, shm_server exits and removes its objects instead of waiting forever")
{
	key_t key = spec_key();
	struct spec_proc server, client;
	size_t len;
	char *data = spec_records(5, 20000, false, &len);
	FILE *f = fopen("input", "w");

	cr_assert(f && fwrite(data, 1, len, f) == len && fclose(f) == 0,
		  SPEC_SETUP_FAILED "write input");
	free(data);
	shm_start_server(&server, shm_key_arg(key), (struct spec_io){ .stdin_file = "input" });
	/* Nobody reads the client's stdout: it fills and the client blocks
	 * there, mid-stream. */
	shm_start_client(&client, shm_key_arg(key), 0, (struct spec_io){ .stdout_pipe = true });
	wait_until_blocked(&client, spec_call_writes);
	spec_signal(&client, SIGTERM);
	spec_expect_exit(&client, SPEC_PATIENCE_MS, NULL);
	spec_expect_exit(&server, SPEC_PATIENCE_MS, (struct spec_proc *[]){ &client, NULL });
	spec_expect_no_ipc("after shm_client was terminated mid-stream");
}
