package httparse

import "strings"

// crlf joins a request-line and its field lines with CRLF and ends the
// header section.
func crlf(line string, fields ...string) string {
	return strings.Join(append([]string{line}, fields...), "\r\n") + "\r\n\r\n"
}

// realWorldCases are requests as real clients send them, captured from
// the clients named. They run through TestParse like every other case.
var realWorldCases = []parseCase{
	{rule: "RFC 9112 §2.1", name: "curl 8.5",
		in:   crlf("GET /todos?done=false HTTP/1.1", "Host: 127.0.0.1:8080", "User-Agent: curl/8.5.0", "Accept: */*"),
		want: req("GET", "/todos?done=false", 1, "Host: 127.0.0.1:8080", "User-Agent: curl/8.5.0", "Accept: */*")},
	{rule: "RFC 9112 §2.1", name: "Chrome navigation",
		in:   crlf("GET /todos?filter=active&sort=due HTTP/1.1", chromeFields...),
		want: req("GET", "/todos?filter=active&sort=due", 1, chromeFields...)},
	{rule: "RFC 9112 §2.1", name: "Firefox fetch POST",
		in: crlf("POST /todos HTTP/1.1", firefoxFields...) + `{"title":"Milk","done":false}`,
		want: with(req("POST", "/todos", 1, firefoxFields...), func(r *Request) {
			r.ContentLength, r.Body = 29, []byte(`{"title":"Milk","done":false}`)
		})},
	{rule: "RFC 9112 §2.1", name: "Go net/http client PUT",
		in: crlf("PUT /todos/7 HTTP/1.1", "Host: 127.0.0.1:8080", "User-Agent: Go-http-client/1.1",
			"Content-Length: 14", "Content-Type: application/json", "Accept-Encoding: gzip") + `{"done":true}` + "\n",
		want: with(req("PUT", "/todos/7", 1, "Host: 127.0.0.1:8080", "User-Agent: Go-http-client/1.1",
			"Content-Length: 14", "Content-Type: application/json", "Accept-Encoding: gzip"), func(r *Request) {
			r.ContentLength, r.Body = 14, []byte(`{"done":true}`+"\n")
		})},
	{rule: "RFC 9112 §2.1", name: "Python requests DELETE",
		in: crlf("DELETE /todos/7 HTTP/1.1", "Host: 127.0.0.1:8080", "User-Agent: python-requests/2.31.0",
			"Accept-Encoding: gzip, deflate", "Accept: */*", "Connection: keep-alive", "Content-Length: 0"),
		want: with(req("DELETE", "/todos/7", 1, "Host: 127.0.0.1:8080", "User-Agent: python-requests/2.31.0",
			"Accept-Encoding: gzip, deflate", "Accept: */*", "Connection: keep-alive", "Content-Length: 0"), func(r *Request) {
			r.ContentLength = 0
		})},
	{rule: "RFC 9112 §2.1", name: "WebSocket upgrade",
		in: crlf("GET /chat HTTP/1.1", "Host: server.example.com", "Upgrade: websocket", "Connection: Upgrade",
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Origin: http://example.com",
			"Sec-WebSocket-Protocol: chat, superchat", "Sec-WebSocket-Version: 13"),
		want: req("GET", "/chat", 1, "Host: server.example.com", "Upgrade: websocket", "Connection: Upgrade",
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Origin: http://example.com",
			"Sec-WebSocket-Protocol: chat, superchat", "Sec-WebSocket-Version: 13")},
	{rule: "RFC 9112 §2.1", name: "multipart upload from curl -F",
		in: crlf("POST /upload HTTP/1.1", "Host: 127.0.0.1:8080", "User-Agent: curl/8.5.0", "Accept: */*",
			"Content-Length: 196", "Content-Type: multipart/form-data; boundary=------------------------d74496d66958873e") +
			multipartBody,
		want: with(req("POST", "/upload", 1, "Host: 127.0.0.1:8080", "User-Agent: curl/8.5.0", "Accept: */*",
			"Content-Length: 196", "Content-Type: multipart/form-data; boundary=------------------------d74496d66958873e"), func(r *Request) {
			r.ContentLength, r.Body = 196, []byte(multipartBody)
		})},
	{rule: "RFC 9110 §7.6.1", name: "HTTP/1.0 keep-alive from ApacheBench",
		in: crlf("GET /hello?name=Ada HTTP/1.0", "Connection: Keep-Alive", "Host: 127.0.0.1:8080",
			"User-Agent: ApacheBench/2.3", "Accept: */*"),
		want: with(req("GET", "/hello?name=Ada", 0, "Connection: Keep-Alive", "Host: 127.0.0.1:8080",
			"User-Agent: ApacheBench/2.3", "Accept: */*"), func(r *Request) { r.Close = false })},
	{rule: "RFC 9110 §7.6.1", name: "HTTP/1.0 without keep-alive closes",
		in:   crlf("GET / HTTP/1.0", "User-Agent: Wget/1.21.3"),
		want: req("GET", "/", 0, "User-Agent: Wget/1.21.3")},
}

const multipartBody = "--------------------------d74496d66958873e\r\n" +
	"Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n" +
	"Content-Type: text/plain\r\n" +
	"\r\n" +
	"hello, world\n\r\n" +
	"--------------------------d74496d66958873e--\r\n"

// chromeFields are the field lines of a Chrome 124 navigation.
var chromeFields = []string{
	"Host: localhost:8080",
	"Connection: keep-alive",
	`sec-ch-ua: "Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"`,
	"sec-ch-ua-mobile: ?0",
	`sec-ch-ua-platform: "Linux"`,
	"Upgrade-Insecure-Requests: 1",
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
	"Sec-Fetch-Site: none",
	"Accept-Encoding: gzip, deflate, br, zstd",
	"Accept-Language: en-US,en;q=0.9",
	"Cookie: session_id=s%3A9f2c; theme=dark",
}

// firefoxFields are the field lines of a Firefox 126 fetch() POST.
var firefoxFields = []string{
	"Host: localhost:8080",
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
	"Accept: */*",
	"Accept-Language: en-US,en;q=0.5",
	"Accept-Encoding: gzip, deflate, br, zstd",
	"Referer: http://localhost:8080/",
	"Content-Type: application/json",
	"Content-Length: 29",
	"Origin: http://localhost:8080",
	"Connection: keep-alive",
	"Sec-Fetch-Dest: empty",
	"Priority: u=0",
}
