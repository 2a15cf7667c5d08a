package httparse

// SlowForbiddenTrailers is the reference parser's list of the fields
// RFC 9110 §6.5.1 keeps out of trailers, for the differential tests of
// package httparse_test.
var SlowForbiddenTrailers = slowForbiddenTrailers
