// Package nethttp converts between httparse's requests and net/http's.
//
// It lives apart from the root package so that a program that only parses
// bytes never links net/http.
//
// ToHTTP turns a request the strict parser accepted into the *http.Request
// that http.ReadRequest would have returned for the same bytes, so existing
// handlers and middleware see what they are used to. FromHTTP goes the other
// way: it writes an *http.Request in wire form and parses that with
// httparse, so the result is held to the same rules as bytes from a socket.
package nethttp
