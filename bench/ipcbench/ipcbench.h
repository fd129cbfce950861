/*
 * ipcbench.h - a two-way channel between a parent and its forked child,
 * implemented once per IPC mechanism (chan_<mechanism>.c), and the helpers
 * those implementations share (stream.c for descriptors, memchan.c for
 * shared memory with semaphores).
 *
 * Lifecycle, driven by ipcbench.c for every measurement:
 *   open(c)            before fork: create the objects (names under c->dir)
 *   attach(c, side)    after fork, in each process: connect this side
 *                      (NULL when fork itself shares everything)
 *   send/recv          messages of at most c->max bytes
 *   end(c, side)       this side sends no more: the peer's recv returns 0
 *   remove(c)          parent, at the end or from a signal handler: remove
 *                      every object, name and mapping; idempotent and
 *                      async-signal-safe
 */
#ifndef IPCBENCH_H
#define IPCBENCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum side { PARENT, CHILD };

struct chan {
	const struct mech *mech;
	size_t max;              /* the largest message */
	char dir[PATH_MAX];      /* a private directory for paths (FIFOs, sockets, files) */
	int fd[2][2];            /* per side: [0] read, [1] write; -1 when closed */
	int listen_fd;           /* UNIX and TCP sockets, until the child connects */
	unsigned short port;     /* TCP: the port the kernel chose */
	int semid;               /* System V semaphore set, -1 when removed */
	void *map;               /* shared memory kinds: the mapping */
	size_t map_size;
	void *slot[2];           /* per direction (the sender's side): len + data */
};

struct mech {
	const char *name;        /* short name for -m and the data file */
	const char *label;       /* how the table names it */
	bool limit;              /* a machine limit, not a lab mechanism */
	bool framed;             /* stream kinds: each message has a length header */
	void (*open)(struct chan *c);
	void (*attach)(struct chan *c, enum side s);
	void (*send)(struct chan *c, enum side s, const void *buf, size_t len);
	size_t (*recv)(struct chan *c, enum side s, void *buf, size_t len);
	void (*end)(struct chan *c, enum side s);
	void (*remove)(struct chan *c);
	/* Shared memory kinds: wait for and post semaphore N (memchan.c). */
	void (*take)(struct chan *c, unsigned n);
	void (*give)(struct chan *c, unsigned n);
};

extern const struct mech mech_sysv, mech_mmap, mech_pipe, mech_fifo, mech_unix,
	mech_tcp, mech_bare_pipe, mech_socketpair, mech_spin;

/* ---- descriptors (stream.c) ---- */

/* Keep side S's descriptors, close the other side's. */
void stream_keep(struct chan *c, enum side s);

/* Send LEN bytes, with a length header when the mechanism is framed. */
void stream_send(struct chan *c, enum side s, const void *buf, size_t len);

/* Receive one message: its header's length when framed, else exactly LEN
 * bytes. Returns 0 at end of stream. */
size_t stream_recv(struct chan *c, enum side s, void *buf, size_t len);

/* Close side S's write end: the peer reads end of stream. */
void stream_end(struct chan *c, enum side s);

/* Sockets: the parent accepts on c->listen_fd, the child connects to ADDR;
 * each keeps the connected socket for both directions. */
struct sockaddr;
void stream_connect(struct chan *c, enum side s, const struct sockaddr *addr,
		    size_t addr_len);

/* Close every descriptor still open (async-signal-safe). */
void stream_close_all(struct chan *c);

/* ---- shared memory with semaphores (memchan.c) ---- */

/* Semaphore numbers: per direction (the sender's side) the slot is free to
 * write, or full and ready to read. Initial values: 1, 0, 1, 0. */
enum { SEM_MAY_WRITE = 0, SEM_MAY_READ = 1, SEM_PER_DIRECTION = 2, SEM_TOTAL = 4 };

/* Bytes of shared memory for two slots of c->max bytes each, aligned. */
size_t memchan_size(const struct chan *c);

/* Point c->slot[] at the two slots, which start at BASE. */
void memchan_layout(struct chan *c, void *base);

void memchan_send(struct chan *c, enum side s, const void *buf, size_t len);
size_t memchan_recv(struct chan *c, enum side s, void *buf, size_t len);
void memchan_end(struct chan *c, enum side s);

#endif
