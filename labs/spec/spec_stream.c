/* spec_stream.c - numbered records to push through a student's programs,
 * and a comparison that says which record went wrong. */
#include "spec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each record: "#<8-digit number> <length>:" then the payload and '\n'. */
enum { HEAD = 20, MAX_PAYLOAD = 300 };

char *spec_records(unsigned seed, unsigned count, bool binary, size_t *len)
{
	char *buf = malloc((size_t)count * (HEAD + MAX_PAYLOAD + 1));
	size_t used = 0;

	if (!buf)
		cr_assert_fail(SPEC_SETUP_FAILED "out of memory for %u records", count);
	for (unsigned i = 0; i < count; i++) {
		unsigned n = (unsigned)rand_r(&seed) % MAX_PAYLOAD;

		used += (size_t)sprintf(buf + used, "#%08u %03u:", i, n);
		for (unsigned j = 0; j < n; j++)
			buf[used++] = binary ? (char)(rand_r(&seed) & 0xff) :
					       (char)('a' + rand_r(&seed) % 26);
		buf[used++] = '\n';
	}
	*len = used;
	return buf;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t size = 0;

	*len = 0;
	if (!f)
		return NULL;
	for (size_t n = 1; n > 0; *len += n) {
		if (size - *len < 65536 && !(buf = realloc(buf, size += 1 << 20)))
			cr_assert_fail(SPEC_SETUP_FAILED "out of memory reading %s", path);
		n = fread(buf + *len, 1, size - *len, f);
	}
	fclose(f);
	return buf;
}

/* The start of the record that holds byte OFFSET, for the message. */
static size_t record_start(const char *s, size_t offset)
{
	while (offset > 0 && !(s[offset] == '#' && s[offset - 1] == '\n'))
		offset--;
	return offset;
}

const char *spec_shown(const char *s, size_t len)
{
	static char out[4][64];
	static unsigned which;
	char *o = out[which++ % 4];
	size_t k = 0;

	for (size_t i = 0; i < len && k + 5 < sizeof out[0]; i++)
		k += (size_t)((unsigned char)s[i] >= ' ' && s[i] != '\\' &&
				      (unsigned char)s[i] < 127 ?
			      sprintf(o + k, "%c", s[i]) :
			      sprintf(o + k, "\\x%02x", (unsigned char)s[i]));
	o[k] = '\0';
	return o;
}

void spec_expect_same_stream(const char *expected, size_t len,
			     const char *path, const char *what)
{
	size_t got_len, at = 0, start;
	char *got = slurp(path, &got_len);

	if (!got)
		cr_assert_fail(SPEC_SETUP_FAILED "cannot read %s: %s", path,
			 spec_errno_name(errno));
	while (at < len && at < got_len && expected[at] == got[at])
		at++;
	if (at == len && at == got_len) {
		free(got);
		return;
	}
	start = record_start(expected, at < len ? at : len - 1);
	if (at == got_len)
		cr_expect_fail("%s: expected %zu bytes, got only %zu: the stream stops inside or before record \"%s\"",
			what, len, got_len, spec_shown(expected + start, 14));
	else if (at == len)
		cr_expect_fail("%s: expected %zu bytes, got %zu: extra bytes after the end, starting \"%s\"",
			what, len, got_len, spec_shown(got + at, 24));
	else
		cr_expect_fail("%s: the stream differs at byte %zu, in record \"%s\": expected \"%s\", got \"%s\" (records lost, repeated or torn)",
			what, at, spec_shown(expected + start, 14),
			spec_shown(expected + at, 16), spec_shown(got + at, 16));
	free(got);
}
