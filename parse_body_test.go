package httparse

// TestParse cases of the message body: its length, the chunked coding,
// trailers and pipelining.

import "strings"

// parseBodyCases: RFC 9112 §6 and §7, RFC 9110 §8.6 and §6.5.1.
var parseBodyCases = []parseCase{
	// RFC 9112 §6.1: Transfer-Encoding.
	{rule: "RFC 9112 §6.1", name: "chunked in any case",
		in: "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Transfer-Encoding: CHUNKED"), func(r *Request) {
			r.Chunked, r.Body = true, []byte("abc")
		})},
	{rule: "RFC 9112 §6.1", name: "chunked after an empty member",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸, CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "transfer-encoding is not exactly chunked")},
	{rule: "RFC 9112 §6.1", name: "CL and TE together",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: ‸chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "both content-length and transfer-encoding (request smuggling)")},
	{rule: "RFC 9112 §6.1", name: "TE and CL together",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: ‸3\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "both content-length and transfer-encoding (request smuggling)")},
	{rule: "RFC 9112 §6.1", name: "TE in HTTP/1.0",
		in:  "POST / HTTP/1.0\r\nTransfer-Encoding: ‸chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "transfer-encoding in HTTP/1.0 request")},
	{rule: "RFC 9112 §6.1", name: "chunked twice",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "chunked applied more than once")},
	{rule: "RFC 9112 §6.1", name: "chunked with a parameter",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸chunked;x=1\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "parameters on chunked")},
	{rule: "RFC 9112 §6.1", name: "quoted chunked",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸\"chunked\"\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "obs-text before chunked",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸\xa0chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "empty Transfer-Encoding",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding:‸\r\n\r\n",
		err: rej(400, rfc9112_6_1, "empty transfer-encoding")},
	{rule: "RFC 9112 §6.1", name: "gzip before chunked is not implemented",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸gzip, chunked\r\n\r\n0\r\n\r\n",
		err: rej(501, rfc9112_6_1, "transfer-coding not implemented")},

	// RFC 9112 §6.3: the body length decision.
	{rule: "RFC 9112 §6.3", name: "GET with a body",
		in: "GET / HTTP/1.1\r\n" + host + "Content-Length: 2\r\n\r\nhi",
		want: with(req("GET", "/", 1, "Host: example.com", "Content-Length: 2"), func(r *Request) {
			r.ContentLength, r.Body = 2, []byte("hi")
		})},
	{rule: "RFC 9112 §6.3", name: "chunked not last",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸chunked, gzip\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_3, "chunked is not the final transfer-coding")},
	{rule: "RFC 9112 §6.3", name: "identity only",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸identity\r\n\r\n",
		err: rej(400, rfc9112_6_3, "chunked is not the final transfer-coding")},
	{rule: "RFC 9112 §6.3", name: "differing Content-Length lines",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: ‸4\r\n\r\nabcd",
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},
	{rule: "RFC 9112 §6.3", name: "lines spelling one value differently",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: ‸003\r\n\r\nabc",
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},

	// RFC 9110 §8.6: Content-Length = 1*DIGIT.
	{rule: "RFC 9110 §8.6", name: "differing members",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸3, 4\r\n\r\nabcd",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "list of one repeated value",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸3, 3\r\n\r\nabc",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "identical lines and leading zeros",
		in: "POST / HTTP/1.1\r\n" + host + "Content-Length: 003\r\nContent-Length: 003\r\n\r\nabc",
		want: with(req("POST", "/", 1, "Host: example.com", "Content-Length: 003", "Content-Length: 003"), func(r *Request) {
			r.ContentLength, r.Body = 3, []byte("abc")
		})},
	{rule: "RFC 9110 §8.6", name: "zero",
		in: "POST / HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Content-Length: 0"), func(r *Request) {
			r.ContentLength = 0
		})},
	{rule: "RFC 9110 §8.6", name: "plus sign",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸+3\r\n\r\nabc",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "hex",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸0x3\r\n\r\nabc",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "inner space",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸1 2\r\n\r\nabc",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "empty",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length:‸\r\n\r\n",
		err: rej(400, rfc9110_8_6, "empty content-length")},
	{rule: "RFC 9110 §8.6", name: "beyond int64",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸99999999999999999999\r\n\r\n",
		err: rej(413, rfc9110_8_6, "content-length too large")},
	{rule: "RFC 9110 §8.6", name: "over the body limit",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸11\r\n\r\nhello world",
		lim: Limits{MaxBodyBytes: 10},
		err: rej(413, rfc9110_8_6, "content-length exceeds body limit")},

	// RFC 9112 §7.1: chunked coding.
	{rule: "RFC 9112 §7.1", name: "chunks, leading zeros, hex case",
		in: "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0003\r\nabc\r\nA\r\n0123456789\r\n000\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Transfer-Encoding: chunked"), func(r *Request) {
			r.Chunked, r.Body = true, []byte("abc0123456789")
		})},
	{rule: "RFC 9112 §7.1", name: "0x prefix",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0‸x3\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "space before CRLF",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3 ‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "empty size line",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n‸\r\n",
		err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "chunk-size line that has not ended",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n‸zz",
		err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "data longer than its size",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc‸d\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "chunk-data not followed by CRLF")},
	{rule: "RFC 9112 §7.1", name: "bare LF after size",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3‸\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "bare LF in chunked framing")},
	{rule: "RFC 9112 §7.1", name: "bare LF after data",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc‸\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "chunk-data not followed by CRLF")},
	{rule: "RFC 9112 §7.1", name: "missing final CRLF lets the next request look like a trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nGET‸ /admin HTTP/1.1\r\n\r\n",
		err: rej(400, rfc9112_5_1, "whitespace between field name and colon")},
	{rule: "RFC 9112 §7.1", name: "control byte starting a later chunk-size line",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n‸\x01\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "invalid byte in chunk-size line")},
	{rule: "RFC 9112 §7.1", name: "chunk over the body limit",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n‸6\r\nworld!\r\n0\r\n\r\n",
		lim: Limits{MaxBodyBytes: 10},
		err: rej(413, rfc9112_7_1, "chunked body exceeds body limit")},
	{rule: "RFC 9112 §7.1", name: "huge chunk-size never overflows",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nfffff‸ffffffffffffffffff\r\n",
		lim: Limits{MaxBodyBytes: 1 << 20},
		err: rej(413, rfc9112_7_1, "chunked body exceeds body limit")},

	// RFC 9112 §7.1.1: chunk extensions.
	{rule: "RFC 9112 §7.1.1", name: "extensions with BWS, tokens and quoted values",
		in: "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3 ; a = b ;c=\"d\\\"e\";f\r\nabc\r\n0;last\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Transfer-Encoding: chunked"), func(r *Request) {
			r.Chunked, r.Body = true, []byte("abc")
		})},
	{rule: "RFC 9112 §7.1.1", name: "bare semicolon",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension name")},
	{rule: "RFC 9112 §7.1.1", name: "missing value",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "unterminated quoted value",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=\"b‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "chunk-size line too long",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=" + strings.Repeat("x", maxChunkLine-4) + "‸x\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "chunk-size line too long")},
	{rule: "RFC 9112 §7.1.1", name: "bad byte inside an over-long chunk-size line",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=" + strings.Repeat("x", 4000) + "‸\x01" + strings.Repeat("x", 200) + "\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension")},
	{rule: "RFC 9112 §7.1.1", name: "control byte in a quoted value",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=\"b‸\x01c\"\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "whitespace after a name",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a ‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension")},

	// RFC 9112 §7.1.2: trailer fields use the field-line grammar.
	{rule: "RFC 9112 §7.1.2", name: "chunked with trailers",
		in: "POST /upload HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nTrailer: Checksum, Expires\r\n\r\n4\r\nWiki\r\n0\r\nChecksum: abc123\r\nExpires:  never \r\n\r\n",
		want: with(req("POST", "/upload", 1, "Host: example.com", "Transfer-Encoding: chunked", "Trailer: Checksum, Expires"), func(r *Request) {
			r.Chunked, r.Body = true, []byte("Wiki")
			r.Trailer = Header{{"Checksum", "abc123"}, {"Expires", "never"}}
		})},
	{rule: "RFC 9112 §7.1.2", name: "obs-fold in trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nA: b\r\n‸ c\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding")},
	{rule: "RFC 9112 §7.1.2", name: "whitespace before colon in trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nA‸ : b\r\n\r\n",
		err: rej(400, rfc9112_5_1, "whitespace between field name and colon")},
	{rule: "RFC 9112 §7.1.2", name: "trailer line without a colon",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nAbc‸\r\n\r\n",
		err: rej(400, rfc9112_5, "missing colon in trailer field")},
	{rule: "RFC 9112 §7.1.2", name: "NUL in a trailer line that has not ended",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nA: b‸\x00",
		err: rej(400, rfc9110_5_5, "NUL in field value")},

	// RFC 9110 §6.5.1: fields a trailer must not carry.
	{rule: "RFC 9110 §6.5.1", name: "harmless trailer",
		in: "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nServer-Timing: db;dur=53\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Transfer-Encoding: chunked"), func(r *Request) {
			r.Chunked, r.Trailer = true, Header{{"Server-Timing", "db;dur=53"}}
		})},
	{rule: "RFC 9110 §6.5.1", name: "Content-Length trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\n‸content-length: 5\r\n\r\n",
		err: rej(400, rfc9110_651, "field not allowed in trailer section")},
	{rule: "RFC 9110 §6.5.1", name: "Host trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\n‸Host: evil.example\r\n\r\n",
		err: rej(400, rfc9110_651, "field not allowed in trailer section")},

	// RFC 9112 §6.3: with neither field the body is empty and the next byte
	// starts the next request (pipelining, RFC 9112 §9.3.2).
	{rule: "RFC 9112 §6.3", name: "pipelined requests",
		in:   "GET /1 HTTP/1.1\r\n" + host + "\r\nGET /2 HTTP/1.1\r\n" + host + "\r\n",
		n:    len("GET /1 HTTP/1.1\r\n" + host + "\r\n"),
		want: req("GET", "/1", 1, "Host: example.com")},
	{rule: "RFC 9112 §6.3", name: "body bytes are never a request",
		in: "POST / HTTP/1.1\r\n" + host + "Content-Length: 18\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
		n:  len("POST / HTTP/1.1\r\n"+host+"Content-Length: 18\r\n\r\n") + 18,
		want: with(req("POST", "/", 1, "Host: example.com", "Content-Length: 18"), func(r *Request) {
			r.ContentLength, r.Body = 18, []byte("GET /x HTTP/1.1\r\n\r")
		})},
}
