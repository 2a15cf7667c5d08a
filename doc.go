// Package httparse parses HTTP/1.1 requests from byte slices, strictly by
// RFC 9112, RFC 9110 and RFC 3986.
//
// The package does no I/O. Bytes go in; out comes a *Request, ErrIncomplete
// (the bytes are a proper prefix of a request: read more and call again), or
// an *Error that names the broken rule, the byte offset and the HTTP status a
// server should answer with. It never panics, never reads past its input and
// bounds the memory it uses by Limits.
//
// # Two lifetimes
//
// The package-level Parse copies what it returns: the *Request never aliases
// the input and may be kept as long as needed.
//
// Parser.Parse is the zero-copy, zero-allocation path. The strings and slices
// of the *Request it fills point into the input (or into buffers owned by the
// Request) and stay valid only until the input is modified or the Request is
// parsed into again. Call (*Request).Clone to keep one.
//
// # Driving a Parser from a connection
//
// A Parser belongs to one connection. When it returns ErrIncomplete, append
// more bytes to the same buffer and call it again: it resumes where it
// stopped, so a request that trickles in byte by byte costs O(n) in total.
// A read that fails or meets EOF ends the loop; in the middle of a request
// that is a truncated request, never a reason to call Parse again. This is
// the complete loop (Example_connectionLoop runs it):
//
//	// serveConn reads requests from conn and writes respond's answer to each,
//	// until the client closes, a read fails or a request is rejected. It returns
//	// nil when the client closed between two requests.
//	func serveConn(conn net.Conn, respond func(*httparse.Request) []byte) error {
//		var p httparse.Parser // zero Limits: the defaults
//		var req httparse.Request
//		// The parser rejects a head or body over its Limits before the buffer
//		// outgrows them; only a chunked body's framing (chunk-size lines and
//		// CRLFs, which MaxBodyBytes does not count) can take more, and past
//		// maxBuf that is refused with 413.
//		lim := p.Limits.WithDefaults()
//		maxBuf := int64(lim.MaxRequestLine+lim.MaxHeaderBytes) + 2*lim.MaxBodyBytes
//		buf := make([]byte, 0, 4096)
//		for {
//			n, err := p.Parse(buf, &req)
//			if err == httparse.ErrIncomplete {
//				if int64(len(buf)) >= maxBuf {
//					io.WriteString(conn, "HTTP/1.1 413 \r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
//					return errors.New("request larger than the limits allow")
//				}
//				buf = slices.Grow(buf, 4096) // room to read into; grows as append does
//				m, rerr := conn.Read(buf[len(buf):cap(buf)])
//				buf = buf[:len(buf)+m] // the bytes already passed stay as they were
//				if m == 0 && rerr != nil {
//					if rerr == io.EOF && len(buf) == 0 {
//						return nil // closed between requests
//					}
//					return fmt.Errorf("request cut short after %d bytes: %w", len(buf), rerr)
//				}
//				continue
//			}
//			var perr *httparse.Error
//			if errors.As(err, &perr) {
//				// The message boundaries are lost: answer and close.
//				fmt.Fprintf(conn, "HTTP/1.1 %d \r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
//					perr.Status, len(perr.Reason), perr.Reason)
//				return perr
//			}
//			if _, err := conn.Write(respond(&req)); err != nil {
//				return err
//			}
//			if req.Close {
//				return nil
//			}
//			buf = append(buf[:0], buf[n:]...) // a pipelined request may follow
//		}
//	}
//
// Between a call that returned ErrIncomplete and the next one, the caller
// may move the buffer (append may reallocate) and add bytes at its end, but
// must not change or drop the bytes it already passed; anything else needs
// Parser.Reset first. A Parser is reset by itself after every call that
// returns a request or an *Error.
//
// # Errors and limits
//
// Every rejection is an *Error: Status is what to answer (400, 413, 414,
// 431, 501 or 505), Rule the section that was broken ("RFC 9112 §6.1"),
// Offset the index of the first offending byte, Reason a short phrase that
// never quotes the input. After one, the connection's message boundaries
// are lost: answer and close. Limits bounds the request-line, the header
// section, the number of fields and the body; a zero field means its
// default, and going over a limit is an error, never a truncation.
//
// # Bodies
//
// Parse reads the body framed by Content-Length or the chunked coding (the
// decision is BodyFraming's, RFC 9112 §6.3). A server that answers
// "Expect: 100-continue" or streams large bodies uses ParseHead, which stops
// after the header section, and then reads Content-Length bytes itself or
// feeds a ChunkedDecoder.
//
// # Strictness
//
// Every rule the parser enforces is listed in SPEC.md with its RFC section,
// its status code and its test. By default bare LF line endings, obs-fold,
// raw non-ASCII bytes in the target and a missing Host are rejected;
// Parser.Lenient can accept them (see Leniency), each read as the strict
// message it stands for. Whitespace before a colon, Content-Length together
// with Transfer-Encoding, malformed chunk lines and the other request
// smuggling vectors are always rejected.
package httparse
