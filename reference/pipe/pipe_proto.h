/*
 * pipe_proto.h - the records pipe_gather's writers make, and the frames
 * that carry them through the one pipe they share.
 *
 * A write of at most PIPE_BUF bytes to a pipe is atomic: it never mixes
 * with another writer's bytes. A larger one may be split and interleaved.
 * So every write here is one frame of at most PIPE_BUF bytes, a header that
 * names the writer followed by a piece of its current record; the reader
 * glues each writer's pieces back together.
 */
#ifndef PIPE_PROTO_H
#define PIPE_PROTO_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { GATHER_MAX_WRITERS = 64, GATHER_MIN_SIZE = 16, GATHER_MAX_SIZE = 1 << 20 };

struct frame_head {
	uint32_t writer; /* 1..writers */
	uint32_t len;    /* bytes of record that follow */
};

#define FRAME_DATA_MAX (PIPE_BUF - sizeof(struct frame_head))

/* Record NUMBER of WRITER, SIZE bytes (see the handout): "W N ", then one
 * letter repeated, then '\n'. */
static inline void gather_record(char *buf, size_t size, unsigned writer,
				 unsigned number)
{
	int head = snprintf(buf, size, "%u %u ", writer, number);

	memset(buf + head, 'a' + (int)((writer * 7 + number) % 26), size - (size_t)head - 1);
	buf[size - 1] = '\n';
}

#endif
