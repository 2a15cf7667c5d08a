package httparse_test

// Evidence in the input for the classes of disagreement with net/http:
// where the request-line and its parts are, which line an offset is on,
// and how a chunked body is laid out up to an offset. Everything here
// reads the input itself; none of it asks the parser.

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// requestLine is the request-line of the input, as offsets.
type requestLine struct {
	start, end              int // the line, without its line end
	methodEnd               int // the first SP, or end
	targetStart, targetEnd  int // between the first and second SP (targetEnd is end without a second)
	method, target, version string
	headStart               int // the first byte after the line's LF, or -1
}

// requestLine finds the request-line after any leading CRLFs.
func (c diffCase) requestLine() requestLine {
	d := c.data
	s := 0
	for s+1 < len(d) && d[s] == '\r' && d[s+1] == '\n' {
		s += 2
	}
	l := requestLine{start: s, headStart: -1}
	l.end = len(d)
	if i := bytes.IndexByte(d[s:], '\n'); i >= 0 {
		l.end, l.headStart = s+i, s+i+1
		if l.end > s && d[l.end-1] == '\r' {
			l.end--
		}
	}
	line := d[s:l.end]
	sp1 := bytes.IndexByte(line, ' ')
	if sp1 < 0 {
		l.methodEnd, l.targetStart, l.targetEnd = l.end, l.end, l.end
		l.method = string(line)
		return l
	}
	l.methodEnd, l.targetStart = s+sp1, s+sp1+1
	l.method = string(line[:sp1])
	rest := line[sp1+1:]
	l.targetEnd = l.end
	if sp2 := bytes.IndexByte(rest, ' '); sp2 >= 0 {
		l.targetEnd = l.targetStart + sp2
		l.version = string(rest[sp2+1:])
	}
	l.target = string(d[l.targetStart:l.targetEnd])
	return l
}

// lineStart returns the offset of the start of the line holding offset i.
func (c diffCase) lineStart(i int) int { return bytes.LastIndexByte(c.data[:i], '\n') + 1 }

// fieldName returns the field name of the line holding offset i (up to its
// colon), lower-cased, or "" when the line has no colon.
func (c diffCase) fieldName(i int) string {
	name, _, ok := strings.Cut(c.line(i), ":")
	if !ok {
		return ""
	}
	// Only the ASCII letters fold (RFC 9110 §5.1); the bytes of a name
	// are compared as they are, valid UTF-8 or not.
	b := []byte(name)
	for k, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			b[k] = ch + 'a' - 'A'
		}
	}
	return string(b)
}

// chunkLine is a line of a chunked body: a chunk-size line or a trailer line.
type chunkLine struct {
	start, end int    // without the CRLF
	hexEnd     int    // chunk-size lines: the end of the HEXDIGs
	size       uint64 // chunk-size lines: their value
	trailer    bool
}

// chunkLayout returns the lines of the chunked body that follows the first
// empty line, in order, up to the line holding offset upTo (included), the
// sum of the chunk sizes before that line, and where the trailer section
// starts (-1 when the last chunk was not reached). It reads the body as
// the grammar lays it out and stops where it cannot: it is evidence for an
// error the parser reports at upTo, and everything before upTo was accepted.
func (c diffCase) chunkLayout(upTo int) (lines []chunkLine, total uint64, trailerStart int) {
	d := c.data
	trailerStart = -1
	i := bytes.Index(d, []byte("\r\n\r\n"))
	if i < 0 {
		return nil, 0, -1
	}
	i += 4
	for i <= upTo && i < len(d) {
		lf := bytes.IndexByte(d[i:], '\n')
		end := len(d)
		if lf >= 0 {
			end = i + lf
			if end > i && d[end-1] == '\r' {
				end--
			}
		}
		l := chunkLine{start: i, end: end, trailer: trailerStart >= 0}
		if !l.trailer {
			l.hexEnd = i
			for l.hexEnd < end && l.hexEnd-i < 16 && httparse.SlowHex(d[l.hexEnd]) {
				l.hexEnd++
			}
			l.size, _ = strconv.ParseUint("0"+string(d[i:l.hexEnd]), 16, 64)
		}
		lines = append(lines, l)
		if lf < 0 || upTo <= end+1 {
			return lines, total, trailerStart
		}
		i = i + lf + 1
		switch {
		case l.trailer:
		case l.size == 0:
			trailerStart = i
		default:
			total += l.size
			i += int(min(l.size, uint64(len(d)))) + 2 // chunk-data and its CRLF
		}
	}
	return lines, total, trailerStart
}

// chunkLineAt returns the line of the chunked body that holds offset o.
func (c diffCase) chunkLineAt(o int) (chunkLine, bool) {
	lines, _, _ := c.chunkLayout(o)
	if len(lines) == 0 {
		return chunkLine{}, false
	}
	l := lines[len(lines)-1]
	return l, l.start <= o && o <= l.end+1
}

// limitEvidence reports whether the input shows that a default limit (or
// the parser's bound on method length or chunk extensions) is what Parse
// rejected at its offset.
func (c diffCase) limitEvidence() bool {
	o := c.ours.Offset
	rl := c.requestLine()
	switch c.ours.Reason {
	case "request-target too long":
		return c.ours.Status == 414 && o-rl.start == httparse.DefaultMaxRequestLine && rl.methodEnd < o
	case "method too long":
		return c.ours.Status == 501 && o-rl.start == 32 && rl.methodEnd >= o && httparse.SlowToken(string(c.data[rl.start:o]))
	case "header section too large":
		return c.ours.Status == 431 && rl.headStart >= 0 && o == rl.headStart+httparse.DefaultMaxHeaderBytes
	case "too many header fields":
		return c.ours.Status == 431 && rl.headStart >= 0 && c.lineStart(o) == o &&
			bytes.Count(c.data[rl.headStart:o], []byte("\n")) == httparse.DefaultMaxHeaders
	case "content-length too large", "content-length exceeds body limit":
		// The line is a Content-Length whose value is over the body limit.
		if c.ours.Status != 413 || c.fieldName(o) != "content-length" {
			return false
		}
		_, v, _ := strings.Cut(c.line(o), ":")
		v = strings.TrimLeft(strings.Trim(v, " \t"), "0")
		n, err := strconv.ParseUint(v, 10, 64)
		return strings.Trim(v, "0123456789") == "" && (len(v) > 19 || err != nil || n > httparse.DefaultMaxBodyBytes)
	case "chunked body exceeds body limit":
		// The chunk-size up to the offending digit, with the chunks before
		// it, is over the body limit.
		lines, total, _ := c.chunkLayout(o)
		if c.ours.Status != 413 || len(lines) == 0 {
			return false
		}
		l := lines[len(lines)-1]
		v, err := strconv.ParseUint(string(c.data[l.start:o+1]), 16, 64)
		return !l.trailer && o < l.hexEnd && err == nil && v+total > httparse.DefaultMaxBodyBytes
	case "chunk extensions too large":
		lines, _, _ := c.chunkLayout(o)
		ext := 0
		for _, l := range lines {
			if !l.trailer {
				ext += l.end - l.hexEnd
			}
		}
		return c.ours.Status == 400 && ext > 16<<10
	case "trailer section too large":
		_, _, ts := c.chunkLayout(o)
		return c.ours.Status == 431 && ts >= 0 && o-ts == httparse.DefaultMaxHeaderBytes
	case "too many trailer fields":
		_, _, ts := c.chunkLayout(o)
		return c.ours.Status == 431 && ts >= 0 && c.lineStart(o) == o &&
			bytes.Count(c.data[ts:o], []byte("\n")) == httparse.DefaultMaxHeaders
	}
	return false
}

// targetFormEvidence reports whether the request-target shows the form
// error Parse reported: the offset is in the target or at its end, and the target (with
// the method) has the shape the reason names (RFC 9112 §3.2).
func (c diffCase) targetFormEvidence() bool {
	o := c.ours.Offset
	rl := c.requestLine()
	// The offset may be just past the target: a part that is missing, such
	// as authority-form's port, is reported where it should have been.
	if o < rl.targetStart || o > rl.targetEnd {
		return false
	}
	t, m := rl.target, rl.method
	scheme, afterScheme, hasScheme := strings.Cut(t, ":")
	http := hasScheme && (httparse.SlowEqualFold(scheme, "http") || httparse.SlowEqualFold(scheme, "https"))
	authority := ""
	if http && strings.HasPrefix(afterScheme, "//") {
		authority = afterScheme[2:]
		if i := strings.IndexAny(authority, "/?"); i >= 0 {
			authority = authority[:i]
		}
	}
	authStart := rl.targetStart + len(scheme) + 3
	inAuthority := o >= authStart && o <= authStart+len(authority)
	switch c.ours.Reason {
	case "asterisk-form is only for OPTIONS":
		return t == "*" && m != "OPTIONS"
	case "CONNECT requires authority-form":
		return m == "CONNECT" && t[0] == '/'
	case "invalid authority-form target":
		return m == "CONNECT" && t[0] != '/'
	case "absolute-form target must use http or https":
		return m != "CONNECT" && t[0] != '/' && t != "*" && !http
	case "http URI without authority":
		return m != "CONNECT" && http && !strings.HasPrefix(afterScheme, "//")
	case "http URI with empty host":
		return m != "CONNECT" && http && strings.HasPrefix(afterScheme, "//") && (authority == "" || authority[0] == ':')
	case "userinfo in http URI":
		return m != "CONNECT" && inAuthority && c.at(o) == '@'
	case "invalid host in request-target":
		return m != "CONNECT" && http && inAuthority
	}
	return false
}

// majorVersionEvidence: the offset is the major digit of an HTTP-version
// other than 1 (RFC 9110 §2.5).
func (c diffCase) majorVersionEvidence() bool {
	o := c.ours.Offset
	rl := c.requestLine()
	return c.ours.Status == 505 && o >= rl.targetEnd+6 && string(c.data[o-5:o]) == "HTTP/" &&
		httparse.SlowDigit(c.at(o)) && c.at(o) != '1'
}

// chunkExtensionEvidence: the offset is on a chunk-size line, after its
// HEXDIGs for an extension error, or at its start for a control byte.
func (c diffCase) chunkExtensionEvidence() bool {
	o := c.ours.Offset
	l, ok := c.chunkLineAt(o)
	if !ok || l.trailer {
		return false
	}
	if b := c.at(o); o == l.start && (b < 0x20 || b == 0x7f) {
		return c.ours.Rule == "RFC 9112 §7.1"
	}
	// After the digits: the chunk-ext, or before its ";" what breaks the
	// chunk-size ("5 " CRLF, which net/http trims).
	return o >= l.hexEnd && l.hexEnd > l.start
}

// trailerFieldEvidence: the offset starts a trailer line whose name is one
// that RFC 9110 §6.5.1 keeps out of trailers.
func (c diffCase) trailerFieldEvidence() bool {
	o := c.ours.Offset
	l, ok := c.chunkLineAt(o)
	return ok && l.trailer && o == l.start && httparse.SlowForbiddenTrailer(c.fieldName(o))
}

// TestDifferenceEvidence feeds one input of each class that Parse rejects
// and net/http accepts (or waits on), and checks that the class is
// recognised from the input: evidence that is too strict would turn a
// documented difference into a fuzzing failure.
func TestDifferenceEvidence(t *testing.T) {
	const h = "Host: a\r\n"
	chunked := "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n"
	manyFields := strings.Repeat("X: 1\r\n", httparse.DefaultMaxHeaders)
	for _, tc := range []struct{ class, in string }{
		{"target-form", "GET * HTTP/1.1\r\n" + h + "\r\n"},
		{"target-form", "CONNECT /x HTTP/1.1\r\n" + h + "\r\n"},
		{"target-form", "GET ftp://a/ HTTP/1.1\r\n" + h + "\r\n"},
		{"target-form", "GET http:/a HTTP/1.1\r\n" + h + "\r\n"},
		{"target-form", "GET http:///x HTTP/1.1\r\n" + h + "\r\n"},
		{"target-form", "GET http://u@a/ HTTP/1.1\r\n" + h + "\r\n"},
		{"major-version", "GET / HTTP/2.0\r\n" + h + "\r\n"},
		{"limits", "GET /" + strings.Repeat("a", httparse.DefaultMaxRequestLine) + " HTTP/1.1\r\n" + h + "\r\n"},
		{"limits", strings.Repeat("A", 40) + " / HTTP/1.1\r\n" + h + "\r\n"},
		{"limits", "GET / HTTP/1.1\r\n" + h + "X: " + strings.Repeat("b", httparse.DefaultMaxHeaderBytes) + "\r\n\r\n"},
		{"limits", "GET / HTTP/1.1\r\n" + manyFields + h + "\r\n"},
		{"limits", "POST / HTTP/1.1\r\n" + h + "Content-Length: 99999999\r\n\r\n"},
		{"limits", chunked + "a00001\r\n"},
		{"limits", chunked + "1\r\nx\r\nA00000\r\n"},
		{"limits", chunked + strings.Repeat("1000;e="+strings.Repeat("v", 1000)+"\r\n"+strings.Repeat("x", 0x1000)+"\r\n", 20)},
		{"limits", chunked + "0\r\nX: " + strings.Repeat("t", httparse.DefaultMaxHeaderBytes) + "\r\n\r\n"},
		{"limits", chunked + "0\r\n" + manyFields + "X: 1\r\n\r\n"},
		{"chunk-extension", chunked + "1;=\r\nx\r\n0\r\n\r\n"},
		{"chunk-extension", chunked + "1;a=\"\r\nx\r\n0\r\n\r\n"},
		{"trailer-field", chunked + "0\r\nContent-Length: 5\r\n\r\n"},
		{"trailer-field", chunked + "1\r\nx\r\n0\r\nX: 1\r\nhost: b\r\n\r\n"},
	} {
		data := []byte(tc.in)
		_, _, err := httparse.Parse(data)
		c := diffCase{data: data, theirs: readNetHTTP(data)}
		c.ours, _ = err.(*httparse.Error)
		if c.ours == nil || (c.theirs.err != nil && !c.theirs.incomplete) {
			t.Errorf("%s: Parse %v, net/http %v; want a rejection net/http does not share", tc.class, err, c.theirs.err)
			continue
		}
		if got := c.class(rejectClasses); got != tc.class {
			t.Errorf("%.60q: class %q, want %q (Parse: %v)", tc.in, got, tc.class, err)
		}
	}
}

// diffCase is one disagreement.
type diffCase struct {
	data   []byte
	req    *httparse.Request // when Parse accepted
	ours   *httparse.Error   // when Parse rejected
	theirs netResult
}

// at returns the byte at offset i, or 0 outside the input.
func (c diffCase) at(i int) byte {
	if i < 0 || i >= len(c.data) {
		return 0
	}
	return c.data[i]
}

// reason reports whether Parse rejected for one of the reasons.
func (c diffCase) reason(reasons ...string) bool {
	if c.ours == nil {
		return false
	}
	for _, r := range reasons {
		if c.ours.Reason == r {
			return true
		}
	}
	return false
}

// unterminated reports whether Parse rejected a byte in a line whose LF has
// not arrived: net/http decides only at the end of a line.
func (c diffCase) unterminated() bool {
	return c.ours != nil && bytes.IndexByte(c.data[c.ours.Offset:], '\n') < 0
}

// line returns the line that holds offset i, without its line end.
func (c diffCase) line(i int) string {
	start := bytes.LastIndexByte(c.data[:i], '\n') + 1
	end := bytes.IndexByte(c.data[i:], '\n')
	if end < 0 {
		end = len(c.data) - i
	}
	return strings.TrimSuffix(string(c.data[start:i+end]), "\r")
}

// difference is one documented class of disagreement. id is the key of its
// row in SPEC.md's "Differences from net/http" table, which gives the reason
// and the RFC section; match recognises it from the evidence in the input,
// not only from Parse's reason.
type difference struct {
	id    string
	match func(c diffCase) bool
}

func (c diffCase) mustMatch(t *testing.T, classes []difference, what string) {
	t.Helper()
	if c.class(classes) == "" {
		t.Fatalf("undocumented difference from net/http: %s\ninput: %q", what, c.data)
	}
}

// class returns the id of the first of classes that matches, or "".
func (c diffCase) class(classes []difference) string {
	for _, d := range classes {
		if d.match(c) {
			return d.id
		}
	}
	return ""
}
