/*\
 * Synchronization: the kernel does not synchronize access to a segment, so
 * the programs must (semaphores), and must wait without burning CPU.
 *
 * - 10,000 numbered records go through intact: none lost, repeated,
 *   reordered or torn, whether the server or the client starts first, fed
 *   from a file or through a pipe in random pieces with random pauses;
 * - every byte value, NUL included, goes through;
 * - empty input ends the exchange cleanly;
 * - a server waiting for its client and a client waiting for data block
 *   (semop or a futex), they do not poll.
 */
#include <stdio.h>
#include <stdlib.h>

#include "shm_spec.h"

enum { RECORDS = 10000, ROUNDS = 3 };

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	cr_assert(f && fwrite(data, 1, len, f) == len && fclose(f) == 0,
		  SPEC_SETUP_FAILED "write %s", path);
}

/*
 * One exchange of DATA. Round 0 reads a file; the others feed a pipe in
 * random pieces. With client_first, the client is started, seen waiting,
 * and only then the server.
 */
static void exchange(const char *data, size_t len, unsigned round,
		     bool client_first, const char *what)
{
	key_t key = spec_key();
	struct spec_proc server, client;
	struct spec_io server_io = { .stdin_file = "input" };
	struct spec_io client_io = { .stdout_file = "client.out" };
	char label[160];

	if (round == 0)
		write_file("input", data, len);
	else
		server_io = (struct spec_io){ .stdin_pipe = true };
	if (client_first) {
		shm_start_client(&client, shm_key_arg(key), 10, client_io);
		cr_assert(spec_wait_sleeping(&client, SPEC_PATIENCE_MS),
			  SPEC_CANNOT_CHECK "shm_client -w 10 with no server yet: expected it to wait, got: it %s (%s)",
			  spec_how_ended(&client), spec_stderr_text(&client));
		shm_start_server(&server, shm_key_arg(key), server_io);
	} else {
		shm_start_server(&server, shm_key_arg(key), server_io);
		shm_start_client(&client, shm_key_arg(key), 0, client_io);
	}
	if (round > 0)
		spec_feed(&server, data, len, round);

	spec_expect_exit(&client, SPEC_PATIENCE_MS, (struct spec_proc *[]){ &server, NULL });
	spec_expect_exit(&server, SPEC_PATIENCE_MS, (struct spec_proc *[]){ &client, NULL });
	snprintf(label, sizeof label, "%s, round %u (%s)", what, round,
		 round ? "stdin a pipe fed in random pieces" : "stdin a file");
	cr_expect(spec_exited_with(&client, 0) && spec_exited_with(&server, 0),
		  "%s: expected both to exit 0, got: shm_server %s, shm_client %s (%s)",
		  label, spec_how_ended(&server), spec_how_ended(&client),
		  spec_stderr_text(&client));
	spec_expect_same_stream(data, len, "client.out", label);
}

static void exchange_records(bool client_first, const char *what)
{
	for (unsigned round = 0; round < ROUNDS; round++) {
		size_t len;
		char *data = spec_records(round + 1, RECORDS, false, &len);

		exchange(data, len, round, client_first, what);
		free(data);
	}
}

Test(sync, records_intact_server_first,
     .description = "10,000 records sent through shm_server arrive intact and in order at shm_client (server started first)")
{
	exchange_records(false, "10,000 records, server first");
}

Test(sync, records_intact_client_first,
     .description = "10,000 records arrive intact when shm_client -w starts before shm_server")
{
	exchange_records(true, "10,000 records, client first");
}

Test(sync, all_byte_values_pass,
     .description = "every byte value, NUL included, goes through unchanged")
{
	size_t len;
	char *data = spec_records(7, 2000, true, &len);

	exchange(data, len, 0, false, "2,000 binary records");
	exchange(data, len, 1, false, "2,000 binary records");
	free(data);
}

Test(sync, empty_input_ends_cleanly,
     .description = "with empty input, shm_client prints nothing and both programs exit 0")
{
	exchange("", 0, 0, false, "empty input");
}

Test(sync, server_blocks_while_client_is_slow,
     .description = "shm_server waiting for its client to take the data blocks instead of polling")
{
	key_t key = spec_key();
	struct spec_proc server;
	size_t len;
	char *data = spec_records(3, 20000, false, &len);

	write_file("input", data, len);
	free(data);
	shm_start_server(&server, shm_key_arg(key), (struct spec_io){ .stdin_file = "input" });
	spec_expect_blocked(&server, 1000, "waiting for a client to take its data");
	spec_stop(&server);
}

Test(sync, client_blocks_while_server_is_idle,
     .description = "shm_client waiting for data blocks instead of polling")
{
	key_t key = spec_key();
	struct spec_proc server, client;

	shm_start_server(&server, shm_key_arg(key), (struct spec_io){ .stdin_pipe = true });
	shm_start_client(&client, shm_key_arg(key), 0, (struct spec_io){ 0 });
	spec_expect_blocked(&client, 1000, "waiting for data from an idle server");
	spec_stop(&client);
	spec_stop(&server);
}
