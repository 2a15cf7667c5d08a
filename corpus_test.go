package httparse_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// smuggleWant is the rejection each corpus/smuggle-*.http file must end
// in: the status and the rule that the attempt breaks.
var smuggleWant = map[string]struct {
	status int
	rule   string
}{
	"smuggle-bare-cr-head.http":              {400, "RFC 9112 §2.2"},
	"smuggle-bare-lf-head.http":              {400, "RFC 9112 §2.2"},
	"smuggle-chunk-bare-lf.http":             {400, "RFC 9112 §7.1"},
	"smuggle-chunk-data-bare-lf.http":        {400, "RFC 9112 §7.1"},
	"smuggle-chunk-data-too-long.http":       {400, "RFC 9112 §7.1"},
	"smuggle-chunk-ext-bare-lf.http":         {400, "RFC 9112 §7.1"},
	"smuggle-chunk-size-0x.http":             {400, "RFC 9112 §7.1"},
	"smuggle-chunk-size-overflow.http":       {413, "RFC 9112 §7.1"},
	"smuggle-chunk-size-trailing-space.http": {400, "RFC 9112 §7.1"},
	"smuggle-cl-list.http":                   {400, "RFC 9110 §8.6"},
	"smuggle-cl-plus.http":                   {400, "RFC 9110 §8.6"},
	"smuggle-cl-space-before-colon.http":     {400, "RFC 9112 §5.1"},
	"smuggle-cl-te.http":                     {400, "RFC 9112 §6.1"},
	"smuggle-connect-chunked.http":           {400, "RFC 9110 §9.3.6"},
	"smuggle-connect-content-length.http":    {400, "RFC 9110 §9.3.6"},
	"smuggle-duplicate-cl.http":              {400, "RFC 9112 §6.3"},
	"smuggle-first-line-space.http":          {400, "RFC 9112 §2.2"},
	"smuggle-hidden-pipelined.http":          {400, "RFC 9112 §5.1"},
	"smuggle-host-comma.http":                {400, "RFC 9110 §7.2"},
	"smuggle-http2-preface.http":             {505, "RFC 9110 §2.5"},
	"smuggle-no-final-crlf.http":             {400, "RFC 9112 §5.1"}, // the next request-line read as a trailer line
	"smuggle-nul-in-header.http":             {400, "RFC 9110 §5.5"},
	"smuggle-obs-fold-hides-header.http":     {400, "RFC 9112 §5.2"},
	"smuggle-target-backslash.http":          {400, "RFC 9112 §3.2"},
	"smuggle-target-space.http":              {400, "RFC 9112 §2.3"}, // what follows the first SP is no HTTP-version
	"smuggle-te-chunked-identity.http":       {400, "RFC 9112 §6.3"},
	"smuggle-te-cl.http":                     {400, "RFC 9112 §6.1"},
	"smuggle-te-empty-member.http":           {400, "RFC 9112 §6.1"},
	"smuggle-te-http10.http":                 {400, "RFC 9112 §6.1"},
	"smuggle-te-obs-fold.http":               {400, "RFC 9112 §5.2"},
	"smuggle-te-quoted.http":                 {400, "RFC 9112 §6.1"},
	"smuggle-te-space-before-colon.http":     {400, "RFC 9112 §5.1"},
	"smuggle-te-two-lines.http":              {400, "RFC 9112 §6.3"},
	"smuggle-te-vtab.http":                   {400, "RFC 9110 §5.5"},
	"smuggle-te-xchunked.http":               {400, "RFC 9112 §6.1"},
	"smuggle-trailer-content-length.http":    {400, "RFC 9110 §6.5.1"},
	"smuggle-two-hosts.http":                 {400, "RFC 9112 §3.2"},
	"smuggle-userinfo.http":                  {400, "RFC 9110 §4.2.4"},
}

// TestCorpus parses every corpus/*.http file as a server would, request
// after request. A smuggle-*.http file must end in the *Error of its
// smuggleWant row (every one is an attempt a strict parser refuses, for a
// stated rule); any other file holds requests as real clients send them
// and must parse completely, to its last byte.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("corpus", "*.http"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus/*.http files (%v)", err)
	}
	seen := make(map[string]bool)
	for _, name := range files {
		base := filepath.Base(name)
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var p httparse.Parser
		var r httparse.Request
		requests := 0
		for len(data) > 0 && err == nil {
			var n int
			n, err = p.Parse(data, &r)
			data = data[n:]
			if err == nil {
				requests++
			}
		}
		if !strings.HasPrefix(base, "smuggle-") {
			if err != nil || requests == 0 {
				t.Errorf("%s: %v after %d requests, %d bytes left; want every byte parsed", base, err, requests, len(data))
			}
			continue
		}
		seen[base] = true
		want, ok := smuggleWant[base]
		if !ok {
			t.Errorf("%s: no row in smuggleWant", base)
			continue
		}
		e, ok := err.(*httparse.Error)
		if !ok || e.Status != want.status || e.Rule != want.rule {
			t.Errorf("%s: %v; want %d under %s", base, err, want.status, want.rule)
		}
	}
	for base := range smuggleWant {
		if !seen[base] {
			t.Errorf("smuggleWant row %s has no corpus file", base)
		}
	}
}
