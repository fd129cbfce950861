/* sock_spec.c - see sock_spec.h. */
#include "sock_spec.h"
#include "sock_proto.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void ready_line(struct spec_proc *server, const char *what, char *line,
		       size_t size, bool precondition)
{
	if (spec_read_line(server, line, size, SPEC_PATIENCE_MS))
		return;
	spec_wait_exit(server, 100);
	cr_assert_fail("%s%s did not start: expected a first line on stdout, got \"%s\"; it %s%s%s",
		       precondition ? SPEC_CANNOT_CHECK : "", what, line,
		       spec_how_ended(server),
		       *spec_stderr_text(server) ? ", saying: " : "",
		       spec_stderr_text(server));
}

void sock_start_unix_server(struct spec_proc *server, const char *path,
			    bool precondition)
{
	char line[64], what[300];

	snprintf(what, sizeof what, "unix_server %s", path);
	spec_start(server, &(struct spec_io){ .stdout_pipe = true }, "unix_server",
		   (const char *[]){ path, NULL });
	ready_line(server, what, line, sizeof line, precondition);
	cr_assert_str_eq(line, "ready", "%s%s: expected \"ready\" first, got \"%s\"",
			 precondition ? SPEC_CANNOT_CHECK : "", what, line);
}

/* The rest of P's stdout, to its end, into file PATH. */
static void drain(struct spec_proc *p, const char *path)
{
	FILE *f = fopen(path, "we");
	struct pollfd pfd = { .fd = p->out, .events = POLLIN };
	char buf[65536];
	ssize_t n = 1;

	cr_assert(f, SPEC_SETUP_FAILED "fopen(%s): %s", path, spec_errno_name(errno));
	while (n > 0 && poll(&pfd, 1, SPEC_PATIENCE_MS) == 1 &&
	       (n = read(p->out, buf, sizeof buf)) > 0)
		cr_assert(fwrite(buf, 1, (size_t)n, f) == (size_t)n,
			  SPEC_SETUP_FAILED "fwrite(%s)", path);
	cr_assert(fclose(f) == 0, SPEC_SETUP_FAILED "fclose(%s)", path);
}

void sock_quit_expecting(struct spec_proc *server, const char *path,
			 const char *expected, size_t len, const char *what)
{
	int fd = sock_connect_unix(path);
	char said[512];

	cr_assert(fd != -1, "%s, connecting to send \"quit\": expected unix_server to accept, got %s",
		  what, spec_errno_name(errno));
	sock_send_frame(fd, "quit", 4, SOCK_WHOLE, 1);
	close(fd);
	drain(server, "server.out");
	if (!spec_wait_exit(server, SPEC_PATIENCE_MS))
		cr_assert_fail("%s, then \"quit\": expected unix_server to exit, got: after %d s it still %s (was \"quit\" recognised?)",
			       what, SPEC_PATIENCE_MS / 1000, spec_waiting_on(server->pid));
	cr_expect(spec_exited_with(server, 0),
		  "%s, then \"quit\": expected unix_server to exit 0, got: it %s (%s)",
		  what, spec_how_ended(server), spec_stderr_text(server));
	snprintf(said, sizeof said, "%s%s%s%s", what, *spec_stderr_text(server) ? " (unix_server said: " : "",
		 spec_stderr_text(server), *spec_stderr_text(server) ? ")" : "");
	spec_expect_same_stream(expected, len, "server.out", said);
}

int sock_start_tcp_server(struct spec_proc *server, const char *const args[],
			  bool precondition)
{
	char line[64], what[128] = "tcp_server";
	int port = -1;

	for (size_t i = 0; args[i]; i++)
		snprintf(what + strlen(what), sizeof what - strlen(what), " %s", args[i]);
	spec_start(server, &(struct spec_io){ .stdout_pipe = true }, "tcp_server", args);
	ready_line(server, what, line, sizeof line, precondition);
	cr_assert(sscanf(line, "port %d", &port) == 1 && port > 0 && port < 65536,
		  "%s%s: expected \"port N\" first, N the port it listens on, got \"%s\"",
		  precondition ? SPEC_CANNOT_CHECK : "", what, line);
	return port;
}

void sock_stop_server(struct spec_proc *server)
{
	sock_wait_children_done(server->pid);
	spec_stop(server);
}

void sock_run_unix_client(const char *path, const char *const messages[])
{
	const char *argv[16] = { path };
	struct spec_proc client;
	size_t n = 1;

	for (size_t i = 0; messages[i] && n + 1 < sizeof argv / sizeof *argv; i++)
		argv[n++] = messages[i];
	spec_start(&client, NULL, "unix_client", argv);
	spec_expect_exit(&client, SPEC_PATIENCE_MS, NULL);
	cr_assert(spec_exited_with(&client, 0),
		  "unix_client %s %s...: expected exit status 0, got: it %s (%s)",
		  path, messages[0], spec_how_ended(&client), spec_stderr_text(&client));
}

/* Bounded waits both ways; on TCP, each piece the test sends leaves at
 * once, in a segment of its own (no Nagle). */
static void set_options(int fd)
{
	struct timeval tv = { .tv_sec = SPEC_PATIENCE_MS / 1000 };
	int domain, on = 1;
	socklen_t len = sizeof domain;

	spec_must(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
	spec_must(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
	spec_must(getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len));
	if (domain == AF_INET)
		spec_must(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on));
}

static struct sockaddr_un unix_address(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	cr_assert(strlen(path) < sizeof addr.sun_path,
		  SPEC_SETUP_FAILED "path too long: %s", path);
	strcpy(addr.sun_path, path);
	return addr;
}

static struct sockaddr_in inet_address(const char *address, int port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
				    .sin_port = htons((in_port_t)port) };

	cr_assert(inet_pton(AF_INET, address, &addr.sin_addr) == 1,
		  SPEC_SETUP_FAILED "bad address %s", address);
	return addr;
}

/* connect(), or -1 with errno; the socket is closed on failure. */
static int connect_or_close(int fd, const struct sockaddr *addr, socklen_t len)
{
	int err;

	set_options(fd);
	if (connect(fd, addr, len) == 0)
		return fd;
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

int sock_connect_unix(const char *path)
{
	struct sockaddr_un addr = unix_address(path);
	int fd = (int)spec_must(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));

	return connect_or_close(fd, (struct sockaddr *)&addr, sizeof addr);
}

int sock_connect_tcp(const char *address, int port)
{
	struct sockaddr_in addr = inet_address(address, port);
	int fd = (int)spec_must(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));

	return connect_or_close(fd, (struct sockaddr *)&addr, sizeof addr);
}

int sock_listen_unix(const char *path)
{
	struct sockaddr_un addr = unix_address(path);
	int fd = (int)spec_must(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));

	spec_must(bind(fd, (struct sockaddr *)&addr, sizeof addr));
	spec_track_path(spec_path(path));
	/* connect(2) needs write permission: the student may be another user. */
	spec_must(chmod(path, 0666));
	spec_must(listen(fd, 8));
	return fd;
}

int sock_listen_tcp(const char *address, int *port)
{
	struct sockaddr_in addr = inet_address(address, 0);
	socklen_t len = sizeof addr;
	const int on = 1;
	int fd = (int)spec_must(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));

	spec_must(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
	spec_must(bind(fd, (struct sockaddr *)&addr, sizeof addr));
	spec_must(listen(fd, 8));
	spec_must(getsockname(fd, (struct sockaddr *)&addr, &len));
	*port = ntohs(addr.sin_port);
	return fd;
}

int sock_accept(int listener, const char *who)
{
	struct pollfd pfd = { .fd = listener, .events = POLLIN };
	int fd;

	cr_assert(poll(&pfd, 1, SPEC_PATIENCE_MS) == 1,
		  SPEC_CANNOT_CHECK "%s never connected within %d s", who,
		  SPEC_PATIENCE_MS / 1000);
	fd = (int)spec_must(accept4(listener, NULL, NULL, SOCK_CLOEXEC));
	set_options(fd);
	return fd;
}

char *sock_frame(const char *payload, size_t len, size_t *frame_len)
{
	uint32_t header = htonl((uint32_t)len);
	char *frame = malloc(len + sizeof header);

	cr_assert(frame, SPEC_SETUP_FAILED "out of memory for a %zu-byte frame", len);
	memcpy(frame, &header, sizeof header);
	memcpy(frame + sizeof header, payload, len);
	*frame_len = len + sizeof header;
	return frame;
}

void sock_write_pieces(int fd, const char *buf, size_t len, size_t max_piece,
		       unsigned seed)
{
	while (len > 0) {
		size_t piece = max_piece >= len ? len : 1 + (size_t)rand_r(&seed) % max_piece;
		ssize_t n;

		/* Pauses let the reader wake up and see a piece alone. */
		if (rand_r(&seed) % 4 == 0) {
			struct timespec pause = { .tv_nsec = rand_r(&seed) % 1000 * 1000L };

			nanosleep(&pause, NULL);
		}
		n = send(fd, buf, piece < len ? piece : len, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		cr_assert(n > 0, "sending the last %zu bytes of a frame: expected the program to read them, got %s%s",
			  len, spec_errno_name(errno),
			  errno == EPIPE || errno == ECONNRESET ? " (it closed the connection)" : "");
		buf += n;
		len -= (size_t)n;
	}
}

void sock_send_frame(int fd, const char *payload, size_t len, size_t max_piece,
		     unsigned seed)
{
	size_t frame_len;
	char *frame = sock_frame(payload, len, &frame_len);

	sock_write_pieces(fd, frame, frame_len, max_piece, seed);
	free(frame);
}

/* Read exactly LEN bytes: how many arrived before the end, or -1. */
static ssize_t read_exactly(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int sock_recv_frame(int fd, char **buf, size_t *len)
{
	uint32_t header;
	ssize_t got = read_exactly(fd, (char *)&header, sizeof header);

	*buf = NULL;
	if (got <= 0)
		return (int)got;
	if ((size_t)got < sizeof header) {
		errno = EPROTO;
		return -1;
	}
	*len = ntohl(header);
	if (*len > FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	*buf = malloc(*len + 1);
	cr_assert(*buf, SPEC_SETUP_FAILED "out of memory for a %zu-byte frame", *len);
	got = read_exactly(fd, *buf, *len);
	if (got == -1 || (size_t)got < *len) {
		if (got != -1)
			errno = EPROTO;
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 1;
}

const char *sock_frame_failure(int r)
{
	if (r == 1)
		return "another frame";
	if (r == 0)
		return "the connection closed";
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return "nothing within the time limit";
	if (errno == EPROTO)
		return "the connection closed inside a frame";
	if (errno == EMSGSIZE)
		return "a frame header over FRAME_MAX bytes (is the length in network byte order?)";
	return spec_errno_name(errno);
}

void sock_expect_frame(int fd, const char *data, size_t len, const char *what)
{
	char *got;
	size_t got_len = 0;
	int r = sock_recv_frame(fd, &got, &got_len);
	size_t at = 0;

	cr_assert(r == 1, "%s: expected a frame of %zu bytes back, got %s", what,
		  len, sock_frame_failure(r));
	while (at < len && at < got_len && data[at] == got[at])
		at++;
	free(got);
	cr_assert(at == len && got_len == len,
		  "%s: expected the %zu bytes sent to come back, got a frame of %zu bytes, %s byte %zu",
		  what, len, got_len,
		  at == got_len ? "cut at" : at == len ? "too long from" : "different from", at);
}

int sock_fd_count(pid_t pid)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

int sock_children(pid_t pid, int *zombies)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	*zombies = 0;
	if (!d)
		cr_assert_fail(SPEC_SETUP_FAILED "opendir(/proc): %s", spec_errno_name(errno));
	while ((e = readdir(d)) != NULL) {
		char path[64], buf[512], state;
		const char *after;
		FILE *f;
		int ppid;
		size_t got;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof path, "/proc/%.20s/stat", e->d_name);
		if (!(f = fopen(path, "re")))
			continue;
		got = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[got] = '\0';
		after = strrchr(buf, ')'); /* the command name may hold spaces */
		if (after && sscanf(after + 1, " %c %d", &state, &ppid) == 2 && ppid == pid) {
			n++;
			*zombies += state == 'Z';
		}
	}
	closedir(d);
	return n;
}

bool sock_wait_children_done(pid_t pid)
{
	const struct timespec tick = { .tv_nsec = 5 * 1000 * 1000 };
	int zombies;

	for (int waited = 0; sock_children(pid, &zombies) > zombies; waited += 5) {
		if (waited >= SPEC_PATIENCE_MS)
			return false;
		nanosleep(&tick, NULL);
	}
	return true;
}

bool sock_file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

void sock_make_stale(const char *path)
{
	close(sock_listen_unix(path));
}
