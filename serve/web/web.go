// Package web serves the to-do page: one HTML file, its stylesheet and its
// script, embedded in the binary and talking to the JSON API under /todos.
//
// The files are served the way a static file server should: each with its
// media type, a strong ETag so that a revalidation costs a 304 and no body,
// Cache-Control: no-cache because the names carry no version, HEAD, and
// no way out of the embedded tree.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/ae7539e0/httparse/serve"
	"github.com/ae7539e0/httparse/serve/internal/conditional"
)

//go:embed static
var static embed.FS

// Mount registers the page on rt: GET (and so HEAD) for "/" and for every
// file under "/static/".
func Mount(rt *serve.Router) {
	h := Handler()
	rt.Handle("GET", "/", h)
	rt.Handle("GET", "/static/{file...}", h)
}

// Handler returns a handler that answers GET and HEAD for "/" with the page
// and for "/static/<name>" with the embedded file of that name. Anything
// else is 404, a path with dot-segments, backslashes or encoded slashes is
// 400 before any lookup, and methods other than GET and HEAD get 405. A
// file's If-Match and If-None-Match are judged as conditional.Check does:
// 400 for a malformed If-Match, 412 for a false one, 304 for a true
// If-None-Match. (Through Mount, OPTIONS is the Router's answer.)
func Handler() serve.Handler { return files }

// files is built once: the embedded tree is read-only, so the ETags never
// change while the process runs.
var files = mustLoad(static)

// handler maps request paths to prepared files.
type handler map[string]*file

// file is one embedded file ready to send.
type file struct {
	body        []byte
	contentType string
	etag        string // strong, quoted
	length      string
}

// contentTypes lists the media types of the files that can be embedded;
// a file with another extension makes mustLoad panic at start-up rather
// than be served with a guessed type.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
}

func mustLoad(fsys fs.FS) handler {
	h := handler{}
	err := fs.WalkDir(fsys, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		ct, ok := contentTypes[path.Ext(name)]
		if !ok {
			panic("web: no media type for " + name)
		}
		sum := sha256.Sum256(body)
		h["/"+name] = &file{
			body:        body,
			contentType: ct,
			etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
			length:      strconv.Itoa(len(body)),
		}
		return nil
	})
	if err != nil {
		panic("web: reading embedded files: " + err.Error())
	}
	h["/"] = h["/static/index.html"]
	if h["/"] == nil {
		panic("web: static/index.html is missing")
	}
	return h
}

// ServeHTTP answers one request for a file.
func (h handler) ServeHTTP(w serve.ResponseWriter, r *serve.Request) {
	if r.Method != "GET" && r.Method != "HEAD" {
		w.Header().Set("Allow", "GET, HEAD")
		serve.Error(w, serve.StatusMethodNotAllowed, "method not allowed here; allowed: GET, HEAD")
		return
	}
	if !cleanPath(r.RawPath, r.Path) {
		serve.Error(w, serve.StatusBadRequest, "path not allowed")
		return
	}
	f := h[r.Path]
	if f == nil {
		serve.Error(w, serve.StatusNotFound, "not found")
		return
	}

	hdr := w.Header()
	hdr.Set("ETag", f.etag)
	// no-cache: keep it, but ask before each use. The names carry no
	// version, so anything longer would show a stale page after an upgrade;
	// the question costs a 304 without a body.
	hdr.Set("Cache-Control", "no-cache")
	if conditional.Check(w, r) {
		return
	}
	hdr.Set("Content-Type", f.contentType)
	hdr.Set("Content-Length", f.length)
	hdr.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(f.contentType, "text/html") {
		// Everything the page needs comes from this server; no inline
		// script or style is allowed, so injected markup cannot run.
		hdr.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hdr.Set("Referrer-Policy", "no-referrer")
	}
	w.WriteHeader(serve.StatusOK)
	w.Write(f.body) // HEAD: the server counts the bytes and sends none
}

// cleanPath reports whether a request path may be looked up at all: no
// dot-segments ("." or ".."), whether sent as is or percent-encoded, no
// backslash (some file systems and clients treat it as a separator), no
// NUL, and no encoded slash, which would make two different raw paths
// name one file. raw is the path as sent, decoded the percent-decoded one.
func cleanPath(raw, decoded string) bool {
	if !strings.HasPrefix(decoded, "/") {
		return false
	}
	if strings.ContainsAny(decoded, "\\\x00") {
		return false
	}
	if strings.Count(raw, "/") != strings.Count(decoded, "/") {
		return false // "%2F" decoded into a separator
	}
	for seg := range strings.SplitSeq(decoded[1:], "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}
