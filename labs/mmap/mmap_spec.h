/* mmap_spec.h - what the mmap lab's spec files share: calls through the
 * probe, files made and mapped by the test, the programs run to the end. */
#ifndef MMAP_SPEC_H
#define MMAP_SPEC_H

#include "spec.h"

#include "mmap_lib.h"

/* The functions of mmap_lib.h, each called in a probe process (see
 * probe_mmap.c for what the answers mean). */
struct spec_answer mmap_call_create(const char *path, size_t size);
struct spec_answer mmap_call_share(const char *path, const char *access,
				   size_t size, const char *prot,
				   const char *text);
struct spec_answer mmap_call_release(const char *path, size_t size,
				     const char *text);

/* How the probe opens the file for ACCESS ("r", "w", "rw", "closed"), in
 * words: "a file opened O_RDONLY". */
const char *mmap_access_text(const char *access);

/* Up to SIZE bytes of file PATH as read(2) sees them. Returns the file's
 * size, or -1 if there is no such file. */
long mmap_read_file(const char *path, char *buf, size_t size);

/* "a file of N bytes", or "no file" for mmap_read_file()'s -1. */
const char *mmap_file_text(long size);

/* A file of SIZE bytes made by the test (removed after it) and given to
 * the student's user: VALUE as text in a cell whose lock is free, or, with
 * value NULL, zeros only. */
void mmap_make_file(const char *path, const char *value, size_t size);

/* The test's own shared mapping of the cell at the start of PATH. */
struct mmap_cell *mmap_view(const char *path);

/* The value text of file PATH, read with read(2), for messages. */
const char *mmap_value_in(const char *path);

/* Run mmap_write PATH [VALUE] (value NULL: no argument) to its end. */
void mmap_run_writer(struct spec_proc *p, const char *path, const char *value);

/* Start mmap_read PATH with its stdout in file OUT (NULL: /dev/null). */
void mmap_start_reader(struct spec_proc *p, const char *path, const char *out);

/* Start mmap_read PATH while the test holds the file's lock, and wait
 * until it sleeps (blocked on the lock). False if it ended instead. */
bool mmap_start_waiting_reader(struct spec_proc *p, const char *path,
			       const char *out);

/* How P ended, with its first line on stderr if any: "exited with status
 * 1, saying: mmap_read: open(x): ENOENT (...)", "was killed by SIGBUS". */
const char *mmap_ended(struct spec_proc *p);

/* Wait for P, then fail the test unless it exited with a status other
 * than 0 and a message on stderr. WHAT names the run for messages. */
void mmap_expect_refused(struct spec_proc *p, const char *what);

/* The first line of file OUT, without its newline ("" if none). */
const char *mmap_first_line(const char *out);

/* Preconditions of the refusal tests: a program that refuses everything
 * must not earn their points. Each fails the test as "cannot check" unless
 * the program does its ordinary job: mmap_write FILE 21 makes a file that
 * holds 21; mmap_read on a file holding 21 exits 0 and leaves 42. */
void mmap_require_writer_works(void);
void mmap_require_reader_works(void);

#endif
