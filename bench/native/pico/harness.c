/*
 * Times picohttpparser's phr_parse_request on one benchmark input, for
 * bench/run.sh to set beside httparse's Parser.ParseHead in the same rounds.
 * The parser is not part of this repository: setup.sh links this file
 * against the copy that Debian's h2o library carries (libh2o-evloop).
 *
 *     pico FILE BENCHTIME NAME   one result line in `go test -bench` form
 *     pico -check FILE           one line per parsed head: method, target,
 *                                field lines, head length
 *
 * One operation parses every request head in FILE, the way the Go ParseHead
 * benchmark does: request line and header fields, next head where the last
 * one ended, stopping after a head that announces a body (Content-Length or
 * Transfer-Encoding), which is left unread. BENCHTIME is `go test`'s
 * -benchtime: a duration (1s, 100ms) or a count of operations (1000x).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The library ships no header for the parser, so its interface is declared
 * here: one field line as pointers into the input, and the request parser,
 * which returns the head's length, -1 for a malformed head or -2 for an
 * incomplete one. *num_fields is the room in fields on entry and the number
 * of field lines on return. */
struct phr_header {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
};

int phr_parse_request(const char *buf, size_t len, const char **method,
		      size_t *method_len, const char **path, size_t *path_len,
		      int *minor_version, struct phr_header *fields,
		      size_t *num_fields, size_t last_len);

/* Room for every header field of the inputs (many-headers has 50). */
#define MAX_FIELDS 128
/* At most this many heads in one input (pipelined-10 has ten). */
#define MAX_HEADS 64

static const char *prog = "pico";

static void fail(const char *msg)
{
	fprintf(stderr, "%s: %s\n", prog, msg);
	exit(1);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	if (buf == NULL)
		fail("out of memory");
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
		if (n == cap && (buf = realloc(buf, cap *= 2)) == NULL)
			fail("out of memory");
	}
	fclose(f);
	*len = n;
	return buf;
}

/* parse_head parses the head at buf and returns its length, failing the
 * program on anything but a complete head. */
static size_t parse_head(const char *buf, size_t len, const char **method,
			 size_t *method_len, const char **target,
			 size_t *target_len, struct phr_header *fields,
			 size_t *num_fields)
{
	int minor;
	*num_fields = MAX_FIELDS;
	int n = phr_parse_request(buf, len, method, method_len, target,
				  target_len, &minor, fields, num_fields, 0);
	if (n == -2)
		fail("incomplete head");
	if (n < 0)
		fail("malformed head");
	return (size_t)n;
}

static int names(const struct phr_header *f, const char *name)
{
	return f->name_len == strlen(name) &&
	       strncasecmp(f->name, name, f->name_len) == 0;
}

/* count_heads parses the heads of data one after another, printing each
 * when verbose, and returns how many there are and their summed method
 * lengths and field counts. */
static size_t count_heads(const char *data, size_t len, int verbose,
			  size_t *sum)
{
	static struct phr_header fields[MAX_FIELDS];
	size_t off = 0, heads = 0;
	*sum = 0;
	for (;;) {
		const char *method, *target;
		size_t method_len, target_len, nf;
		size_t n = parse_head(data + off, len - off, &method,
				      &method_len, &target, &target_len, fields,
				      &nf);
		int body = 0;
		for (size_t i = 0; i < nf; i++)
			body |= names(&fields[i], "content-length") ||
				names(&fields[i], "transfer-encoding");
		if (verbose)
			printf("%.*s %.*s %zu %zu\n", (int)method_len, method,
			       (int)target_len, target, nf, n);
		*sum += method_len + nf;
		off += n;
		if (++heads == MAX_HEADS)
			fail("too many heads");
		if (body || off == len)
			return heads;
	}
}

/* run performs n operations of heads parses each and returns a sum of what
 * the parser returned, so that no parse can be left out. */
static size_t run(const char *data, size_t len, size_t heads, uint64_t n)
{
	static struct phr_header fields[MAX_FIELDS];
	size_t sum = 0;
	for (uint64_t i = 0; i < n; i++) {
		const char *input = data;
		/* Hide from the compiler that every operation parses the same
		 * bytes. */
		__asm__ volatile("" : "+r"(input));
		size_t off = 0;
		for (size_t h = 0; h < heads; h++) {
			const char *method, *target;
			size_t method_len, target_len, nf;
			off += parse_head(input + off, len - off, &method,
					  &method_len, &target, &target_len,
					  fields, &nf);
			sum += method_len + nf;
		}
	}
	return sum;
}

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	if (clock_gettime(clock, &ts) != 0)
		fail("clock_gettime failed");
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* parse_duration reads a Go-style duration with one unit: 1s, 100ms, 1.5s,
 * 500us, 10ns; 0 when it is not one. */
static double parse_duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	static const struct {
		const char *unit;
		double scale;
	} units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}};
	if (end == s || v <= 0)
		return 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(end, units[i].unit) == 0)
			return v * units[i].scale;
	return 0;
}

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	prog = slash ? slash + 1 : argv[0];
	size_t len, sum;
	if (argc == 3 && strcmp(argv[1], "-check") == 0) {
		char *data = read_file(argv[2], &len);
		count_heads(data, len, 1, &sum);
		return 0;
	}
	if (argc != 4)
		fail("usage: FILE BENCHTIME NAME | -check FILE");
	char *data = read_file(argv[1], &len);
	const char *benchtime = argv[2], *name = argv[3];
	size_t heads = count_heads(data, len, 0, &sum);

	/* Run with growing counts until one run lasts the benchtime, aiming
	 * 20% past it from the rate so far, growing at most 100-fold and at
	 * least by one; or run a fixed count once. */
	uint64_t n = 1, wall, cpu;
	double goal = 0;
	size_t blen = strlen(benchtime);
	if (blen > 1 && benchtime[blen - 1] == 'x') {
		char *end;
		n = strtoull(benchtime, &end, 10);
		if (n == 0 || *end != 'x')
			fail("bad benchtime count");
	} else if ((goal = parse_duration(benchtime)) == 0) {
		fail("bad benchtime");
	}
	for (;;) {
		uint64_t w0 = now_ns(CLOCK_MONOTONIC);
		uint64_t c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
		size_t got = run(data, len, heads, n);
		cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
		wall = now_ns(CLOCK_MONOTONIC) - w0;
		if (wall == 0)
			wall = 1;
		if (got != sum * n)
			fail("timed parses found other heads than the checking pass");
		if (goal == 0 || wall >= goal || n >= 1000000000u)
			break;
		uint64_t want = (uint64_t)(goal * (double)n / (double)wall * 1.2);
		if (want > n * 100)
			want = n * 100;
		if (want < n + 1)
			want = n + 1;
		n = want < 1000000000u ? want : 1000000000u;
	}
	printf("%s\t%10llu\t%.1f ns/op\t%.2f MB/s\t%.1f cpu-ns/op\n", name,
	       (unsigned long long)n, (double)wall / n,
	       (double)len * n / wall * 1e3, (double)cpu / n);
	free(data);
	return 0;
}
