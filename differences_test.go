package httparse_test

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// The classes of disagreement with net/http that SPEC.md ("Differences
// from net/http") documents, by which FuzzParseVsNetHTTP judges every
// disagreement it finds, and the check that each has its row there.

// rejectClasses: Parse rejects, net/http accepts or waits for more bytes.
var rejectClasses = []difference{
	{"early-reject", func(c diffCase) bool {
		// A syntax error, rejected before its line ends; or the byte
		// after chunk-data that is not CR, rejected before the second
		// byte net/http reads with it has arrived.
		return c.theirs.incomplete && (c.unterminated() ||
			(c.reason("chunk-data not followed by CRLF") && len(c.data)-c.ours.Offset < 2))
	}},
	{"request-line-split", func(c diffCase) bool {
		// net/http cuts the request-line at its first two spaces, so
		// "CONNECT  HTTP/1.1" has an empty target, which it takes as an
		// empty authority.
		return c.reason("empty request-target") && bytes.HasPrefix(c.data[bytes.LastIndexByte(c.data[:c.ours.Offset], '\n')+1:], []byte("CONNECT  "))
	}},
	{"bare-lf", func(c diffCase) bool {
		o := c.ours.Offset
		return c.at(o) == '\n' && c.at(o-1) != '\r'
	}},
	{"obs-fold", func(c diffCase) bool {
		o := c.ours.Offset
		return c.reason("obsolete line folding") && (c.at(o) == ' ' || c.at(o) == '\t') && c.at(o-1) == '\n'
	}},
	{"space-before-colon", func(c diffCase) bool {
		o := c.ours.Offset
		return c.reason("whitespace between field name and colon") && (c.at(o) == ' ' || c.at(o) == '\t')
	}},
	{"leading-empty-lines", func(c diffCase) bool {
		return c.reason("too many empty lines before request-line") && bytes.HasPrefix(c.data, bytes.Repeat([]byte("\r\n"), 9))
	}},
	{"target-bytes", func(c diffCase) bool {
		b := c.at(c.ours.Offset)
		return c.reason("fragment in request-target", "backslash in request-target", "invalid byte in request-target") &&
			(b == '#' || b == '\\' || b >= 0x80)
	}},
	{"percent-encoding", func(c diffCase) bool {
		// The offset is the byte after "%" (or after "%" HEXDIG) that is
		// not a hex digit.
		o := c.ours.Offset
		return c.reason("malformed percent-encoding") && c.ours.Rule == "RFC 3986 §2.1" && !httparse.SlowHex(c.at(o)) &&
			(c.at(o-1) == '%' || (c.at(o-2) == '%' && httparse.SlowHex(c.at(o-1))))
	}},
	{"path-nul", func(c diffCase) bool {
		return c.reason("NUL in path") && string(c.data[c.ours.Offset:c.ours.Offset+3]) == "%00"
	}},
	{"target-form", func(c diffCase) bool { return c.targetFormEvidence() }},
	{"host-field", func(c diffCase) bool {
		if c.reason("missing Host field in HTTP/1.1 request") {
			// net/http's ReadRequest takes the host of an absolute-form
			// target; RFC 9112 §3.2 asks for the field all the same.
			head, _, _ := bytes.Cut(c.data, []byte("\r\n\r\n"))
			return !bytes.Contains(bytes.ToLower(head), []byte("\nhost:"))
		}
		return c.reason("invalid Host") && c.ours.Rule == "RFC 9110 §7.2" && c.fieldName(c.ours.Offset) == "host"
	}},
	{"host-percent-encoding", func(c diffCase) bool {
		// A pct-encoded octet below %80 in a host: net/url decodes "%25"
		// in an authority, and ReadRequest does not look into the Host
		// field.
		o := c.ours.Offset
		return c.reason("percent-encoded ASCII in host") && c.at(o) == '%' && httparse.SlowHex(c.at(o+1)) && c.at(o+1) < '8' && httparse.SlowHex(c.at(o+2))
	}},
	{"connection-token", func(c diffCase) bool {
		return c.reason("invalid Connection option") && strings.HasPrefix(strings.ToLower(c.line(c.ours.Offset)), "connection:")
	}},
	{"major-version", func(c diffCase) bool { return c.majorVersionEvidence() }},
	{"limits", func(c diffCase) bool { return c.limitEvidence() }},
	{"te-http10", func(c diffCase) bool {
		return c.reason("transfer-encoding in HTTP/1.0 request") && c.theirs.req != nil && c.theirs.req.ProtoMinor == 0
	}},
	{"connect-content", func(c diffCase) bool {
		// net/http frames a body after a CONNECT head like after any other.
		return c.reason("content in CONNECT request") && c.theirs.req != nil && c.theirs.req.Method == "CONNECT"
	}},
	{"cl-and-te", func(c diffCase) bool {
		return c.reason("both content-length and transfer-encoding (request smuggling)") &&
			c.theirs.req != nil && len(c.theirs.req.TransferEncoding) > 0
	}},
	{"chunk-extension", func(c diffCase) bool {
		return (c.reason("invalid chunk extension", "invalid chunk extension name", "invalid chunk extension value") ||
			(c.ours.Rule == "RFC 9112 §7.1" && c.reason("NUL in chunk-size line", "invalid byte in chunk-size line",
				"bare CR in chunk-size line", "invalid chunk-size"))) &&
			c.chunkExtensionEvidence()
	}},
	{"trailer-field", func(c diffCase) bool {
		return c.reason("field not allowed in trailer section") && c.trailerFieldEvidence()
	}},
}

// acceptClasses: Parse accepts, net/http rejects for a reason other than
// framing.
var acceptClasses = []difference{
	{"leading-empty-lines", func(c diffCase) bool {
		return bytes.HasPrefix(c.data, []byte("\r\n")) && strings.Contains(c.theirs.err.Error(), "malformed HTTP request")
	}},
	{"uri-host", func(c diffCase) bool {
		// net/url refuses an IPvFuture literal, which RFC 3986 §3.2.2
		// allows.
		return c.req.Target[0] != '/' && (strings.HasPrefix(c.req.Host, "[v") || strings.HasPrefix(c.req.Host, "[V"))
	}},
}

// incompleteClasses: Parse wants more bytes, net/http decides. One more,
// chunk-size-bws, is added by chunkbws_test.go, since it consults these.
var incompleteClasses = []difference{
	{"leading-empty-lines", func(c diffCase) bool {
		return bytes.HasPrefix(c.data, []byte("\r\n")) && strings.Contains(c.theirs.err.Error(), "malformed HTTP request")
	}},
	{"eof-ends-line", func(c diffCase) bool {
		// net/http's line reader takes the end of input as the end of the
		// last line.
		return !bytes.HasSuffix(c.data, []byte("\n"))
	}},
	{"target-at-head-end", func(c diffCase) bool {
		// net/http judges the target as soon as the request-line ends,
		// Parse once the head is complete: the same request-line with a
		// complete head must be rejected, at a byte of that line.
		var ue *url.Error
		line, _, ok := bytes.Cut(c.data, []byte("\r\n"))
		if !ok || c.theirs.req != nil || !errors.As(c.theirs.err, &ue) {
			return false
		}
		_, _, err := httparse.Parse(slices.Concat(line, []byte("\r\nHost: h\r\n\r\n")))
		e, ok := err.(*httparse.Error)
		return ok && e.Offset < len(line)
	}},
	{"trailer-lookahead", func(c diffCase) bool {
		return c.theirs.inBody && strings.Contains(c.theirs.err.Error(), "suspiciously long trailer")
	}},
}

// chunk-size-bws as a class of incompleteClasses, added in init since it
// consults the others (chunkbws_test.go has its helpers): net/http refuses
// BWS before a chunk extension's ";" once that line is in, where Parse
// waits for more; without the BWS, net/http must wait for more too, or
// differ only as another class says.
func init() {
	others := incompleteClasses
	incompleteClasses = append(incompleteClasses, difference{"chunk-size-bws", func(c diffCase) bool {
		norm, removed := c.withoutChunkSizeBWS()
		if removed == 0 {
			return false
		}
		c.data, c.theirs = norm, readNetHTTP(norm)
		if c.theirs.incomplete {
			return true
		}
		for _, d := range others {
			if d.match(c) {
				return true
			}
		}
		return false
	}})
}

// TestDifferencesDocumented checks that every class the differential
// target accepts has its row in SPEC.md.
func TestDifferencesDocumented(t *testing.T) {
	spec, err := os.ReadFile("SPEC.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(spec), "<!-- BEGIN differences -->")
	block, _, ok2 := strings.Cut(block, "<!-- END differences -->")
	if !ok || !ok2 {
		t.Fatal("SPEC.md has no differences block")
	}
	for _, classes := range [][]difference{rejectClasses, acceptClasses, incompleteClasses} {
		for _, d := range classes {
			if !strings.Contains(block, "| `"+d.id+"` |") {
				t.Errorf("class %q has no row in SPEC.md's differences table", d.id)
			}
		}
	}
}
