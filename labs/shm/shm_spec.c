/* shm_spec.c - see shm_spec.h. */
#include "shm_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/shm.h>

const char *shm_key_arg(key_t key)
{
	static char buf[8][16];
	static unsigned next;
	char *s = buf[next++ % 8];

	snprintf(s, sizeof buf[0], "%#x", (unsigned)key);
	return s;
}

struct spec_answer shm_call_round(size_t bytes, const char *env)
{
	char call[64];

	snprintf(call, sizeof call, "shm_page_round(%zu)", bytes);
	return spec_probe(call, env, (const char *[]){ "round", spec_num(bytes), NULL });
}

struct spec_answer shm_call_parse(const char *arg)
{
	char call[300];

	snprintf(call, sizeof call, "shm_parse_key(\"%s\")", arg);
	return spec_probe(call, NULL, (const char *[]){ "parse", arg, NULL });
}

struct spec_answer shm_call_create(key_t key, size_t bytes)
{
	char call[64];
	struct spec_answer a;
	struct shmid_ds ds;

	snprintf(call, sizeof call, "shm_create(%#x, %zu)", (unsigned)key, bytes);
	a = spec_probe(call, NULL, (const char *[]){
		"create", shm_key_arg(key), spec_num(bytes), NULL });
	if (a.ret >= 0 && shmctl((int)a.ret, IPC_STAT, &ds) == -1)
		cr_assert_fail("%s: expected the id of a segment its owner may use, got %ld, which shmctl(IPC_STAT) refuses with %s%s",
			       call, a.ret, spec_errno_name(errno),
			       errno == EACCES ? " (is the mode SHM_MODE?)" : " (the key instead of the id?)");
	return a;
}

struct spec_answer shm_call_lookup(key_t key, size_t bytes)
{
	char call[64];

	snprintf(call, sizeof call, "shm_lookup(%#x, %zu)", (unsigned)key, bytes);
	return spec_probe(call, NULL, (const char *[]){
		"lookup", shm_key_arg(key), spec_num(bytes), NULL });
}

struct spec_answer shm_call_destroy(int id)
{
	char call[64];

	snprintf(call, sizeof call, "shm_destroy(%d)", id);
	return spec_probe(call, NULL, (const char *[]){
		"destroy", spec_num((size_t)id), NULL });
}

static void give_to_student(struct ipc_perm *perm)
{
	perm->uid = (uid_t)atol(getenv("IPCLAB_STUDENT_UID"));
	perm->gid = (gid_t)atol(getenv("IPCLAB_STUDENT_GID"));
}

int shm_make_segment(key_t key, size_t size, unsigned mode, bool student_owned)
{
	int id = (int)spec_must(shmget(key, size, IPC_CREAT | IPC_EXCL | (int)mode));
	struct shmid_ds ds;

	spec_track_shm(id);
	if (student_owned && spec_student_is_other_user()) {
		spec_must(shmctl(id, IPC_STAT, &ds));
		give_to_student(&ds.shm_perm);
		spec_must(shmctl(id, IPC_SET, &ds));
	}
	return id;
}

int shm_make_semset(key_t key, int nsems, unsigned mode, bool student_owned)
{
	int id = (int)spec_must(semget(key, nsems, IPC_CREAT | IPC_EXCL | (int)mode));
	struct semid_ds ds;

	spec_track_sem(id);
	if (student_owned && spec_student_is_other_user()) {
		spec_must(semctl(id, 0, IPC_STAT, &ds));
		give_to_student(&ds.sem_perm);
		spec_must(semctl(id, 0, IPC_SET, &ds));
	}
	return id;
}

/* What a precondition run left under KEY is charged to the test that
 * checks for leaks, not to every test that needed the precondition. */
static void adopt_leftovers(key_t key)
{
	struct spec_ipc o;

	if (spec_ipc_find('m', key, &o))
		spec_track_shm(o.id);
	if (spec_ipc_find('s', key, &o))
		spec_track_sem(o.id);
}

void shm_start_server(struct spec_proc *server, const char *key_arg,
		      struct spec_io io)
{
	io.stdout_pipe = true;
	spec_start(server, &io, "shm_server", (const char *[]){ key_arg, NULL });
	spec_expect_ready(server, key_arg);
}

void shm_start_client(struct spec_proc *client, const char *key_arg,
		      int wait, struct spec_io io)
{
	spec_start(client, &io, "shm_client",
		   (const char *[]){ "-w", spec_num((size_t)wait), key_arg, NULL });
}

void shm_require_exchange_works(void)
{
	key_t key = spec_key();
	struct spec_proc server, client;
	char server_did[300], client_did[300];

	shm_start_server(&server, shm_key_arg(key), (struct spec_io){ 0 });
	shm_start_client(&client, shm_key_arg(key), 0, (struct spec_io){ 0 });
	if (!spec_wait_exit(&client, SPEC_PATIENCE_MS) || !spec_exited_with(&client, 0) ||
	    !spec_wait_exit(&server, SPEC_PATIENCE_MS) || !spec_exited_with(&server, 0)) {
		/* Before spec_stop(), whose SIGTERM is not theirs to explain. */
		snprintf(server_did, sizeof server_did, "%s%s%s", spec_how_ended(&server),
			 *spec_stderr_text(&server) ? ", saying: " : "", spec_stderr_text(&server));
		snprintf(client_did, sizeof client_did, "%s%s%s", spec_how_ended(&client),
			 *spec_stderr_text(&client) ? ", saying: " : "", spec_stderr_text(&client));
		spec_stop(&client);
		spec_stop(&server);
		adopt_leftovers(key);
		cr_assert_fail(SPEC_CANNOT_CHECK "an exchange of empty input on a free key does not work yet (shm_server %s; shm_client %s)",
			       server_did, client_did);
	}
	adopt_leftovers(key);
}

void shm_require_lookup_works(void)
{
	key_t key = spec_key();
	struct spec_answer made = shm_call_create(key, 1);
	struct spec_answer found;

	if (made.ret >= 0)
		spec_track_shm((int)made.ret);
	found = shm_call_lookup(key, 1);
	cr_assert(made.ret >= 0 && found.ret == made.ret,
		  SPEC_CANNOT_CHECK "shm_lookup() does not find what shm_create() made yet");
}
