/*
 * ipcbench - how fast each IPC mechanism of the labs moves data between two
 * processes on this machine, measured side by side with the machine's limits.
 *
 * Usage: ipcbench [-t SECONDS] [-r REPEATS] [-d DATAFILE]
 *
 * Every measurement runs between the parent and a freshly forked child:
 *   ping-pong   the parent sends a message (64 B or 4 KiB), the child echoes
 *               it, the parent checks it: round trips per second;
 *   stream      the parent sends 1 MiB blocks, the child reads them and at
 *               the end acknowledges the byte count: MiB per second.
 * Each runs for SECONDS (default 0.2) and REPEATS times (default 3), the
 * repeats interleaved across mechanisms so that a burst of load on the
 * machine hits them all alike; the median is reported.
 *
 * The lab mechanisms frame every message (a length header on descriptors, a
 * length field in shared memory) and synchronise shared memory with
 * semaphores, as the labs require. The limits do the least possible: a bare
 * pipe and a socketpair move the payload alone, shared memory with
 * busy-waiting skips the kernel, memcpy copies 1 MiB blocks within one
 * process.
 *
 * Output: a Markdown table on stdout; with -d, the medians for gnuplot, one
 * line per mechanism: name "label" pp64 pp4k stream (0 when not measured).
 */
#define _GNU_SOURCE
#include "ipcbench.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "turns.h"

enum kind { PING_64, PING_4K, STREAM, KINDS };

static const size_t kind_size[KINDS] = { 64, 4096, 1 << 20 };

/* A run that has not finished after this long is stuck: end it cleanly. */
enum { WATCHDOG_S = 60 };

/* Round trips between two looks at the clock. */
enum { BATCH = 32, WARM_UP = 100 };

static const struct mech *const mechs[] = {
	&mech_sysv, &mech_mmap, &mech_pipe, &mech_fifo, &mech_unix, &mech_tcp,
	&mech_bare_pipe, &mech_socketpair, &mech_spin,
};
enum { NMECHS = sizeof mechs / sizeof mechs[0] };

/* Published context: goldsborough/ipc-bench, 100 B ping-pong, msgs/s. */
static const struct {
	const char *name;
	double rate;
} ipc_bench[] = {
	{ "tcp", 70221 }, { "unix", 130372 }, { "pipe", 162441 },
	{ "fifo", 265823 }, { "sysv", 4702557 }, { "mmap", 5338860 },
};

/* The channel being measured and the child measuring it with us, for the
 * cleanup after a signal or die(). */
static struct chan *current;
static pid_t child_pid;

static void cleanup(void)
{
	if (child_pid > 0)
		kill(child_pid, SIGKILL);
	child_pid = 0;
	if (!current)
		return;
	current->mech->remove(current);
	rmdir(current->dir);
	current = NULL;
}

/* A stuck run ends as if killed: the SIGTERM handler cleans up. */
static void stuck(int sig)
{
	(void)sig;
	raise(SIGTERM);
}

static double now(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) == -1)
		die("clock_gettime(CLOCK_MONOTONIC)");
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *must_alloc(size_t size)
{
	void *p;

	if (!(p = malloc(size)))
		die("malloc(%zu)", size);
	memset(p, 'x', size);
	return p;
}

static void round_trip(struct chan *c, char *buf, size_t size, uint64_t seq)
{
	uint64_t echo;

	memcpy(buf, &seq, sizeof seq);
	c->mech->send(c, PARENT, buf, size);
	if (c->mech->recv(c, PARENT, buf, size) != size)
		die_msg("%s: the echo of message %llu is not %zu bytes long", c->mech->name,
			(unsigned long long)seq, size);
	memcpy(&echo, buf, sizeof echo);
	if (echo != seq)
		die_msg("%s: message %llu came back as %llu", c->mech->name,
			(unsigned long long)seq, (unsigned long long)echo);
}

/* Round trips per second. */
static double ping_pong(struct chan *c, char *buf, size_t size, double seconds)
{
	uint64_t seq = 0, timed = 0;
	double start, elapsed;

	while (seq < WARM_UP)
		round_trip(c, buf, size, ++seq);
	start = now();
	do {
		for (int i = 0; i < BATCH; i++)
			round_trip(c, buf, size, ++seq);
		timed += BATCH;
	} while ((elapsed = now() - start) < seconds);
	return (double)timed / elapsed;
}

/* MiB per second, once the child has acknowledged every byte. */
static double stream(struct chan *c, char *buf, size_t size, double seconds)
{
	uint64_t sent = 0, acked;
	double start = now(), elapsed;

	do {
		c->mech->send(c, PARENT, buf, size);
		sent += size;
	} while (now() - start < seconds);
	c->mech->end(c, PARENT);
	if (c->mech->recv(c, PARENT, buf, sizeof acked) != sizeof acked)
		die_msg("%s: no acknowledgement at the end of the stream", c->mech->name);
	elapsed = now() - start;
	memcpy(&acked, buf, sizeof acked);
	if (acked != sent)
		die_msg("%s: sent %llu bytes, the child received %llu", c->mech->name,
			(unsigned long long)sent, (unsigned long long)acked);
	return (double)sent / elapsed / (1 << 20);
}

static noreturn void child(struct chan *c, enum kind k, char *buf, size_t size, pid_t parent)
{
	uint64_t total = 0;
	size_t n;

	/* Never outlive the parent, even one killed without its cleanup. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		die("prctl(PR_SET_PDEATHSIG)");
	if (getppid() != parent)
		_exit(EXIT_FAILURE);
	if (c->mech->attach)
		c->mech->attach(c, CHILD);
	while ((n = c->mech->recv(c, CHILD, buf, size)) > 0) {
		if (k == STREAM)
			total += n;
		else
			c->mech->send(c, CHILD, buf, n);
	}
	if (k == STREAM)
		c->mech->send(c, CHILD, &total, sizeof total);
	_exit(EXIT_SUCCESS);
}

static double measure(const struct mech *m, enum kind k, double seconds)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	size_t size = kind_size[k];
	struct chan c = { .mech = m, .max = size, .fd = { { -1, -1 }, { -1, -1 } },
			  .listen_fd = -1, .semid = -1 };
	char *buf = must_alloc(size);
	double result;
	pid_t parent, pid;
	int status;

	snprintf(c.dir, sizeof c.dir, "%s/ipcbench-XXXXXX", tmp);
	if (!mkdtemp(c.dir))
		die("mkdtemp(%s)", c.dir);
	current = &c;
	m->open(&c);
	fflush(NULL); /* the child must not print our buffered output again */
	parent = getpid();
	pid = fork();
	if (pid == -1)
		die("fork");
	if (pid == 0)
		child(&c, k, buf, size, parent);
	child_pid = pid;
	if (m->attach)
		m->attach(&c, PARENT);
	alarm(WATCHDOG_S);
	result = k == STREAM ? stream(&c, buf, size, seconds) : ping_pong(&c, buf, size, seconds);
	if (k != STREAM)
		m->end(&c, PARENT);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			die("waitpid(%ld)", (long)pid);
	alarm(0);
	child_pid = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die_msg("%s: the child ended with wait status %#x", m->name, (unsigned)status);
	cleanup();
	free(buf);
	return result;
}

/* MiB per second of memcpy between two 1 MiB buffers in this process. */
static double memcpy_rate(double seconds)
{
	size_t size = kind_size[STREAM];
	char *from = must_alloc(size), *to = must_alloc(size), *swap;
	volatile char sink = 0;
	uint64_t copied = 0;
	double start = now(), elapsed;

	do {
		memcpy(to, from, size);
		sink ^= to[size - 1]; /* the copy is used: the compiler keeps it */
		copied += size;
		swap = from;
		from = to;
		to = swap;
	} while ((elapsed = now() - start) < seconds);
	free(from);
	free(to);
	return (double)copied / elapsed / (1 << 20);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* 1234567 as "1,234,567". */
static const char *grouped(double value, char *out, size_t size)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%.0f", value), k = 0;

	for (int i = 0; i < len && (size_t)k + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return out;
}

static const char *ratio(double value, double limit, char *out, size_t size)
{
	snprintf(out, size, "%.2fx", value / limit);
	return out;
}

static double published(const char *name)
{
	for (size_t i = 0; i < sizeof ipc_bench / sizeof ipc_bench[0]; i++)
		if (strcmp(ipc_bench[i].name, name) == 0)
			return ipc_bench[i].rate;
	return 0;
}

static void print_table(double result[][KINDS], double copy)
{
	const double *bare = NULL;
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32];

	printf("| mechanism | 64 B round trips/s | vs bare pipe | 4 KiB round trips/s | vs bare pipe "
	       "| 1 MiB stream MiB/s | vs memcpy | ipc-bench 100 B, i5-4590S |\n"
	       "|---|--:|--:|--:|--:|--:|--:|--:|\n");
	for (int i = 0; i < NMECHS; i++)
		if (mechs[i] == &mech_bare_pipe)
			bare = result[i];
	for (int i = 0; i < NMECHS; i++) {
		const double *r = result[i];
		double p = published(mechs[i]->name);

		printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", mechs[i]->label,
		       grouped(r[PING_64], a, sizeof a), ratio(r[PING_64], bare[PING_64], b, sizeof b),
		       grouped(r[PING_4K], c, sizeof c), ratio(r[PING_4K], bare[PING_4K], d, sizeof d),
		       grouped(r[STREAM], e, sizeof e), ratio(r[STREAM], copy, f, sizeof f),
		       p > 0 ? grouped(p, g, sizeof g) : "");
	}
	printf("| memcpy (limit) | | | | | %s | 1.00x | |\n", grouped(copy, e, sizeof e));
}

static void write_data(const char *path, double result[][KINDS], double copy)
{
	FILE *f;

	if (!(f = fopen(path, "w")))
		die("fopen(%s)", path);
	fprintf(f, "# name label pp64_per_s pp4k_per_s stream_MiB_per_s\n");
	for (int i = 0; i < NMECHS; i++)
		fprintf(f, "%s \"%s\" %.0f %.0f %.0f\n", mechs[i]->name, mechs[i]->label,
			result[i][PING_64], result[i][PING_4K], result[i][STREAM]);
	fprintf(f, "memcpy \"memcpy (limit)\" 0 0 %.0f\n", copy);
	if (fclose(f) == EOF)
		die("fclose(%s)", path);
}

int main(int argc, char *argv[])
{
	double seconds = 0.2, copy, result[NMECHS][KINDS];
	double (*runs)[NMECHS][KINDS];
	double *copies, *one;
	const char *data = NULL;
	int repeats = 3, opt;
	struct sigaction sa = { .sa_handler = stuck };

	while ((opt = getopt(argc, argv, "t:r:d:")) != -1) {
		if (opt == 't' && (seconds = atof(optarg)) > 0)
			continue;
		if (opt == 'r' && (repeats = atoi(optarg)) > 0)
			continue;
		if (opt == 'd') {
			data = optarg;
			continue;
		}
		fprintf(stderr, "usage: %s [-t SECONDS] [-r REPEATS] [-d DATAFILE]\n", argv[0]);
		return 2;
	}
	die_at_exit(cleanup);
	leave_on_signals(cleanup);
	if (sigaction(SIGALRM, &sa, NULL) == -1)
		die("sigaction(SIGALRM)");
	/* A peer that died shows as EPIPE, and die() cleans up. */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		die("sigaction(SIGPIPE)");
	runs = malloc((size_t)repeats * sizeof *runs);
	copies = malloc((size_t)repeats * sizeof *copies);
	one = malloc((size_t)repeats * sizeof *one);
	if (!runs || !copies || !one)
		die("malloc(%d repeats)", repeats);
	for (int r = 0; r < repeats; r++) {
		for (int i = 0; i < NMECHS; i++)
			for (int k = 0; k < KINDS; k++)
				runs[r][i][k] = measure(mechs[i], (enum kind)k, seconds);
		copies[r] = memcpy_rate(seconds);
	}
	for (int i = 0; i < NMECHS; i++)
		for (int k = 0; k < KINDS; k++) {
			for (int r = 0; r < repeats; r++)
				one[r] = runs[r][i][k];
			result[i][k] = median(one, repeats);
		}
	copy = median(copies, repeats);
	print_table(result, copy);
	if (data)
		write_data(data, result, copy);
	free(runs);
	free(copies);
	free(one);
	return 0;
}
