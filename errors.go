package httparse

import "strconv"

// ErrIncomplete reports that the input is a proper prefix of a request that
// may still turn out valid: the caller should read more bytes and call again.
// Incomplete input is not invalid input, so ErrIncomplete is never wrapped
// and never an *Error; compare with ==. A byte that no request may hold
// where it stands is an *Error as soon as it arrives; what depends on the
// whole header section (the target's form, Host, the framing fields) is
// judged when the section is complete (SPEC.md, "Errors").
//
// Its static type is a pointer to a type of this package rather than
// error, so that err == ErrIncomplete compiles to two word comparisons
// instead of a call into the runtime: a caller fed a byte at a time makes
// that comparison once per byte. To keep it in a variable, declare the
// variable as error: one declared from it has the pointer type, and set to
// nil and returned as an error it would be a non-nil error.
var ErrIncomplete = &incompleteError{"httparse: incomplete request"}

// incompleteError is the type of ErrIncomplete alone.
type incompleteError struct{ s string }

func (e *incompleteError) Error() string { return e.s }

// Error is a rejected request. It carries what a server needs to answer it
// (Status) and what a person needs to see why (Rule, Offset, Reason).
// After any *Error the message boundaries on the connection can no longer be
// trusted, so a server answers Status and closes the connection.
type Error struct {
	// Status is the HTTP status code a server should send:
	// 400, 413, 414, 431, 501 or 505.
	Status int
	// Rule names the section that was broken, e.g. "RFC 9112 §5.1".
	Rule string
	// Offset is the index in the parsed input of the first offending byte
	// (for PathUnescape and ParseQuery, in their argument). It is -1 for
	// errors that name a field value as a whole rather than a byte of the
	// input (BodyFraming called on its own, ParseContentLength).
	Offset int
	// Reason is a short, lower-case description without a trailing period.
	// It never quotes the input, so it is safe to log and to send back.
	Reason string
}

// Error returns "httparse: <Rule>: <Reason> (offset <Offset>)".
func (e *Error) Error() string {
	s := "httparse: " + e.Rule + ": " + e.Reason
	if e.Offset >= 0 {
		s += " (offset " + strconv.Itoa(e.Offset) + ")"
	}
	return s
}

// Section names used in errors. Keeping them as constants means every error
// cites its rule the same way and SPEC.md can be checked against them.
const (
	rfc9112_2_2 = "RFC 9112 §2.2"
	rfc9112_2_3 = "RFC 9112 §2.3"
	rfc9112_3   = "RFC 9112 §3"
	rfc9112_3_2 = "RFC 9112 §3.2"
	rfc9112_324 = "RFC 9112 §3.2.4"
	rfc9112_323 = "RFC 9112 §3.2.3"
	rfc9112_322 = "RFC 9112 §3.2.2"
	rfc9112_5   = "RFC 9112 §5"
	rfc9112_5_1 = "RFC 9112 §5.1"
	rfc9112_5_2 = "RFC 9112 §5.2"
	rfc9112_6_1 = "RFC 9112 §6.1"
	rfc9112_6_3 = "RFC 9112 §6.3"
	rfc9112_7_1 = "RFC 9112 §7.1"
	rfc9112_711 = "RFC 9112 §7.1.1"
	rfc9110_2_5 = "RFC 9110 §2.5"
	rfc9110_4_2 = "RFC 9110 §4.2"
	rfc9110_424 = "RFC 9110 §4.2.4"
	rfc9110_5_5 = "RFC 9110 §5.5"
	rfc9110_651 = "RFC 9110 §6.5.1"
	rfc9110_761 = "RFC 9110 §7.6.1"
	rfc9110_7_2 = "RFC 9110 §7.2"
	rfc9110_8_6 = "RFC 9110 §8.6"
	rfc9110_936 = "RFC 9110 §9.3.6"
	rfc3986_2_1 = "RFC 3986 §2.1"
	rfc3986_322 = "RFC 3986 §3.2.2"
	rfc3986_7_3 = "RFC 3986 §7.3"
	rfc6585_5   = "RFC 6585 §5"
)

// newError builds an *Error. Errors are rare, so the allocation happens only
// on the rejection path; the strings are constants, never built with fmt.
func newError(status int, rule string, off int, reason string) *Error {
	return &Error{Status: status, Rule: rule, Offset: off, Reason: reason}
}

func badRequest(rule string, off int, reason string) *Error {
	return newError(400, rule, off, reason)
}

// ctlReason names the control byte c for an error message: the bytes that
// smuggling attempts use get their own words.
func ctlReason(c byte, where string) string {
	switch c {
	case '\r':
		return "bare CR in " + where
	case '\n':
		return "bare LF in " + where
	case 0:
		return "NUL in " + where
	}
	return "invalid byte in " + where
}
