/*\
 * Where tcp_server listens: on loopback only unless told otherwise, on the
 * port it is given, at once even if that port's last connections are in
 * TIME_WAIT (SO_REUSEADDR). The tests use loopback addresses only: every
 * 127.x.y.z address reaches the loopback interface.
 *
 * - without -a: 127.0.0.1 answers, 127.0.0.2 refuses (the course's server
 *   listened on every interface, INADDR_ANY);
 * - with -a 127.0.0.2: the other way round;
 * - PORT given with a connection of that port in TIME_WAIT: it listens
 *   there and says so.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sock_spec.h"

/* Expect ADDRESS:PORT to echo, or to refuse. */
static void expect_answer(const char *address, int port, bool answers, const char *what)
{
	int fd = sock_connect_tcp(address, port);
	char label[160];

	snprintf(label, sizeof label, "%s, a client on %s", what, address);
	if (!answers) {
		cr_expect(fd == -1 && errno == ECONNREFUSED,
			  "%s: expected the connection to be refused (ECONNREFUSED), got %s",
			  label, fd != -1 ? "it accepted" : spec_errno_name(errno));
	} else {
		cr_assert(fd != -1, "%s: expected tcp_server to accept, got %s", label,
			  spec_errno_name(errno));
		sock_send_frame(fd, "anyone there?", 13, SOCK_WHOLE, 1);
		sock_expect_frame(fd, "anyone there?", 13, label);
	}
	if (fd != -1)
		close(fd);
}

Test(tcp, listens_on_loopback_by_default,
     .description = "without -a, tcp_server listens on 127.0.0.1 only, not on every address")
{
	struct spec_proc server;
	int port = sock_start_tcp_server(&server, (const char *[]){ "0", NULL }, true);

	expect_answer("127.0.0.1", port, true, "tcp_server 0");
	expect_answer("127.0.0.2", port, false, "tcp_server 0");
	sock_stop_server(&server);
}

Test(tcp, listens_on_address_given,
     .description = "tcp_server -a 127.0.0.2 listens on that address only")
{
	struct spec_proc server;
	int port = sock_start_tcp_server(&server, (const char *[]){ "-a", "127.0.0.2", "0", NULL },
					 true);

	expect_answer("127.0.0.2", port, true, "tcp_server -a 127.0.0.2 0");
	expect_answer("127.0.0.1", port, false, "tcp_server -a 127.0.0.2 0");
	sock_stop_server(&server);
}

/* Whether a TCP socket on local PORT is in TIME_WAIT (state 06). */
static bool in_time_wait(int port)
{
	FILE *f = fopen("/proc/net/tcp", "re");
	char line[256];
	unsigned local_port, state;
	bool found = false;

	cr_assert(f, SPEC_SETUP_FAILED "fopen(/proc/net/tcp): %s", spec_errno_name(errno));
	while (!found && fgets(line, sizeof line, f))
		found = sscanf(line, " %*d: %*x:%x %*x:%*x %x", &local_port, &state) == 2 &&
			local_port == (unsigned)port && state == 0x06;
	fclose(f);
	return found;
}

/* A closed connection whose port-PORT side closed first: it stays in
 * TIME_WAIT for a minute, and bind() without SO_REUSEADDR fails. */
static int make_time_wait(void)
{
	const struct timespec tick = { .tv_nsec = 5 * 1000 * 1000 };
	int port, listener = sock_listen_tcp("127.0.0.1", &port);
	int client = sock_connect_tcp("127.0.0.1", port);
	int served = sock_accept(listener, "the test's own client");

	cr_assert(client != -1, SPEC_SETUP_FAILED "connect: %s", spec_errno_name(errno));
	close(served); /* this side first: it is the one left in TIME_WAIT */
	close(listener);
	close(client);
	for (int waited = 0; !in_time_wait(port); waited += 5) {
		cr_assert(waited < SPEC_PATIENCE_MS, SPEC_SETUP_FAILED "no TIME_WAIT on port %d", port);
		nanosleep(&tick, NULL);
	}
	return port;
}

Test(tcp, reuseaddr_rebinds_port_in_time_wait,
     .description = "tcp_server PORT listens on that port even while a closed connection of it is in TIME_WAIT")
{
	struct spec_proc server;
	int port = make_time_wait();
	int got = sock_start_tcp_server(&server, (const char *[]){ spec_num((size_t)port), NULL },
					false);

	cr_expect_eq(got, port, "tcp_server %d: expected \"port %d\", got \"port %d\"", port, port, got);
	expect_answer("127.0.0.1", port, true, "tcp_server on a port in TIME_WAIT");
	sock_stop_server(&server);
}
