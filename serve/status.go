package serve

// Status codes the server and its helpers use. The names follow net/http.
const (
	StatusContinue                    = 100
	StatusSwitchingProtocols          = 101
	StatusEarlyHints                  = 103
	StatusOK                          = 200
	StatusCreated                     = 201
	StatusNoContent                   = 204
	StatusNotModified                 = 304
	StatusBadRequest                  = 400
	StatusNotFound                    = 404
	StatusMethodNotAllowed            = 405
	StatusRequestTimeout              = 408
	StatusPreconditionFailed          = 412
	StatusRequestEntityTooLarge       = 413
	StatusURITooLong                  = 414
	StatusUnsupportedMediaType        = 415
	StatusExpectationFailed           = 417
	StatusUnprocessableEntity         = 422
	StatusInternalServerError         = 500
	StatusNotImplemented              = 501
	StatusServiceUnavailable          = 503
	StatusHTTPVersionNotSupported     = 505
	StatusRequestHeaderFieldsTooLarge = 431
)

// statusText holds the reason phrases of the status codes in IANA's
// registry: RFC 9110 §15's, and those of the RFCs that registered the
// others (WebDAV's RFC 4918 and RFC 5842, RFC 3229, RFC 6585, RFC 7725,
// RFC 8297, RFC 8470, RFC 2295, RFC 2774). 418 keeps the phrase clients
// know it by; RFC 9110 §15.5.19 reserves the code as "(Unused)". The
// phrase is informational only (RFC 9112 §4), but people read it.
var statusText = map[int]string{
	100: "Continue",
	101: "Switching Protocols",
	102: "Processing",
	103: "Early Hints",
	200: "OK",
	201: "Created",
	202: "Accepted",
	203: "Non-Authoritative Information",
	204: "No Content",
	205: "Reset Content",
	206: "Partial Content",
	207: "Multi-Status",
	208: "Already Reported",
	226: "IM Used",
	300: "Multiple Choices",
	301: "Moved Permanently",
	302: "Found",
	303: "See Other",
	304: "Not Modified",
	305: "Use Proxy",
	307: "Temporary Redirect",
	308: "Permanent Redirect",
	400: "Bad Request",
	401: "Unauthorized",
	402: "Payment Required",
	403: "Forbidden",
	404: "Not Found",
	405: "Method Not Allowed",
	406: "Not Acceptable",
	407: "Proxy Authentication Required",
	408: "Request Timeout",
	409: "Conflict",
	410: "Gone",
	411: "Length Required",
	412: "Precondition Failed",
	413: "Content Too Large",
	414: "URI Too Long",
	415: "Unsupported Media Type",
	416: "Range Not Satisfiable",
	417: "Expectation Failed",
	418: "I'm a teapot",
	421: "Misdirected Request",
	422: "Unprocessable Content",
	423: "Locked",
	424: "Failed Dependency",
	425: "Too Early",
	426: "Upgrade Required",
	428: "Precondition Required",
	429: "Too Many Requests",
	431: "Request Header Fields Too Large",
	451: "Unavailable For Legal Reasons",
	500: "Internal Server Error",
	501: "Not Implemented",
	502: "Bad Gateway",
	503: "Service Unavailable",
	504: "Gateway Timeout",
	505: "HTTP Version Not Supported",
	506: "Variant Also Negotiates",
	507: "Insufficient Storage",
	508: "Loop Detected",
	510: "Not Extended",
	511: "Network Authentication Required",
}

// StatusText returns the reason phrase for code, or "" when it is not
// registered; the status line then has an empty reason-phrase, which RFC
// 9112 §4 allows.
func StatusText(code int) string { return statusText[code] }

// bodyAllowed reports whether a response with this status may carry content
// (RFC 9110 §6.4.1: never for 1xx, 204 and 304).
func bodyAllowed(status int) bool {
	return status >= 200 && status != StatusNoContent && status != StatusNotModified
}

// hasContent reports whether the response with this status to a request
// with this method carries content. It is the one place that decides: the
// ResponseWriter, the answers to requests the server could not read, and
// the refusals over MaxConns all ask it. A response to HEAD never has
// content, whatever its status and whoever produced it (RFC 9110 §9.3.2,
// RFC 9112 §6.3); its Content-Length, when it has one, says what GET would
// get.
func hasContent(method string, status int) bool {
	return method != "HEAD" && bodyAllowed(status)
}

// isHead reports whether the bytes of a request, as far as they arrived,
// start with the method HEAD: empty lines before the request-line, which
// the parser skips (RFC 9112 §2.2), are skipped here too. It is how a
// response to a request that could not be parsed, or was not read, knows
// it answers HEAD.
func isHead(b []byte) bool {
	for len(b) > 0 && (b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	return len(b) >= len("HEAD ") && string(b[:len("HEAD ")]) == "HEAD "
}
