/*\
 * Errors a client meets, reported clearly: a message that names the errno
 * on stderr and exit status 1, never a silent failure or death by a signal.
 *
 * - connect to a missing socket file: ENOENT;
 * - connect to a socket file or a port nobody listens on: ECONNREFUSED;
 * - a server that closes the connection while the client is still
 *   sending: EPIPE, where the default action of SIGPIPE would kill it.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sock_spec.h"

/* P failed as it should: exit status 1, stderr naming ERR by name or text. */
static void expect_reported(struct spec_proc *p, int err, const char *what)
{
	const char *said;

	spec_expect_exit(p, SPEC_PATIENCE_MS, NULL);
	said = spec_stderr_text(p);
	cr_expect(spec_exited_with(p, 1),
		  "%s: expected exit status 1, got: it %s (%s)", what,
		  spec_how_ended(p), said);
	cr_expect(strstr(said, spec_errno_name(err)) || strstr(said, strerror(err)),
		  "%s: expected a message on stderr naming %s (\"%s\"), got \"%s\"",
		  what, spec_errno_name(err), strerror(err), said);
}

Test(errors, unix_client_reports_missing_socket,
     .description = "unix_client to a path where no socket exists exits 1 with a message naming ENOENT")
{
	struct spec_proc client;

	spec_start(&client, NULL, "unix_client", (const char *[]){ "none.sock", "hello", NULL });
	expect_reported(&client, ENOENT, "unix_client none.sock hello, with no such file");
}

Test(errors, unix_client_reports_refused_connection,
     .description = "unix_client to a socket file nobody listens on exits 1 with a message naming ECONNREFUSED")
{
	struct spec_proc client;

	sock_make_stale("stale.sock");
	spec_start(&client, NULL, "unix_client", (const char *[]){ "stale.sock", "hello", NULL });
	expect_reported(&client, ECONNREFUSED, "unix_client stale.sock hello, with nobody listening");
}

Test(errors, tcp_client_reports_refused_connection,
     .description = "tcp_client to a port nobody listens on exits 1 with a message naming ECONNREFUSED")
{
	struct spec_proc client;
	int port;

	close(sock_listen_tcp("127.0.0.1", &port)); /* a port that was free */
	spec_start(&client, NULL, "tcp_client", (const char *[]){ spec_num((size_t)port), NULL });
	expect_reported(&client, ECONNREFUSED, "tcp_client to a closed port");
}

/* Sleeping inside a call that sends: the socket buffer is full. */
static bool blocked_sending(struct spec_proc *p)
{
	struct spec_sched s;

	for (int waited = 0; waited < SPEC_PATIENCE_MS; waited += 5) {
		if (!spec_wait_sleeping(p, SPEC_PATIENCE_MS) || !spec_sched_read(p->pid, &s))
			return false;
		if (s.state == 'S' && (s.syscall == SYS_write || s.syscall == SYS_sendto ||
				       s.syscall == SYS_sendmsg || s.syscall == SYS_writev))
			return true;
		usleep(5000);
	}
	return false;
}

Test(errors, unix_client_survives_closed_peer,
     .description = "unix_client whose server closes the connection while it sends exits 1 with a message (EPIPE), not killed by SIGPIPE")
{
	enum { MESSAGES = 4, SIZE = 120000 };
	static char msg[MESSAGES][SIZE + 1];
	const char *argv[MESSAGES + 2] = { "peer.sock" };
	struct spec_proc client;
	int listener = sock_listen_unix("peer.sock"), fd;

	for (int i = 0; i < MESSAGES; i++) {
		memset(msg[i], 'a' + i, SIZE);
		argv[i + 1] = msg[i];
	}
	spec_start(&client, NULL, "unix_client", argv);
	fd = sock_accept(listener, "unix_client");
	/* Nobody reads: the client fills the socket and blocks in a write. */
	cr_assert(blocked_sending(&client),
		  SPEC_CANNOT_CHECK "unix_client sending %d messages of %d bytes that nobody reads: expected it to block, got: it %s (%s)",
		  MESSAGES, SIZE, spec_how_ended(&client), spec_stderr_text(&client));
	close(fd);
	close(listener);
	spec_expect_exit(&client, SPEC_PATIENCE_MS, NULL);
	cr_expect(spec_exited_with(&client, 1) && *spec_stderr_text(&client),
		  "unix_client whose server closed the connection: expected exit status 1 with a message, got: it %s (%s)",
		  spec_how_ended(&client), spec_stderr_text(&client));
}
