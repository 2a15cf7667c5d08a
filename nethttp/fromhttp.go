package nethttp

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ae7539e0/httparse"
)

// FromHTTP writes r in HTTP/1.1 wire form and parses the bytes with
// httparse.Parse, so the result is exactly what the parser makes of that
// request on a connection, and a request the parser would refuse (a field
// value with a control character, a missing Host in HTTP/1.1, a body over
// httparse.DefaultMaxBodyBytes) fails with its *httparse.Error. So does a
// field name that is not a token (net/http's Header.Write leaves such a
// field out; written, a ":" in the name would make another field).
//
// The wire form is built as a server received it or a client would send it:
//
//   - the method is r.Method, GET when it is empty (as for net/http's
//     client);
//   - the request-target is r.RequestURI when set (a server-side request),
//     otherwise r.URL.RequestURI(), or for CONNECT r.URL.Opaque, else the
//     authority (r.Host, else r.URL.Host), as net/http's Request.Write
//     sends it (an IPv6 zone dropped and octets above 0x7F
//     percent-encoded, as in the Host field below);
//   - the version is r.ProtoMajor.r.ProtoMinor, HTTP/1.1 when both are 0;
//   - the Host field comes first, from r.Host or else r.URL.Host without
//     the zone of an IPv6 literal, as net/http's client writes it (empty
//     for HTTP/1.1 when both are, left out for HTTP/1.0), then the
//     fields of r.Header sorted by name (a map has no order), leaving out
//     Host, Content-Length and Transfer-Encoding (and Trailer when chunked),
//     which are written from r's other fields, and Connection: close
//     when r.Close is set on an HTTP/1.1 request whose r.Header does not
//     already say close;
//   - the body is read from r.Body to its end (FromHTTP does not close
//     it; a ContentLength other than 0 with a nil Body is an error, as
//     for net/http's Request.Write) and framed by Content-Length, or
//     chunked when r.TransferEncoding says so or when net/http's client
//     would chunk it: a length unknown (a Body other than http.NoBody with
//     a ContentLength of -1 or 0), but for CONNECT, and for GET, HEAD,
//     DELETE, OPTIONS, PROPFIND and SEARCH only a body that is not empty,
//     in which case a Trailer
//     field announces the names in r.Trailer (Transfer-Encoding, Trailer
//     and Content-Length are refused there, as net/http refuses them) and
//     their values, read after the body as net/http fills them, form the
//     trailer section.
func FromHTTP(r *http.Request) (*httparse.Request, error) {
	if r == nil {
		return nil, errors.New("nethttp: nil request")
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	chunked := slices.Contains(r.TransferEncoding, "chunked") || sendsChunked(r, len(body))
	method := r.Method
	if method == "" {
		method = "GET"
	}

	target := requestTarget(r)
	host := authority(r)
	// A CR or LF would end a line early and let a value write fields or a
	// request of its own, which Parse could not tell from real ones; that
	// has to be caught before the bytes are joined.
	if err := checkLines(method, target, host, r.Header, r.Trailer); err != nil {
		return nil, err
	}

	major, minor := r.ProtoMajor, r.ProtoMinor
	if major == 0 && minor == 0 {
		major, minor = 1, 1
	}
	wire := make([]byte, 0, 256+len(body))
	wire = append(wire, method...)
	wire = append(wire, ' ')
	wire = append(wire, target...)
	wire = fmt.Appendf(wire, " HTTP/%d.%d\r\n", major, minor)
	// http.Request cannot tell an empty Host field from a missing one. An
	// HTTP/1.1 request gets the field either way, empty when there is no
	// authority, as RFC 9112 §3.2 tells clients to send it.
	if host != "" || minor >= 1 {
		wire = appendField(wire, "Host", host)
	}
	// The framing fields are written from what the body turned out to be.
	// Trailer is one of them only for a chunked body: net/http leaves it in
	// Header otherwise.
	skip := []string{"Host", "Content-Length", "Transfer-Encoding"}
	if chunked {
		skip = append(skip, "Trailer")
	}
	wire = appendHeader(wire, r.Header, skip...)
	// HTTP/1.0 closes unless asked not to (RFC 9112 §9.3); HTTP/1.1 needs
	// the field.
	if r.Close && minor >= 1 && !httparse.ContainsToken(r.Header.Values("Connection"), "close") {
		wire = appendField(wire, "Connection", "close")
	}
	switch {
	case chunked:
		for name := range r.Trailer {
			// As net/http's Request.Write: a trailer may not frame the
			// message (RFC 9110 §6.5.1).
			switch http.CanonicalHeaderKey(name) {
			case "Transfer-Encoding", "Trailer", "Content-Length":
				return nil, errors.New("nethttp: Trailer announces " + http.CanonicalHeaderKey(name))
			}
		}
		if len(r.Trailer) > 0 {
			wire = appendField(wire, "Trailer", strings.Join(sortedNames(r.Trailer), ", "))
		}
		wire = appendField(wire, "Transfer-Encoding", "chunked")
	case len(body) > 0 || r.ContentLength == 0 && r.Header.Get("Content-Length") != "":
		wire = appendField(wire, "Content-Length", strconv.Itoa(len(body)))
	}
	wire = append(wire, "\r\n"...)

	if !chunked {
		wire = append(wire, body...)
	} else {
		if len(body) > 0 {
			wire = strconv.AppendInt(wire, int64(len(body)), 16)
			wire = append(wire, "\r\n"...)
			wire = append(wire, body...)
			wire = append(wire, "\r\n"...)
		}
		wire = append(wire, "0\r\n"...)
		wire = appendHeader(wire, r.Trailer)
		wire = append(wire, "\r\n"...)
	}

	req, n, err := httparse.Parse(wire)
	if err != nil {
		return nil, err
	}
	if n != len(wire) {
		// checkLines makes this unreachable; it stays as the last guard
		// against returning a request other than the one written.
		return nil, errors.New("nethttp: request does not end where it was written to")
	}
	return req, nil
}

// readBody reads r.Body to its end, at most one byte past the parser's
// default body limit, so that an oversized body fails in Parse with 413
// instead of being buffered whole.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil && r.ContentLength != 0 {
		// As net/http's Request.Write refuses it: a length with nothing
		// to read it from.
		return nil, fmt.Errorf("nethttp: ContentLength is %d with a nil Body", r.ContentLength)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, httparse.DefaultMaxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("nethttp: reading body: %w", err)
	}
	if r.ContentLength > 0 && int64(len(body)) != r.ContentLength && len(body) <= httparse.DefaultMaxBodyBytes {
		return nil, fmt.Errorf("nethttp: ContentLength is %d but the body has %d bytes", r.ContentLength, len(body))
	}
	return body, nil
}

// checkLines returns a 400 *httparse.Error when the request-line parts or
// any field name or value contain CR or LF, or a field name that is
// written as a line is not a token, or a trailer's name holds a comma: a
// ":" would make the rest of the name part of the value, and a "," in the
// Trailer field's list another name, a field the caller never set.
func checkLines(method, target, host string, h, t http.Header) error {
	bad := func(s string) bool { return strings.ContainsAny(s, "\r\n") }
	if bad(method) || bad(target) {
		return &httparse.Error{Status: 400, Rule: "RFC 9112 §3", Offset: -1, Reason: "line break in request-line"}
	}
	fieldErr := &httparse.Error{Status: 400, Rule: "RFC 9110 §5.5", Offset: -1, Reason: "line break in field"}
	if bad(host) {
		return fieldErr
	}
	for i, hh := range []http.Header{h, t} {
		for name, values := range hh {
			if bad(name) || slices.ContainsFunc(values, bad) {
				return fieldErr
			}
			// A name with no value writes no line. A trailer's name is
			// also written into the Trailer field's list, where a comma
			// in it would announce another field.
			if len(values) > 0 && !httparse.ValidFieldName(name) || i == 1 && strings.Contains(name, ",") {
				return &httparse.Error{Status: 400, Rule: "RFC 9110 §5.1", Offset: -1, Reason: "field name is not a token"}
			}
		}
	}
	return nil
}

// sendsChunked reports whether net/http's client sends r's body, n bytes
// long, chunked without being asked: when its length is unknown (a Body
// other than http.NoBody with a ContentLength of 0 or -1), but for
// CONNECT, and for the methods that usually have no content (GET, HEAD,
// DELETE, OPTIONS, PROPFIND, SEARCH, as net/http names them, case and all)
// only when the body is not empty.
func sendsChunked(r *http.Request, n int) bool {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength > 0 || r.Method == "CONNECT" {
		return false
	}
	switch r.Method {
	case "", "GET", "HEAD", "DELETE", "OPTIONS", "PROPFIND", "SEARCH":
		return n > 0
	}
	return true
}

// requestTarget chooses the request-target as described on FromHTTP.
func requestTarget(r *http.Request) string {
	if r.RequestURI != "" {
		return r.RequestURI
	}
	if r.Method == "CONNECT" && (r.URL == nil || r.URL.Path == "") {
		// authority-form, written as the Host field is.
		if r.URL != nil && r.URL.Opaque != "" {
			return r.URL.Opaque
		}
		if a := authority(r); a != "" {
			return a
		}
	}
	if r.URL == nil {
		return "/"
	}
	return r.URL.RequestURI()
}

// appendHeader appends the fields of h sorted by name, each value on a line
// of its own, skipping the names in skip (which are canonical).
func appendHeader(dst []byte, h http.Header, skip ...string) []byte {
	for _, name := range sortedNames(h) {
		if slices.Contains(skip, http.CanonicalHeaderKey(name)) {
			continue
		}
		for _, v := range h[name] {
			dst = appendField(dst, name, v)
		}
	}
	return dst
}

// sortedNames returns the keys of h in order.
func sortedNames(h http.Header) []string {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// withoutZone drops the zone of an IPv6 literal ("[fe80::1%en0]:80"
// becomes "[fe80::1]:80"), as net/http's client does before it writes a
// host: a zone names an interface of the sending machine, meaningless to
// the server, and the uri-host of a Host field (RFC 9110 §7.2, RFC 3986
// §3.2.2) has no place for one.
func withoutZone(host string) string {
	if len(host) == 0 || host[0] != '[' {
		return host
	}
	end := strings.LastIndexByte(host, ']')
	// The zone starts at the last "%": what a zone holds is anyone's.
	if zone := strings.LastIndexByte(host[:max(end, 0)], '%'); zone > 0 {
		return host[:zone] + host[end:]
	}
	return host
}

// authority is the host of the Host field: r.Host, else r.URL.Host,
// without the zone of an IPv6 literal and with its octets above 0x7F
// percent-encoded.
func authority(r *http.Request) string {
	host := r.Host
	if host == "" && r.URL != nil {
		host = r.URL.Host
	}
	return escapeHost(withoutZone(host))
}

// escapeHost writes the octets above 0x7F of host percent-encoded, as RFC
// 3986 §3.2.2 has a reg-name carry them: net/url decodes a host's escapes
// ("%C3%A9" becomes "é"), and the parser takes a non-ASCII host only
// percent-encoded.
func escapeHost(host string) string {
	n := 0
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return host
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(host)+2*n)
	for i := 0; i < len(host); i++ {
		if c := host[i]; c >= 0x80 {
			b = append(b, '%', hex[c>>4], hex[c&15])
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

func appendField(dst []byte, name, value string) []byte {
	dst = append(dst, name...)
	dst = append(dst, ": "...)
	dst = append(dst, value...)
	return append(dst, "\r\n"...)
}
