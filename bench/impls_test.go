package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/ae7539e0/httparse"
	"github.com/valyala/fasthttp"
)

// visitor receives each parsed request when a benchmark checks its work.
// Benchmarks pass nil inside the timed loop, so converting fasthttp's byte
// slices to strings costs nothing there.
type visitor func(method, target string, body []byte)

// operation parses every request of one input and reports the first error.
type operation func(visit visitor) error

// impl is one way of parsing requests. prepare allocates what a server
// keeps per connection (parser, reader, request object) once, outside the
// timed loop, and returns the operation the benchmark repeats.
type impl struct {
	name     string // the sub-benchmark key "impl=<name>"
	headOnly bool   // stops after the header section and leaves bodies unread
	prepare  func(in input) operation
}

// impls are the parsers compared on every input. Readers are reset, not
// reallocated, for each operation, as a server reuses them per connection.
var impls = []impl{
	{name: "httparse-Parser", prepare: prepareParser},
	{name: "httparse-Parse", prepare: prepareParse},
	{name: "httparse-ParseHead", headOnly: true, prepare: prepareParseHead},
	{name: "nethttp-ReadRequest", prepare: func(in input) operation {
		return readNetHTTP(newWholeReader(in.data), len(in.want))
	}},
	{name: "fasthttp-RequestHeader", headOnly: true, prepare: func(in input) operation {
		return readFastHeader(newWholeReader(in.data), len(in.want))
	}},
	{name: "fasthttp-Request", prepare: func(in input) operation {
		return readFastRequest(newWholeReader(in.data), len(in.want))
	}},
}

// prepareParser parses with a reused Parser into a reused Request: the
// zero-copy path a server takes.
func prepareParser(in input) operation {
	var p httparse.Parser
	var req httparse.Request
	return func(visit visitor) error {
		b := in.data
		for range in.want {
			n, err := p.Parse(b, &req)
			if err != nil {
				return err
			}
			if visit != nil {
				visit(req.Method, req.Target, req.Body)
			}
			b = b[n:]
		}
		return nil
	}
}

// prepareParse uses the package-level Parse, which copies every request.
func prepareParse(in input) operation {
	return func(visit visitor) error {
		b := in.data
		for range in.want {
			req, n, err := httparse.Parse(b)
			if err != nil {
				return err
			}
			if visit != nil {
				visit(req.Method, req.Target, req.Body)
			}
			b = b[n:]
		}
		return nil
	}
}

// prepareParseHead parses request heads only, like fasthttp's
// RequestHeader.Read. The inputs with several requests carry no bodies, so
// the next head starts where the previous one ended.
func prepareParseHead(in input) operation {
	var p httparse.Parser
	var req httparse.Request
	return func(visit visitor) error {
		b := in.data
		for range in.want {
			n, err := p.ParseHead(b, &req)
			if err != nil {
				return err
			}
			if visit != nil {
				visit(req.Method, req.Target, nil)
			}
			b = b[n:]
		}
		return nil
	}
}

// resettableReader is a bufio.Reader over an input that can be rewound to
// the input's start without allocating.
type resettableReader struct {
	src   interface{ reset() }
	rd    io.Reader
	bufio *bufio.Reader
}

func (r *resettableReader) reset() {
	r.src.reset()
	r.bufio.Reset(r.rd)
}

// wholeReader returns the whole input from its first Read, as a socket does
// when the request arrived in one segment.
type wholeReader struct {
	bytes.Reader
	data []byte
}

func (w *wholeReader) reset() { w.Reader.Reset(w.data) }

func newWholeReader(data []byte) *resettableReader {
	w := &wholeReader{data: data}
	w.reset()
	// 4096 bytes is bufio's default and net/http's server read buffer; every
	// input's header section fits.
	return &resettableReader{src: w, rd: w, bufio: bufio.NewReaderSize(w, 4096)}
}

// oneByteReader returns one byte per Read: a request trickling in.
type oneByteReader struct {
	data []byte
	off  int
}

func (o *oneByteReader) Read(p []byte) (int, error) {
	if o.off >= len(o.data) {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = o.data[o.off]
	o.off++
	return 1, nil
}

func (o *oneByteReader) reset() { o.off = 0 }

func newOneByteReader(data []byte) *resettableReader {
	o := &oneByteReader{data: data}
	return &resettableReader{src: o, rd: o, bufio: bufio.NewReaderSize(o, 4096)}
}

// readNetHTTP reads n requests with http.ReadRequest and reads each body to
// its end, which is where net/http decodes chunked bodies.
func readNetHTTP(r *resettableReader, n int) operation {
	return func(visit visitor) error {
		r.reset()
		for range n {
			req, err := http.ReadRequest(r.bufio)
			if err != nil {
				return err
			}
			var body []byte
			if visit != nil {
				body, err = io.ReadAll(req.Body)
			} else {
				_, err = io.Copy(io.Discard, req.Body)
			}
			if err != nil {
				return err
			}
			if visit != nil {
				visit(req.Method, req.RequestURI, body)
			}
		}
		return nil
	}
}

// readFastHeader reads n request heads with a reused fasthttp.RequestHeader.
func readFastHeader(r *resettableReader, n int) operation {
	var h fasthttp.RequestHeader
	return func(visit visitor) error {
		r.reset()
		for range n {
			if err := h.Read(r.bufio); err != nil {
				return err
			}
			if visit != nil {
				visit(string(h.Method()), string(h.RequestURI()), nil)
			}
		}
		return nil
	}
}

// readFastRequest reads n whole requests with a reused fasthttp.Request.
func readFastRequest(r *resettableReader, n int) operation {
	var req fasthttp.Request
	return func(visit visitor) error {
		r.reset()
		for range n {
			if err := req.Read(r.bufio); err != nil {
				return err
			}
			if visit != nil {
				visit(string(req.Header.Method()), string(req.Header.RequestURI()), req.Body())
			}
		}
		return nil
	}
}

// check runs op once and compares what it parsed with in.want, so that a
// benchmark never measures a parser that failed or skipped work.
func check(in input, headOnly bool, op operation) error {
	var got []parsed
	err := op(func(method, target string, body []byte) {
		got = append(got, parsed{method, target, string(body)})
	})
	if err != nil {
		return err
	}
	if len(got) != len(in.want) {
		return fmt.Errorf("parsed %d requests, want %d", len(got), len(in.want))
	}
	for i, w := range in.want {
		if headOnly {
			w.body = ""
		}
		if got[i] != w {
			return fmt.Errorf("request %d: got %+v, want %+v", i, got[i], w)
		}
	}
	return nil
}
