/*
 * similarity.c - which submissions share code: winnowing (Schleimer,
 * Wilkerson and Aiken, "Winnowing: local algorithms for document
 * fingerprinting", SIGMOD 2003) over C tokens.
 *
 * The sources become tokens with comments, layout and preprocessor lines
 * dropped, every identifier one token "name" and every literal one token:
 * renaming variables or reformatting changes nothing. Each run of K tokens
 * is hashed; in every window of W hashes the smallest is kept (the
 * rightmost on a tie), so any match of K + W - 1 tokens or more shares at
 * least one fingerprint and matches shorter than K are noise. Fingerprints
 * the template also has are dropped: the code every student was given is
 * no evidence. A pair is flagged when the fingerprints it shares are a
 * THRESHOLD share of the smaller set, and at least MIN_SHARED of them.
 */
#define _GNU_SOURCE
#include "ipcgrade.h"

#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { K = 20, W = 10, MIN_SHARED = 10 };

struct token {
	uint32_t code, line;
	size_t file;
};

struct fingerprint {
	uint64_t hash;
	size_t pos;                 /* the first token of its K-gram */
};

/* What a student's sources become: tokens, then fingerprints by hash. */
struct prints {
	struct token *tokens;
	size_t ntokens;
	struct fingerprint *fp;
	size_t nfp;
};

static uint32_t word_code(const char *word, size_t len)
{
	static const char *const keywords[] = {
		"auto", "break", "case", "char", "const", "continue", "default", "do",
		"double", "else", "enum", "extern", "float", "for", "goto", "if", "inline",
		"int", "long", "register", "restrict", "return", "short", "signed", "sizeof",
		"static", "struct", "switch", "typedef", "union", "unsigned", "void",
		"volatile", "while", "_Bool", "NULL",
	};

	for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
		if (strlen(keywords[i]) == len && memcmp(keywords[i], word, len) == 0)
			return 0x100 + (uint32_t)i;
	return 0x200; /* any other name */
}

static bool push(struct prints *p, uint32_t code, uint32_t line, size_t file)
{
	struct token *grown;

	if ((p->ntokens & 1023) == 0) {
		if (!(grown = realloc(p->tokens, (p->ntokens + 1024) * sizeof *grown)))
			return false;
		p->tokens = grown;
	}
	p->tokens[p->ntokens++] = (struct token){ code, line, file };
	return true;
}

/* The end of a literal that starts with QUOTE at C. */
static const char *skip_literal(const char *c)
{
	char quote = *c++;

	while (*c && *c != quote && *c != '\n')
		c += c[0] == '\\' && c[1] ? 2 : 1;
	return *c == quote ? c + 1 : c;
}

static bool tokenize(const struct ig_source *src, size_t file, struct prints *p)
{
	const char *c = src->data;
	uint32_t line = 1;
	bool line_start = true;

	while (*c) {
		const char *start = c;

		if (*c == '\n') {
			line++;
			line_start = true;
			c++;
			continue;
		}
		if (isspace((unsigned char)*c)) {
			c++;
			continue;
		}
		if (line_start && *c == '#') {
			/* A preprocessor line, with its continuations. */
			while (*c && !(*c == '\n' && c[-1] != '\\'))
				line += *c++ == '\n';
			continue;
		}
		line_start = false;
		if (c[0] == '/' && c[1] == '/') {
			c += strcspn(c, "\n");
		} else if (c[0] == '/' && c[1] == '*') {
			const char *end = strstr(c + 2, "*/");

			end = end ? end + 2 : c + strlen(c);
			for (; c < end; c++)
				line += *c == '\n';
		} else if (isalpha((unsigned char)*c) || *c == '_') {
			while (isalnum((unsigned char)*c) || *c == '_')
				c++;
			if (!push(p, word_code(start, (size_t)(c - start)), line, file))
				return false;
		} else if (isdigit((unsigned char)*c)) {
			while (isalnum((unsigned char)*c) || *c == '.')
				c++;
			if (!push(p, 0x300, line, file))
				return false;
		} else if (*c == '"' || *c == '\'') {
			c = skip_literal(c);
			if (!push(p, 0x301, line, file))
				return false;
		} else if (!push(p, (unsigned char)*c++, line, file)) {
			return false;
		}
	}
	return true;
}

static uint64_t kgram_hash(const struct token *t)
{
	uint64_t hash = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < K; i++)
		hash = (hash ^ t[i].code) * 0x100000001b3ULL;
	return hash;
}

static int by_hash(const void *a, const void *b)
{
	const struct fingerprint *x = a, *y = b;

	return x->hash != y->hash ? (x->hash > y->hash) - (x->hash < y->hash) :
	       (x->pos > y->pos) - (x->pos < y->pos);
}

/* Winnow P's K-gram hashes; keep one fingerprint per hash, sorted by hash. */
static bool winnow(struct prints *p)
{
	size_t n = p->ntokens >= K ? p->ntokens - K + 1 : 0, kept = 0, last = SIZE_MAX;
	uint64_t *h = malloc((n + 1) * sizeof *h);

	if (!h || !(p->fp = malloc((n + 1) * sizeof *p->fp))) {
		free(h);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		h[i] = kgram_hash(&p->tokens[i]);
	/* A text shorter than one window is one window. */
	for (size_t start = 0; start == 0 || start + W <= n; start++) {
		size_t min = start;

		for (size_t i = start; i < start + W && i < n; i++)
			if (h[i] <= h[min])
				min = i;
		if (n && min != last)
			p->fp[kept++] = (struct fingerprint){ h[min], min };
		last = min;
	}
	free(h);
	qsort(p->fp, kept, sizeof *p->fp, by_hash);
	p->nfp = 0;
	for (size_t i = 0; i < kept; i++)
		if (p->nfp == 0 || p->fp[p->nfp - 1].hash != p->fp[i].hash)
			p->fp[p->nfp++] = p->fp[i];
	return true;
}

static bool fingerprint(const struct ig_sources *s, struct prints *p)
{
	*p = (struct prints){ NULL, 0, NULL, 0 };
	for (size_t f = 0; f < s->n; f++)
		if (!tokenize(&s->files[f], f, p))
			return false;
	return winnow(p);
}

/* Drop from P every fingerprint that TEMPLATE has (both sorted by hash). */
static void discount(struct prints *p, const struct prints *template)
{
	size_t kept = 0, t = 0;

	for (size_t i = 0; i < p->nfp; i++) {
		while (t < template->nfp && template->fp[t].hash < p->fp[i].hash)
			t++;
		if (t == template->nfp || template->fp[t].hash != p->fp[i].hash)
			p->fp[kept++] = p->fp[i];
	}
	p->nfp = kept;
}

/* The positions of the fingerprints A and B share, as pairs (a, b), in order of a. */
static size_t shared(const struct prints *a, const struct prints *b, size_t (*match)[2])
{
	size_t n = 0, j = 0;

	for (size_t i = 0; i < a->nfp; i++) {
		while (j < b->nfp && b->fp[j].hash < a->fp[i].hash)
			j++;
		if (j < b->nfp && b->fp[j].hash == a->fp[i].hash) {
			if (match) {
				match[n][0] = a->fp[i].pos;
				match[n][1] = b->fp[j].pos;
			}
			n++;
		}
	}
	return n;
}

static int by_first(const void *x, const void *y)
{
	const size_t *a = x, *b = y;

	return a[0] != b[0] ? (a[0] > b[0]) - (a[0] < b[0]) : (a[1] > b[1]) - (a[1] < b[1]);
}

/* Token TO, or the last token of FROM's file if TO is in another file. */
static const struct token *same_file(const struct prints *p, size_t from, size_t to)
{
	while (to > from && p->tokens[to].file != p->tokens[from].file)
		to--;
	return &p->tokens[to];
}

/* Runs of matches that follow each other on both sides become regions;
 * the longest IG_MAX_REGIONS are kept, in the order of A's text. */
static void regions(struct ig_pair *pair, const struct prints *a, const struct prints *b,
		    size_t (*match)[2], size_t n)
{
	size_t best[IG_MAX_REGIONS][3] = { { 0 } }; /* length, first, last match */

	qsort(match, n, sizeof *match, by_first);
	for (size_t i = 0; i < n;) {
		size_t j = i, len, k;

		while (j + 1 < n && match[j + 1][0] - match[j][0] <= K + W &&
		       match[j + 1][1] > match[j][1] && match[j + 1][1] - match[j][1] <= K + W &&
		       a->tokens[match[j + 1][0]].file == a->tokens[match[i][0]].file &&
		       b->tokens[match[j + 1][1]].file == b->tokens[match[i][1]].file)
			j++;
		len = match[j][0] + K - match[i][0];
		for (k = IG_MAX_REGIONS; k > 0 && best[k - 1][0] < len; k--)
			if (k < IG_MAX_REGIONS)
				memcpy(best[k], best[k - 1], sizeof best[k]);
		if (k < IG_MAX_REGIONS) {
			best[k][0] = len;
			best[k][1] = i;
			best[k][2] = j;
		}
		i = j + 1;
	}
	pair->nregions = 0;
	for (size_t r = 0; r < IG_MAX_REGIONS && best[r][0]; r++) {
		struct ig_region *reg = &pair->regions[pair->nregions++];
		const struct prints *side[2] = { a, b };

		for (int s = 0; s < 2; s++) {
			size_t first = match[best[r][1]][s], last = match[best[r][2]][s] + K - 1;

			reg->file[s] = side[s]->tokens[first].file;
			reg->first[s] = side[s]->tokens[first].line;
			reg->last[s] = same_file(side[s], first, last)->line;
		}
	}
	/* Read in the order of the first student's text. */
	for (size_t i = 1; i < pair->nregions; i++)
		for (size_t k = i; k > 0 && (pair->regions[k].file[0] < pair->regions[k - 1].file[0] ||
			(pair->regions[k].file[0] == pair->regions[k - 1].file[0] &&
			 pair->regions[k].first[0] < pair->regions[k - 1].first[0])); k--) {
			struct ig_region tmp = pair->regions[k];

			pair->regions[k] = pair->regions[k - 1];
			pair->regions[k - 1] = tmp;
		}
}

static bool add_pair(struct ig_batch *b, size_t i, size_t j, const struct prints *p, size_t n)
{
	size_t smaller = p[i].nfp < p[j].nfp ? p[i].nfp : p[j].nfp;
	size_t (*match)[2];
	struct ig_pair *grown;

	if (n < MIN_SHARED || (double)n < b->threshold * (double)smaller)
		return true;
	if (!(grown = realloc(b->pairs, (b->npairs + 1) * sizeof *grown)) ||
	    !(match = malloc(n * sizeof *match)))
		return false;
	b->pairs = grown;
	grown[b->npairs] = (struct ig_pair){ .a = i, .b = j, .shared = n,
					     .similarity = (double)n / (double)smaller };
	shared(&p[i], &p[j], match);
	regions(&grown[b->npairs++], &p[i], &p[j], match, n);
	free(match);
	return true;
}

static int by_similarity(const void *x, const void *y)
{
	const struct ig_pair *a = x, *b = y;

	return a->similarity != b->similarity ? (a->similarity < b->similarity) -
						(a->similarity > b->similarity) :
	       a->a != b->a ? (a->a > b->a) - (a->a < b->a) : (a->b > b->b) - (a->b < b->b);
}

static json_t *pair_json(const struct ig_batch *b, const struct ig_pair *pair)
{
	json_t *regs = json_array();
	const struct ig_student *s[2] = { &b->students[pair->a], &b->students[pair->b] };

	for (size_t r = 0; r < pair->nregions; r++) {
		const struct ig_region *reg = &pair->regions[r];
		json_t *sides = json_array();

		for (int k = 0; k < 2; k++)
			json_array_append_new(sides, json_pack("{s:s, s:s, s:i, s:i}",
				"student", s[k]->name, "file", s[k]->sources.files[reg->file[k]].name,
				"first_line", (int)reg->first[k], "last_line", (int)reg->last[k]));
		json_array_append_new(regs, sides);
	}
	return json_pack("{s:[s,s], s:f, s:i, s:o}", "students", s[0]->name, s[1]->name,
			 "similarity", pair->similarity, "shared_fingerprints", (int)pair->shared,
			 "regions", regs);
}

static bool write_json(const void *arg, FILE *f)
{
	const struct ig_batch *b = arg;
	json_t *pairs = json_array(), *root;
	int rc;

	for (size_t p = 0; p < b->npairs; p++)
		json_array_append_new(pairs, pair_json(b, &b->pairs[p]));
	root = json_pack("{s:s, s:{s:i, s:i, s:i, s:f}, s:o}", "lab", b->lab, "method",
			 "kgram_tokens", K, "window", W, "min_shared", MIN_SHARED, "threshold",
			 b->threshold, "flagged", pairs);
	if (!root)
		return false;
	rc = json_dumpf(root, f, JSON_INDENT(2));
	json_decref(root);
	return rc == 0 && fputc('\n', f) != EOF;
}

static void prints_free(struct prints *p)
{
	free(p->tokens);
	free(p->fp);
}

bool ig_similarity(struct ig_batch *b, const struct ig_sources *template_src)
{
	struct prints *p = calloc(b->n + 1, sizeof *p), template;
	char path[PATH_MAX];
	bool ok = p && fingerprint(template_src, &template);

	for (size_t i = 0; ok && i < b->n; i++) {
		ok = fingerprint(&b->students[i].sources, &p[i]);
		if (ok)
			discount(&p[i], &template);
	}
	for (size_t i = 0; ok && i < b->n; i++)
		for (size_t j = i + 1; ok && j < b->n; j++)
			ok = add_pair(b, i, j, p, shared(&p[i], &p[j], NULL));
	if (ok && b->npairs)
		qsort(b->pairs, b->npairs, sizeof *b->pairs, by_similarity);
	for (size_t i = 0; p && i < b->n; i++)
		prints_free(&p[i]);
	if (p)
		prints_free(&template);
	free(p);
	snprintf(path, sizeof path, "%s/similarity.json", b->out);
	return ok && ig_write_atomic(path, write_json, b);
}
