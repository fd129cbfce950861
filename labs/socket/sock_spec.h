/* sock_spec.h - what the socket lab's spec files share: the servers
 * started and ready, raw connections the test makes itself, frames sent in
 * small pieces, and a server's descriptors and children. */
#ifndef SOCK_SPEC_H
#define SOCK_SPEC_H

#include "spec.h"

/* Start unix_server PATH with stdout a pipe, and wait for "ready". If it
 * does not start, the test fails; as "cannot check" when it is only a
 * precondition (the test is about something else). */
void sock_start_unix_server(struct spec_proc *server, const char *path,
			    bool precondition);

/* Send "quit" as a client of the test's own, read the rest of the
 * server's stdout to its end, and fail unless it is LEN bytes of EXPECTED
 * and the server exits 0. */
void sock_quit_expecting(struct spec_proc *server, const char *path,
			 const char *expected, size_t len, const char *what);

/* Start tcp_server with ARGS (NULL-terminated, the port last) and return
 * the port of its "port N" line (PRECONDITION as above). */
int sock_start_tcp_server(struct spec_proc *server, const char *const args[],
			  bool precondition);

/* Stop a server once the sessions of its closed clients have ended (a
 * server may serve each in a child process). */
void sock_stop_server(struct spec_proc *server);

/* Run unix_client PATH MESSAGES... to its end; fail unless it exits 0. */
void sock_run_unix_client(const char *path, const char *const messages[]);

/* A connection of the test's own, with SPEC_PATIENCE_MS timeouts on both
 * directions (and TCP_NODELAY for TCP). -1 with errno if connect fails. */
int sock_connect_unix(const char *path);
int sock_connect_tcp(const char *address, int port);

/* A listening socket of the test's own (its file tracked): UNIX at PATH,
 * or TCP on ADDRESS with a port the kernel picks (*port). */
int sock_listen_unix(const char *path);
int sock_listen_tcp(const char *address, int *port);

/* Accept one connection within SPEC_PATIENCE_MS, or fail the test. */
int sock_accept(int listener, const char *who);

/* Bytes of LEN-byte frames, header included: a malloc'd buffer. */
char *sock_frame(const char *payload, size_t len, size_t *frame_len);

/* A MAX_PIECE for sock_write_pieces(): everything at once. */
#define SOCK_WHOLE ((size_t)-1)

/* Write LEN bytes to FD in pieces of 1 to MAX_PIECE bytes drawn from SEED,
 * with short pauses now and then; what is left goes at once when it is no
 * more than MAX_PIECE (SOCK_WHOLE sends the whole buffer at once).
 * TCP connections of the test's own send each piece in a segment. */
void sock_write_pieces(int fd, const char *buf, size_t len, size_t max_piece,
		       unsigned seed);

/* Send one frame in pieces (see sock_write_pieces). */
void sock_send_frame(int fd, const char *payload, size_t len, size_t max_piece,
		     unsigned seed);

/* Read one frame within the patience: 1 a frame (malloc'd *buf), 0 end of
 * stream, -1 an error or time out (errno; EPROTO inside a frame, EMSGSIZE
 * for a length over FRAME_MAX). */
int sock_recv_frame(int fd, char **buf, size_t *len);

/* What sock_recv_frame() returning R means, for a message: "another frame",
 * "the connection closed", "nothing within the time limit"... */
const char *sock_frame_failure(int r);

/* Expect the next frame on FD to be LEN bytes of DATA (an echo). */
void sock_expect_frame(int fd, const char *data, size_t len, const char *what);

/* Open descriptors of process PID, -1 if it is gone. */
int sock_fd_count(pid_t pid);

/* Child processes of PID; *zombies of them have ended but are not reaped. */
int sock_children(pid_t pid, int *zombies);

/* Wait until no child process of PID is running (its sessions have
 * ended), up to the patience. False if some still run. */
bool sock_wait_children_done(pid_t pid);

/* Whether a socket file exists at PATH. */
bool sock_file_exists(const char *path);

/* Make a stale socket file at PATH: bound, then closed, nobody listening. */
void sock_make_stale(const char *path);

#endif
