package nethttp

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"

	"github.com/ae7539e0/httparse"
)

// ToHTTP returns the *http.Request that http.ReadRequest returns for the
// bytes r was parsed from, with the body already read:
//
//   - URL is parsed from r.Target by url.ParseRequestURI, with the
//     authority-form of CONNECT in URL.Host, as net/http does;
//   - RequestURI is r.Target, Host is r.Host (for absolute-form the
//     target's authority as net/url decodes it, as net/http sets it), and
//     Proto is "HTTP/1.x";
//   - Header has canonical keys (textproto.CanonicalMIMEHeaderKey) and the
//     values in wire order, without Host and Transfer-Encoding, nor
//     Trailer for a chunked body, which net/http moves into fields of
//     their own (it leaves a Trailer field of another body in Header, and
//     so does ToHTTP); repeated equal
//     Content-Length lines become one, and "Pragma: no-cache" without
//     Cache-Control adds "Cache-Control: no-cache" (RFC 9111 §5.4);
//   - ContentLength is -1 for a chunked body, else its length (0 when there
//     is none), and TransferEncoding is ["chunked"] for a chunked body;
//   - Body reads r.Body, or is http.NoBody when ContentLength is 0 (a
//     chunked body, even an empty one, gets a reader, as net/http gives
//     it);
//   - Trailer holds the keys declared by the Trailer field and the values of
//     the trailer section. net/http fills the values only once the body has
//     been read to its end; here the body is complete already, so they are
//     present from the start.
//
// RemoteAddr, TLS and the context are left for the caller to set.
//
// r must hold the whole request, as Parse and Parser.Parse return it. A
// head from Parser.ParseHead has no body yet: ToHTTP refuses it when it
// declares a Content-Length, and cannot tell a chunked one from an empty
// body, so a server that streams bodies builds Body itself.
//
// ToHTTP copies what it keeps, so the result stays valid after the buffer
// a Parser filled r from is reused. Besides a missing body, it fails for
// the few requests that net/http cannot represent: a target that net/url
// rejects, a major version other than 1, or a Trailer field naming a
// framing field.
func ToHTTP(r *httparse.Request) (*http.Request, error) {
	if r == nil {
		return nil, errors.New("nethttp: nil request")
	}
	if r.ProtoMajor != 1 || r.ProtoMinor < 0 {
		return nil, errors.New("nethttp: HTTP version is not 1.x")
	}
	if !r.Chunked && r.ContentLength > 0 && int64(len(r.Body)) != r.ContentLength {
		// A head from Parser.ParseHead: the body was never read.
		return nil, errors.New("nethttp: request body is missing or short")
	}
	r = r.Clone()

	u, err := requestURL(r.Method, r.Target)
	if err != nil {
		return nil, err
	}
	// As net/http does: the authority of an absolute-form target, as
	// net/url decoded it, else the Host field as it came.
	host := r.Host
	if u.Host != "" {
		host = u.Host
	}
	hr := &http.Request{
		Method:     r.Method,
		URL:        u,
		Proto:      "HTTP/1." + strconv.Itoa(r.ProtoMinor),
		ProtoMajor: 1,
		ProtoMinor: r.ProtoMinor,
		Header:     toHeader(r.Header),
		Host:       host,
		Close:      r.Close,
		RequestURI: r.Target,
	}
	h := hr.Header
	delete(h, "Host")
	delete(h, "Transfer-Encoding")
	if cl := h["Content-Length"]; len(cl) > 1 {
		h["Content-Length"] = cl[:1]
	}
	if p := h["Pragma"]; len(p) > 0 && p[0] == "no-cache" && h["Cache-Control"] == nil {
		h["Cache-Control"] = []string{"no-cache"}
	}

	switch {
	case r.Chunked:
		delete(h, "Content-Length")
		hr.ContentLength = -1
		hr.TransferEncoding = []string{"chunked"}
		if hr.Trailer, err = toTrailer(h, r.Trailer); err != nil {
			return nil, err
		}
	case r.ContentLength > 0:
		hr.ContentLength = r.ContentLength
	}
	if hr.ContentLength == 0 {
		hr.Body = http.NoBody
	} else {
		hr.Body = io.NopCloser(bytes.NewReader(r.Body))
	}
	return hr, nil
}

// requestURL parses a request-target as net/http's ReadRequest does: the
// authority-form of CONNECT (RFC 9112 §3.2.3) goes into URL.Host, every
// other form through url.ParseRequestURI.
func requestURL(method, target string) (*url.URL, error) {
	if method == "CONNECT" && !strings.HasPrefix(target, "/") {
		u, err := url.ParseRequestURI("http://" + target)
		if err != nil {
			return nil, err
		}
		u.Scheme = ""
		return u, nil
	}
	return url.ParseRequestURI(target)
}

// toHeader groups fields by canonical name, keeping wire order within each.
func toHeader(fields httparse.Header) http.Header {
	h := make(http.Header, len(fields))
	for _, f := range fields {
		k := textproto.CanonicalMIMEHeaderKey(f.Name)
		h[k] = append(h[k], f.Value)
	}
	return h
}

// toTrailer builds http.Request.Trailer: the names the Trailer field
// announces (with no value, as net/http leaves them when they are not
// sent), then the trailer section's fields. The Trailer field itself is
// removed from h. Announcing a framing field is an error, as in net/http:
// RFC 9110 §6.5.1 forbids such trailers.
func toTrailer(h http.Header, sent httparse.Header) (http.Header, error) {
	var t http.Header
	for _, v := range h["Trailer"] {
		for _, name := range strings.Split(v, ",") {
			// OWS is SP and HTAB (RFC 9110 §5.6.1), as net/http trims
			// it: other Unicode spaces are obs-text, part of the name.
			name = textproto.CanonicalMIMEHeaderKey(textproto.TrimString(name))
			switch name {
			case "":
				continue
			case "Transfer-Encoding", "Trailer", "Content-Length":
				return nil, errors.New("nethttp: Trailer field announces " + name)
			}
			if t == nil {
				t = make(http.Header)
			}
			t[name] = nil
		}
	}
	delete(h, "Trailer")
	if len(sent) == 0 {
		return t, nil
	}
	// net/http replaces the announced entries with the section it read.
	got := toHeader(sent)
	if t == nil {
		return got, nil
	}
	for k, v := range got {
		t[k] = v
	}
	return t, nil
}
