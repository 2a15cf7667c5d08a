// Package wire sends raw bytes to a server on one TCP connection and reads
// back every response until the server closes, so that a program can judge
// what the server did with input no well-behaved client would send.
package wire

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/ae7539e0/httparse"
)

// Response is one response read off the connection.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// ForHEAD is set when the response answers a HEAD request (no body).
	ForHEAD bool
	// Close is set when the response said "Connection: close" (net/http
	// moves that from Header to here).
	Close bool
}

// JSONBody reports whether the body is valid JSON declared as such.
func (r *Response) JSONBody() bool {
	ct := r.Header.Get("Content-Type")
	return len(ct) >= 16 && ct[:16] == "application/json" && json.Valid(r.Body)
}

// ParseError reports whether the response is the server's answer to a
// request the parser rejected: a JSON object carrying the broken "rule".
func (r *Response) ParseError() bool {
	var v struct {
		Rule string `json:"rule"`
	}
	return json.Unmarshal(r.Body, &v) == nil && v.Rule != ""
}

// Result is everything one connection gave back.
type Result struct {
	Responses []Response
	// Closed is set when the server closed the connection (EOF or reset)
	// before the deadline.
	Closed bool
	// TimedOut is set when the deadline passed with the connection open.
	TimedOut bool
	// Malformed holds an error when the bytes were not a valid response.
	Malformed error
	// Written is how much of the input the server let us write before it
	// closed (a server may close before reading everything).
	Written int
	// Local is our end of the connection, HOST:PORT: the "remote" the
	// server's access log names.
	Local string
}

// Methods returns the method of each request in b as the project's parser
// sees it, in order, stopping at the first incomplete or invalid one. The
// reader needs them to know which responses have no body (HEAD).
func Methods(b []byte) []string {
	var p httparse.Parser
	var req httparse.Request
	var m []string
	for len(b) > 0 && len(m) < 1000 {
		n, err := p.Parse(b, &req)
		if err != nil {
			break
		}
		m = append(m, req.Method)
		b = b[n:]
	}
	return m
}

// Exchange dials addr, writes in, and reads responses until the server
// closes or deadline passes. With halfClose the write side is shut after in
// is written, telling the server no more requests follow; without it the
// server has to close on its own.
func Exchange(addr string, in []byte, halfClose bool, deadline time.Duration) (Result, error) {
	var res Result
	c, err := net.DialTimeout("tcp", addr, deadline)
	if err != nil {
		return res, err
	}
	defer c.Close()
	res.Local = c.LocalAddr().String()
	c.SetDeadline(time.Now().Add(deadline))
	n, werr := c.Write(in)
	res.Written = n
	if werr == nil && halfClose {
		c.(*net.TCPConn).CloseWrite()
	}
	res.Responses, res.Closed, res.TimedOut, res.Malformed = ReadAll(bufio.NewReader(c), Methods(in))
	return res, nil
}

// ReadAll reads responses from br until EOF, a timeout or bytes that are
// not a response. methods says which request each final response answers.
func ReadAll(br *bufio.Reader, methods []string) (rs []Response, closed, timedOut bool, malformed error) {
	for i := 0; ; {
		if _, err := br.Peek(1); err != nil {
			closed, timedOut = classify(err)
			return rs, closed, timedOut, nil
		}
		method := "GET"
		if i < len(methods) {
			method = methods[i]
		}
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			closed, timedOut = classify(err)
			if timedOut {
				return rs, closed, timedOut, nil
			}
			return rs, closed, timedOut, err
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
		resp.Body.Close()
		if err != nil {
			closed, timedOut = classify(err)
			if timedOut {
				return rs, closed, timedOut, nil
			}
			return rs, closed, timedOut, err
		}
		rs = append(rs, Response{Status: resp.StatusCode, Header: resp.Header, Body: body, ForHEAD: method == "HEAD", Close: resp.Close})
		if resp.StatusCode >= 200 {
			i++
		}
	}
}

// classify tells a clean close (EOF, reset) from a deadline.
func classify(err error) (closed, timedOut bool) {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return false, true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false, true
	}
	return true, false
}

// Trim shortens b for a report line.
func Trim(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(bytes.ToValidUTF8(b, []byte("?")))
}
