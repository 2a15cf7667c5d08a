package httparse

// TestParse cases of field lines, the header section limits and
// Connection.

// parseFieldCases: RFC 9112 §5, RFC 9110 §5.5, RFC 6585 §5 and RFC 9110 §7.6.1.
var parseFieldCases = []parseCase{
	// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
	{rule: "RFC 9112 §5", name: "duplicates kept in order, names keep their case",
		in:   "GET / HTTP/1.1\r\n" + host + "accept: a\r\nACCEPT: b\r\nX-Empty:\r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "accept: a", "ACCEPT: b", "X-Empty:")},
	{rule: "RFC 9112 §5", name: "missing colon",
		in:  "GET / HTTP/1.1\r\n" + host + "NoColon‸\r\n\r\n",
		err: rej(400, rfc9112_5, "missing colon in field line")},
	{rule: "RFC 9112 §5", name: "empty field name",
		in:  "GET / HTTP/1.1\r\n" + host + "‸: x\r\n\r\n",
		err: rej(400, rfc9112_5, "empty field name")},
	{rule: "RFC 9112 §5", name: "non-token field name",
		in:  "GET / HTTP/1.1\r\n" + host + "X‸@Y: x\r\n\r\n",
		err: rej(400, rfc9112_5, "invalid byte in field name")},
	{rule: "RFC 9112 §5", name: "underscore is not a hyphen",
		in:   "GET / HTTP/1.1\r\n" + host + "Transfer_Encoding: chunked\r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "Transfer_Encoding: chunked")},

	// RFC 9112 §5.1: no whitespace before the colon; OWS around the value.
	{rule: "RFC 9112 §5.1", name: "OWS trimmed, inner whitespace kept",
		in:   "GET / HTTP/1.1\r\n" + host + "X:  \t a \t b\t \r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "X:a \t b")},
	{rule: "RFC 9112 §5.1", name: "space before colon",
		in:  "GET / HTTP/1.1\r\n" + host + "Content-Length‸ : 5\r\n\r\nhello",
		err: rej(400, rfc9112_5_1, "whitespace between field name and colon")},
	{rule: "RFC 9112 §5.1", name: "tab before colon",
		in:  "GET / HTTP/1.1\r\n" + host + "Transfer-Encoding‸\t: chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_5_1, "whitespace between field name and colon")},

	// RFC 9112 §5.2: obs-fold.
	{rule: "RFC 9112 §5.2", name: "tab inside a value is not a fold",
		in:   "GET / HTTP/1.1\r\n" + host + "X: a\tb\r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "X: a\tb")},
	{rule: "RFC 9112 §5.2", name: "obs-fold",
		in:  "GET / HTTP/1.1\r\n" + host + "X: a\r\n‸ b\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding")},
	{rule: "RFC 9112 §5.2", name: "obs-fold hiding Transfer-Encoding",
		in:  "POST / HTTP/1.1\r\n" + host + "X: y\r\n‸\tTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc",
		err: rej(400, rfc9112_5_2, "obsolete line folding")},

	// RFC 9110 §5.5: field values.
	{rule: "RFC 9110 §5.5", name: "obs-text kept as sent",
		in:   "GET / HTTP/1.1\r\n" + host + "X: caf\xe9 \xa0\r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "X: caf\xe9 \xa0")},
	{rule: "RFC 9110 §5.5", name: "NUL in value",
		in:  "GET / HTTP/1.1\r\n" + host + "X: a‸\x00b\r\n\r\n",
		err: rej(400, rfc9110_5_5, "NUL in field value")},
	{rule: "RFC 9110 §5.5", name: "DEL in value",
		in:  "GET / HTTP/1.1\r\n" + host + "X: 0123456789‸\x7f\r\n\r\n",
		err: rej(400, rfc9110_5_5, "invalid byte in field value")},
	{rule: "RFC 9110 §5.5", name: "vertical tab is not OWS",
		in:  "GET / HTTP/1.1\r\n" + host + "X: ‸\va\r\n\r\n",
		err: rej(400, rfc9110_5_5, "invalid byte in field value")},

	// RFC 6585 §5: header section limits.
	{rule: "RFC 6585 §5", name: "at the field count limit",
		in:   "GET / HTTP/1.1\r\n" + host + "A: 1\r\n\r\n",
		lim:  Limits{MaxHeaders: 2},
		want: req("GET", "/", 1, "Host: example.com", "A: 1")},
	{rule: "RFC 6585 §5", name: "too many fields",
		in:  "GET / HTTP/1.1\r\n" + host + "A: 1\r\n‸B: 2\r\n\r\n",
		lim: Limits{MaxHeaders: 2},
		err: rej(431, rfc6585_5, "too many header fields")},
	{rule: "RFC 6585 §5", name: "header section exactly at the limit, final CRLF included",
		in:   "GET / HTTP/1.1\r\n" + host + "\r\n",
		lim:  Limits{MaxHeaderBytes: 21},
		want: req("GET", "/", 1, "Host: example.com")},
	{rule: "RFC 6585 §5", name: "header section one byte over the limit",
		in:  "GET / HTTP/1.1\r\n" + host + "\r‸\n",
		lim: Limits{MaxHeaderBytes: 20},
		err: rej(431, rfc6585_5, "header section too large")},
	{rule: "RFC 6585 §5", name: "header section too large",
		in:  "GET / HTTP/1.1\r\n" + host + "A: 01234567‸89\r\n\r\n",
		lim: Limits{MaxHeaderBytes: 30},
		err: rej(431, rfc6585_5, "header section too large")},

	// RFC 9110 §7.6.1 and RFC 9112 §9.3: Connection and persistence.
	{rule: "RFC 9110 §7.6.1", name: "close among other options",
		in:   "GET / HTTP/1.1\r\n" + host + "Connection: Upgrade, , CLOSE\r\n\r\n",
		want: with(req("GET", "/", 1, "Host: example.com", "Connection: Upgrade, , CLOSE"), func(r *Request) { r.Close = true })},
	{rule: "RFC 9110 §7.6.1", name: "HTTP/1.0 keep-alive",
		in:   "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
		want: with(req("GET", "/", 0, "Connection: keep-alive"), func(r *Request) { r.Close = false })},
	{rule: "RFC 9110 §7.6.1", name: "non-token option",
		in:  "GET / HTTP/1.1\r\n" + host + "Connection: close‸; x\r\n\r\n",
		err: rej(400, rfc9110_761, "invalid Connection option")},
	{rule: "RFC 9110 §7.6.1", name: "non-token option after a valid one, at its offending byte",
		in:  "GET / HTTP/1.1\r\n" + host + "Connection: close, a‸ b\r\n\r\n",
		err: rej(400, rfc9110_761, "invalid Connection option")},
}
