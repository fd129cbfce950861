/* shm_spec.h - what the shm lab's spec files share: calls through the
 * probe, objects made by the test, servers and clients started and ready. */
#ifndef SHM_SPEC_H
#define SHM_SPEC_H

#include "spec.h"

/* The functions of shm_lib.h, each called in a probe process. */
struct spec_answer shm_call_round(size_t bytes, const char *env);
struct spec_answer shm_call_parse(const char *arg);
struct spec_answer shm_call_create(key_t key, size_t bytes);
struct spec_answer shm_call_lookup(key_t key, size_t bytes);
struct spec_answer shm_call_destroy(int id);

/* A key as the programs take it on their command line: "0x1a2b3c4d". */
const char *shm_key_arg(key_t key);

/* A segment or semaphore set made by the test, removed after it. With
 * student_owned, the student's user owns it (when that is another user). */
int shm_make_segment(key_t key, size_t size, unsigned mode, bool student_owned);
int shm_make_semset(key_t key, int nsems, unsigned mode, bool student_owned);

/* Start shm_server with KEY_ARG and wait for its "ready" line. */
void shm_start_server(struct spec_proc *server, const char *key_arg,
		      struct spec_io io);

/* Preconditions of the refusal tests: a program that refuses everything
 * must not earn their points. Each fails the test as "cannot check" unless
 * the program does its ordinary job. */
void shm_require_exchange_works(void);
void shm_require_lookup_works(void);

/* Start shm_client with KEY_ARG, waiting up to WAIT seconds (-w). */
void shm_start_client(struct spec_proc *client, const char *key_arg,
		      int wait, struct spec_io io);

#endif
