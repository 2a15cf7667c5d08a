package httpcompat

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"sync"

	"github.com/ae7539e0/httparse/nethttp"
	"github.com/ae7539e0/httparse/serve"
)

// toHTTP builds the *http.Request for r. Its Body reads the body the
// server buffered before the handler, or the one that streams.
func toHTTP(r *serve.Request) (*http.Request, *body, error) {
	if r.Body != nil || r.ContentLength <= 0 && !r.Chunked {
		hr, err := nethttp.ToHTTP(&r.Request)
		if err != nil || hr.Body == http.NoBody {
			return hr, nil, err
		}
		b := &body{buffered: r.Body, sr: r, hr: hr}
		hr.Body = b
		return hr, b, nil
	}
	// A streamed body: ToHTTP builds the rest from the head alone.
	head := r.Request
	head.ContentLength = 0
	hr, err := nethttp.ToHTTP(&head)
	if err != nil {
		return nil, nil, err
	}
	hr.ContentLength = -1
	if !r.Chunked {
		hr.ContentLength = r.ContentLength
	}
	b := &body{r: r.BodyReader(), sr: r, hr: hr}
	hr.Body = b
	return hr, b, nil
}

// body is the Body of a request with content: the bytes the server
// buffered before the handler, or a reader of the body while it arrives.
// Like net/http's, it fails once closed, and it is closed when the handler
// returns, for a goroutine that reads on would read the connection's next
// request; mu makes that end wait for a Read in progress.
type body struct {
	mu       sync.Mutex
	buffered []byte    // the unread rest of a buffered body
	r        io.Reader // a streamed body; nil when buffered
	sr       *serve.Request
	hr       *http.Request // the request the handler was given
	closed   bool
	eof      bool // the trailer values are filled in
}

func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if b.r == nil {
		if len(b.buffered) == 0 {
			return 0, io.EOF
		}
		n := copy(p, b.buffered)
		b.buffered = b.buffered[n:]
		return n, nil
	}
	n, err := b.r.Read(p)
	if err == io.EOF && !b.eof {
		b.eof = true
		b.fillTrailer()
	}
	return n, err
}

// fillTrailer sets the trailer fields of a streamed body in the handler's
// Request.Trailer, replacing the nil values of the fields the Trailer
// field announced, as net/http does at the end of the body. (A buffered
// body's trailers are in Trailer from the start, as ToHTTP puts them.)
func (b *body) fillTrailer() {
	if len(b.sr.Trailer) == 0 {
		return
	}
	got := make(http.Header)
	for _, f := range b.sr.Trailer {
		got.Add(f.Name, f.Value)
	}
	if b.hr.Trailer == nil {
		b.hr.Trailer = make(http.Header, len(got))
	}
	for k, vv := range got {
		b.hr.Trailer[k] = vv
	}
}

// Close ends reading; the server drains or closes what is left, as
// net/http does.
func (b *body) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	return nil
}

// takeUnread returns what the handler has not read of a buffered body,
// which then reads as ended: at a Hijack these bytes go first in the
// connection's reader, where net/http, which reads the body from that
// reader, leaves them.
func (b *body) takeUnread() []byte {
	if b.r != nil {
		// A streamed body: serve's Hijack hands over its rest. Not
		// locked, for a Read in progress may wait on the client.
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	rest := b.buffered
	b.buffered = nil
	return rest
}

// withPrefix returns brw with the bytes of rest in front of what its
// reader holds, all of them in the new reader's buffer as serve's Hijack
// puts its own (Buffered and Peek see them), and the connection c after.
func withPrefix(rest []byte, c net.Conn, brw *bufio.ReadWriter) *bufio.ReadWriter {
	held, _ := brw.Reader.Peek(brw.Reader.Buffered())
	all := append(append([]byte(nil), rest...), held...)
	br := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(all), c), max(4096, len(all)))
	br.Peek(len(all))
	return bufio.NewReadWriter(br, brw.Writer)
}
