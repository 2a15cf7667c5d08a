// Package httpcompat runs handlers written for net/http on a serve.Server.
//
// It is a package of its own so that serve itself never links net/http.
// The request a handler sees is the one nethttp.ToHTTP builds, which is
// what http.ReadRequest gives for the same bytes (but for the trailers of
// a body read before the handler, present from the start); the response
// goes through serve's ResponseWriter, which decides framing
// (Content-Length or chunked), Date and Connection as it does for every
// handler.
//
// What works as in net/http, each held by a test of this package
// (TestMatchesNetHTTP sends the same bytes to a handler on net/http's
// server and on this one, and compares what comes back):
//   - status codes and their reason phrases, header fields, a declared
//     Content-Length, HEAD (TestServeMux, TestChiMatchesNetHTTP);
//   - WriteHeader fixes the head: fields set, changed or deleted after it
//     are not sent, but for trailers; without WriteHeader the first Write
//     fixes it;
//   - a Content-Type the handler did not set (nor set to nil) is sniffed
//     with http.DetectContentType from the first 512 bytes written, or
//     what was written before a Flush or the handler's return;
//   - Write's errors: http.ErrBodyNotAllowed after 101, 204 and 304,
//     http.ErrContentLength past a declared length (and for every Write
//     after that), http.ErrHijacked after Hijack; a 304 is sent without
//     Content-Type and Content-Length, a 101 or 204 without
//     Content-Length; a Content-Length that is not decimal digits is
//     dropped;
//   - field values are sent as net/http sends them, CR and LF turned into
//     spaces and leading and trailing spaces and tabs dropped;
//   - "OPTIONS *" is answered by the server, 200 with no content, without
//     the handler, as net/http's Server answers it;
//   - the request's context holds http.LocalAddrContextKey;
//   - request bodies of any size up to the server's Limits.MaxBodyBytes,
//     read from r.Body while they arrive when larger than the server's
//     MaxBufferedBody, with 100 (Continue) sent at the first read
//     (TestStreamedUpload, TestChiMatchesNetHTTP with 50 MiB uploads); the
//     trailer fields of a chunked body are in r.Trailer once Read returned
//     io.EOF (of a buffered body, from the start, as nethttp.ToHTTP gives
//     them); Read fails with http.ErrBodyReadAfterClose after Close and
//     after the handler returned (TestBodyClosedAfterHandler);
//   - streaming responses with http.Flusher and http.ResponseController's
//     Flush, Server-Sent Events among them (TestFlush,
//     TestChiMatchesNetHTTP);
//   - http.Hijacker and http.ResponseController's Hijack, so WebSocket
//     libraries and other protocol switches work; the reader returned
//     holds every byte read past the request, after what the handler left
//     unread of the body, and Hijack returns while another goroutine
//     waits in r.Body.Read, ending that Read (TestWebSocketEcho,
//     TestWebSocketFirstFrameInUpgradeWrite, TestHijackBesideBodyRead);
//   - 1xx responses written with WriteHeader, 103 Early Hints among them,
//     and trailers declared with the Trailer field or set with
//     http.TrailerPrefix on chunked responses (TestInterimAndTrailers);
//   - the request's context, canceled when the client goes away while the
//     handler runs, at the server's WriteTimeout, when the server closes,
//     and when the handler returns (TestContextCanceledWhenClientLeaves);
//   - RemoteAddr, and TLS with serve.Server.ServeTLS (r.TLS is set).
//
// What differs:
//   - HTTP/2 is out of scope: the server speaks HTTP/1.1 only, and offers
//     only http/1.1 in TLS's ALPN. Its status line says HTTP/1.1 to
//     HTTP/1.0 clients too (RFC 9110 §6.2), with Connection: close unless
//     they asked for keep-alive.
//   - The server frames every response: a Transfer-Encoding the handler
//     sets is not sent, a body of up to 8 KiB written before the handler
//     returns gets a Content-Length (net/http turns to chunked past 2 KiB,
//     or 512 bytes copied by its ReadFrom), and a response whose head
//     promises more than the handler wrote says Connection: close in that
//     head. A trailer set with http.TrailerPrefix after WriteHeader makes
//     the response chunked so that it is sent (net/http drops it).
//   - What the handler wrote before a Hijack is sent before the
//     connection is handed over (net/http drops a body still buffered).
//     Of a chunked request body the handler stopped reading, the reader
//     returned by Hijack holds the rest of the content decoded where the
//     server had decoded it (TestHijackInsideBufferedChunkedBody); net/http
//     leaves the chunks as they came. A streamed r.Body read after Hijack
//     returns serve.ErrHijacked, and so does one that was waiting for the
//     client when Hijack was called, so the rest of the body is read once,
//     from the hijacker's reader (TestBodyReadAfterHijack,
//     TestHijackBesideBodyRead); net/http's r.Body goes on reading the
//     connection beside it.
//   - No interim response (1xx but 101) is sent to an HTTP/1.0 client
//     (RFC 9110 §15.2). A 101 is sent as the handler asks, whatever the
//     version, as net/http sends it: RFC 9110 §7.8 has a server ignore
//     Upgrade in an HTTP/1.0 request, which is the handler's to check.
//   - Date is always the server's: a handler's Date is replaced, and
//     setting it to nil does not leave it out. Of a Connection field only
//     "close" is taken, and the handler's own on a 101 response.
//   - A field whose value is still not a valid field-value once trimmed
//     (NUL, another control character, DEL) is dropped with a warning in
//     the log, where net/http sends it: the server sends nothing its own
//     parser would refuse (RFC 9110 §5.5). Status codes without a
//     registered reason phrase get an empty one (net/http writes "status
//     code N"), and 413, 414, 416 and 422 have RFC 9110's phrases
//     (serve's TestStatusTextRegistry).
//   - http.ServerContextKey is not set: there is no *http.Server.
//   - http.MaxBytesReader past its limit does not close the connection:
//     the server reads the body by its framing whatever the handler read,
//     so the next request on the connection is found intact.
//   - http.ResponseController's SetReadDeadline, SetWriteDeadline and
//     EnableFullDuplex return an error matching http.ErrNotSupported; the
//     server's ReadTimeout and WriteTimeout bound each request instead
//     (TestResponseControllerDeadlines).
//   - A body that breaks a limit or a rule while the handler reads it
//     makes Read return the *httparse.Error (413 past MaxBodyBytes), not
//     an *http.MaxBytesError, and the server answers it at once when the
//     handler had not started its response (serve's
//     TestStreamedBodyTooLarge).
//   - A body up to the server's MaxBufferedBody is read whole before the
//     handler starts (after 100 (Continue), when the client asked for
//     it), so for it reading r.Body never blocks, and the request context
//     cannot notice the client leaving while that body arrives.
//   - A handler that panics with http.ErrAbortHandler has its response cut
//     off and the connection closed, with no stack logged
//     (TestAbortHandler); any other panic gets a 500 when nothing was sent
//     yet (net/http sends nothing) and a logged stack, as on serve.
//   - The server answers requests the parser rejects itself, with a JSON
//     body naming the rule, before any handler runs.
package httpcompat
