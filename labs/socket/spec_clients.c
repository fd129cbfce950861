/*\
 * Many clients: tcp_server serves them all, at the same time, and what it
 * spends on each comes back when the client leaves.
 *
 * - a client is served while others stay connected (the course's server
 *   took one client only);
 * - 40 clients one after another leave the server with the descriptors it
 *   had after the first, and no zombie child.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sock_spec.h"

enum { CLIENTS = 3, SEQUENTIAL = 40 };

static void exchange(int fd, const char *msg, const char *what)
{
	sock_send_frame(fd, msg, strlen(msg), SOCK_WHOLE, 1);
	sock_expect_frame(fd, msg, strlen(msg), what);
}

Test(tcp, serves_clients_concurrently,
     .description = "tcp_server answers a client while other clients stay connected")
{
	struct spec_proc server;
	int port = sock_start_tcp_server(&server, (const char *[]){ "0", NULL }, true);
	int fd[CLIENTS];

	for (int i = 0; i < CLIENTS; i++) {
		char msg[32], what[128];

		fd[i] = sock_connect_tcp("127.0.0.1", port);
		cr_assert(fd[i] != -1, "client %d connecting to tcp_server: expected it to connect, got %s",
			  i + 1, spec_errno_name(errno));
		snprintf(msg, sizeof msg, "hello from client %d", i + 1);
		snprintf(what, sizeof what, "client %d, while %d other%s stay%s connected", i + 1, i,
			 i == 1 ? "" : "s", i == 1 ? "s" : "");
		exchange(fd[i], msg, what);
	}
	for (int i = 0; i < CLIENTS; i++)
		exchange(fd[i], "once more", "each client again, all connected");
	for (int i = 0; i < CLIENTS; i++)
		close(fd[i]);
	sock_stop_server(&server);
}

Test(tcp, no_descriptor_or_zombie_per_client,
     .description = "after 40 clients one after another, tcp_server holds no more descriptors than after the first and leaves no zombie")
{
	const struct timespec tick = { .tv_nsec = 5 * 1000 * 1000 };
	struct spec_proc server;
	int port = sock_start_tcp_server(&server, (const char *[]){ "0", NULL }, true);
	int before, after = -1, children = 0, zombies = 0;

	for (int i = 0; i <= SEQUENTIAL; i++) {
		int fd = sock_connect_tcp("127.0.0.1", port);

		cr_assert(fd != -1, "client %d connecting to tcp_server: expected it to connect, got %s",
			  i + 1, spec_errno_name(errno));
		exchange(fd, "one message", "a client among many, one after another");
		close(fd);
		if (i == 0) {
			sock_wait_children_done(server.pid);
			before = sock_fd_count(server.pid);
		}
	}
	/* The last sessions may still be ending: give them time. */
	for (int waited = 0; waited < SPEC_PATIENCE_MS; waited += 5) {
		sock_wait_children_done(server.pid);
		after = sock_fd_count(server.pid);
		children = sock_children(server.pid, &zombies);
		if (after <= before && zombies == 0)
			break;
		nanosleep(&tick, NULL);
	}
	cr_expect(after <= before,
		  "tcp_server after %d more clients: expected at most the %d descriptors it had after the first, got %d",
		  SEQUENTIAL, before, after);
	cr_expect(zombies == 0,
		  "tcp_server after %d clients: expected no zombie child, got %d zombie%s among %d children",
		  SEQUENTIAL + 1, zombies, zombies == 1 ? "" : "s", children);
	sock_stop_server(&server);
}
