package main

import (
	"fmt"
	"strings"
)

// vector is one request smuggling attempt. Every attempt hides a request
// whose target carries a marker; whatever the server makes of the bytes,
// a request with that marker must never reach a handler.
type vector struct {
	name string
	// build returns the bytes to send given the hidden request.
	build func(hidden string) string
	// accepted is set for the vectors that are valid HTTP/1.1: the hidden
	// request is then the body of an ordinary request, which the server
	// answers, and the benign request after it must be answered too.
	accepted bool
}

// hiddenRequest is the request an attacker wants the server to see as its
// own. It creates a to-do, so that a dispatch leaves a trace in the store
// even if the access log missed it.
func hiddenRequest(marker string) string {
	body := fmt.Sprintf(`{"title":"%s","done":false}`, marker)
	return fmt.Sprintf("POST /todos?%s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		marker, len(body), body)
}

// head is the start of the outer request.
const head = "POST /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"

// chunk frames s as one chunk of a chunked body.
func chunk(s string) string { return fmt.Sprintf("%x\r\n%s\r\n", len(s), s) }

// vectors covers the classes of RFC 9112 §11.2 and the usual disagreements
// between a front end and a back end about where a request ends.
var vectors = []vector{
	// CL.TE: a front end that honours Content-Length forwards everything;
	// a back end that honours Transfer-Encoding ends the body at "0" and
	// sees the hidden request as the next one.
	{name: "CL+TE (CL first)", build: func(h string) string {
		body := "0\r\n\r\n" + h
		return head + fmt.Sprintf("Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n", len(body)) + body
	}},
	// TE.CL: the reverse; the chunk holds the hidden request for a back end
	// that reads only Content-Length bytes.
	{name: "TE+CL (TE first)", build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n" + chunk(h) + "0\r\n\r\n"
	}},
	// Two Content-Length lines that disagree.
	{name: "duplicate Content-Length", build: func(h string) string {
		return head + fmt.Sprintf("Content-Length: 0\r\nContent-Length: %d\r\n\r\n", len(h)) + h
	}},
	// One Content-Length line holding a list that disagrees.
	{name: "Content-Length list", build: func(h string) string {
		return head + fmt.Sprintf("Content-Length: 0, %d\r\n\r\n", len(h)) + h
	}},
	// Content-Length with a sign, which strconv-style parsers accept.
	{name: "Content-Length with plus sign", build: func(h string) string {
		return head + "Content-Length: +0\r\n\r\n" + h
	}},
	// Whitespace before the colon: some parsers strip it, some drop the line.
	{name: "space before colon in Content-Length", build: func(h string) string {
		return head + fmt.Sprintf("Content-Length : %d\r\n\r\n", len(h)) + h
	}},
	// Obfuscated Transfer-Encoding values a lenient parser reads as chunked.
	{name: "obfuscated TE: xchunked + CL", build: func(h string) string {
		body := "0\r\n\r\n" + h
		return head + fmt.Sprintf("Transfer-Encoding: xchunked\r\nContent-Length: %d\r\n\r\n", len(body)) + body
	}},
	{name: "obfuscated TE: space before colon", build: func(h string) string {
		return head + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + h
	}},
	{name: "obfuscated TE: chunked then identity", build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n" + h
	}},
	{name: "obfuscated TE: quoted", build: func(h string) string {
		return head + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n" + h
	}},
	{name: "obfuscated TE: vertical tab", build: func(h string) string {
		return head + "Transfer-Encoding:\x0bchunked\r\n\r\n0\r\n\r\n" + h
	}},
	{name: "obfuscated TE: chunked twice", build: func(h string) string {
		return head + "Transfer-Encoding: chunked, chunked\r\n\r\n" + chunk(h) + "0\r\n\r\n"
	}},
	{name: "TE in HTTP/1.0 request", build: func(h string) string {
		return strings.Replace(head, "HTTP/1.1", "HTTP/1.0", 1) + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + h
	}},
	// Bare LF where a chunk line must end in CRLF: one side sees the chunk
	// end, the other reads on.
	{name: "bare LF after chunk size", build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\n\r\n1\nA\r\n0\r\n\r\n" + h
	}},
	{name: "bare LF after chunk data", build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\n\r\n1\r\nA\n0\r\n\r\n" + h
	}},
	{name: "bare LF in last chunk", build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\n\r\n0\n\n" + h
	}},
	{name: "chunk size with trailing junk", build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\n\r\n0x0\r\n\r\n" + h
	}},
	{name: "chunk size overflow", build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n\r\n" + h
	}},
	// obs-fold: a folded line hides Content-Length in another field's value
	// for a parser that unfolds, or shows it for one that does not.
	{name: "obs-fold hiding Content-Length", build: func(h string) string {
		return head + fmt.Sprintf("X-Note: a\r\n Content-Length: %d\r\n\r\n", len(h)) + h
	}},
	{name: "obs-fold hiding Transfer-Encoding", build: func(h string) string {
		return head + "X-Note: a\r\n\tTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + h
	}},
	// Bare LF ending a field line.
	{name: "bare LF after Content-Length line", build: func(h string) string {
		return head + fmt.Sprintf("Content-Length: %d\nX: y\r\n\r\n", len(h)) + h
	}},
	// NUL in a field value, which C parsers treat as the end of the line.
	{name: "NUL hiding Content-Length", build: func(h string) string {
		return head + fmt.Sprintf("X-Note: a\x00Content-Length: %d\r\n\r\n", len(h)) + h
	}},
	// A request-line with a second request inside its target.
	{name: "request-line with CRLF-less target", build: func(h string) string {
		return "GET /hello?x HTTP/1.1\rHost: 127.0.0.1\r\n\r\n" + h
	}},
	// Valid: the hidden request travels as a Content-Length body. The
	// server must treat it as the body of /hello.
	{name: "hidden in Content-Length body", accepted: true, build: func(h string) string {
		return head + fmt.Sprintf("Content-Length: %d\r\n\r\n", len(h)) + h
	}},
	// Valid: the hidden request travels as chunk data.
	{name: "hidden in chunk data", accepted: true, build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\n\r\n" + chunk(h) + "0\r\n\r\n"
	}},
	// Valid: the hidden request sits in a trailer-less chunked body split
	// over two chunks, so no single chunk contains it.
	{name: "hidden across two chunks", accepted: true, build: func(h string) string {
		return head + "Transfer-Encoding: chunked\r\n\r\n" + chunk(h[:10]) + chunk(h[10:]) + "0\r\n\r\n"
	}},
}
