/*\
 * Cleanup: a UNIX socket is a file, so whoever binds it must remove it.
 *
 * - a stale socket file (a killed server's) is removed before bind, which
 *   otherwise fails with EADDRINUSE;
 * - "quit" ends unix_server with the socket file removed;
 * - so do SIGTERM and SIGINT, while it waits for a client or reads one;
 * - a path too long for sun_path is an error, never a truncated name.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "sock_spec.h"

static const char *const path = "srv.sock";

static void expect_removed(const char *file, const char *after)
{
	cr_expect(!sock_file_exists(file),
		  "%s: expected the socket file %s to be removed, got it still there",
		  after, file);
}

Test(cleanup, stale_socket_is_replaced,
     .description = "unix_server starts on a path where a stale socket file is left, and removes it at the end")
{
	struct spec_proc server;

	sock_make_stale(path);
	sock_start_unix_server(&server, path, false);
	sock_run_unix_client(path, (const char *[]){ "over the stale one", NULL });
	sock_quit_expecting(&server, path, "over the stale one\n", 19,
			    "a message to a server started over a stale socket file");
	expect_removed(path, "after \"quit\" to a server started over a stale socket file");
}

Test(cleanup, quit_removes_socket,
     .description = "after \"quit\", unix_server exits 0 and its socket file is gone")
{
	struct spec_proc server;

	sock_start_unix_server(&server, path, true);
	sock_run_unix_client(path, (const char *[]){ "one", NULL });
	sock_quit_expecting(&server, path, "one\n", 4, "one message");
	expect_removed(path, "after \"quit\"");
}

Test(cleanup, signal_removes_socket,
     .description = "SIGTERM or SIGINT ends unix_server, waiting for a client or reading one, with its socket file removed")
{
	const int sigs[] = { SIGTERM, SIGINT };

	for (size_t i = 0; i < 2 * sizeof sigs / sizeof *sigs; i++) {
		const char *doing = i % 2 ? "reading a client" : "waiting for a client";
		struct spec_proc server;
		char after[96], file[32];
		int fd = -1;

		/* A file per round: what a round leaves is reported as a leak. */
		snprintf(file, sizeof file, "srv%zu.sock", i);
		sock_start_unix_server(&server, file, true);
		if (i % 2) { /* half a header: the server waits for the rest */
			fd = sock_connect_unix(file);
			cr_assert(fd != -1, SPEC_CANNOT_CHECK "connect(%s): %s", file,
				  spec_errno_name(errno));
			sock_write_pieces(fd, "\0\0", 2, 2, 1);
		}
		spec_wait_sleeping(&server, SPEC_PATIENCE_MS);
		spec_signal(&server, sigs[i / 2]);
		snprintf(after, sizeof after, "after SIG%s to unix_server %s",
			 sigabbrev_np(sigs[i / 2]), doing);
		spec_expect_exit(&server, SPEC_PATIENCE_MS, NULL);
		if (fd != -1)
			close(fd);
		expect_removed(file, after);
	}
}

Test(cleanup, too_long_path_is_refused,
     .description = "unix_server and unix_client work with a path of 107 characters and refuse one of 108, which does not fit in sun_path with its NUL")
{
	struct sockaddr_un addr;
	char fits[sizeof addr.sun_path], longer[sizeof addr.sun_path + 1], line[64];
	struct spec_proc server, client;

	memset(fits, 'f', sizeof fits - 1);
	fits[sizeof fits - 1] = '\0';
	memset(longer, 'p', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	/* A program that refuses every path earns nothing here. */
	sock_start_unix_server(&server, fits, true);
	sock_run_unix_client(fits, (const char *[]){ "fits", NULL });
	sock_quit_expecting(&server, fits, "fits\n", 5, "a path of 107 characters");

	spec_start(&server, &(struct spec_io){ .stdout_pipe = true }, "unix_server",
		   (const char *[]){ longer, NULL });
	cr_expect(!spec_read_line(&server, line, sizeof line, SPEC_PATIENCE_MS),
		  "unix_server with a path of %zu characters: expected an error, got \"%s\"",
		  strlen(longer), line);
	spec_stop(&server);
	cr_expect(spec_exited_with(&server, 1) && *spec_stderr_text(&server),
		  "unix_server with a path of %zu characters: expected a message and exit status 1, got: it %s (%s)",
		  strlen(longer), spec_how_ended(&server), spec_stderr_text(&server));
	longer[sizeof addr.sun_path - 1] = '\0';
	cr_expect(!sock_file_exists(longer),
		  "unix_server with a path of %zu characters: expected no file, got one named by its first %zu characters",
		  strlen(longer) + 1, strlen(longer));
	unlink(longer);
	longer[sizeof addr.sun_path - 1] = 'p';

	spec_start(&client, NULL, "unix_client", (const char *[]){ longer, "hello", NULL });
	spec_expect_exit(&client, SPEC_PATIENCE_MS, NULL);
	cr_expect(spec_exited_with(&client, 1) && *spec_stderr_text(&client),
		  "unix_client with a path of %zu characters: expected a message and exit status 1, got: it %s (%s)",
		  strlen(longer), spec_how_ended(&client), spec_stderr_text(&client));
}

Test(cleanup, address_fits_sun_path,
     .description = "sock_unix_address() takes a path that fits in sun_path with its NUL and fails with ENAMETOOLONG or EINVAL otherwise")
{
	struct sockaddr_un addr;
	char name[sizeof addr.sun_path + 1];
	const struct { size_t len; long ret; int err; } cases[] = {
		{ sizeof addr.sun_path - 1, 0, 0 },
		{ sizeof addr.sun_path, -1, ENAMETOOLONG },
		{ 0, -1, EINVAL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct spec_answer a;
		char call[64];

		memset(name, 'a', cases[i].len);
		name[cases[i].len] = '\0';
		snprintf(call, sizeof call, "sock_unix_address(<%zu characters>)", cases[i].len);
		a = spec_probe(call, NULL, (const char *[]){ "address", name, NULL });
		cr_expect(a.ret != -2, "%s returned 0, but binding the address made no socket file of that name",
			  call);
		cr_expect(a.ret == cases[i].ret && (a.ret == 0 || a.err == cases[i].err),
			  "%s: expected %ld%s%s, got %ld%s%s", call, cases[i].ret,
			  cases[i].err ? " with " : "", cases[i].err ? spec_errno_name(cases[i].err) : "",
			  a.ret, a.ret == -1 ? " with " : "", a.ret == -1 ? spec_errno_name(a.err) : "");
	}
}
