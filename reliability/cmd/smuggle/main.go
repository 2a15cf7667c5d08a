// Command smuggle sends request smuggling vectors to the to-do server, each
// followed by a benign request on the same connection, and checks from the
// server's access log (one record per request that reached the handler,
// with the client's address) that no hidden request was ever dispatched.
//
// The vectors are the table in vectors.go plus every corpus/smuggle-*.http.
// With -lenient, the server runs with those leniency kinds, and a vector
// is expected to be rejected only when the parser with the same kinds
// rejects it; a hidden request must still never be dispatched.
//
//	go run ./reliability/cmd/smuggle -bin ./serve-bin [-lenient bare-lf,obs-fold,raw-target,missing-host]
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/reliability/internal/harness"
	"github.com/ae7539e0/httparse/reliability/internal/seeds"
	"github.com/ae7539e0/httparse/reliability/internal/wire"
)

// deadline bounds one vector's connection. A rejected vector must be
// answered and closed well within it.
const deadline = 3 * time.Second

// attempt is one vector sent and what came of it.
type attempt struct {
	name     string
	local    string   // our address: the access log's "remote"
	expected []string // targets the handler may see, in order
	res      wire.Result
	rejected bool // the vector must be answered with a parse error
}

func main() {
	bin := flag.String("bin", "", "server binary (serve/cmd)")
	root := flag.String("root", ".", "module root (corpus/)")
	logPath := flag.String("log", "smuggle-server.log", "server output (holds the access log)")
	lenientFlag := flag.String("lenient", "", "leniency kinds for the server's -lenient, comma-separated")
	flag.Parse()
	lenient, err := leniency(*lenientFlag)
	if err != nil {
		harness.Fatal("-lenient: %v", err)
	}

	logf, dir := harness.Setup("smuggle", *logPath)
	defer logf.Close()
	args := []string{"-data", filepath.Join(dir, "todos.db"), "-log", "debug"}
	if *lenientFlag != "" {
		args = append(args, "-lenient", *lenientFlag)
	}
	srv, err := harness.Start(*bin, args, logf, 0)
	if err != nil {
		harness.Fatal("%v", err)
	}
	defer srv.Kill()

	var attempts []attempt
	acceptedLenient := 0 // table vectors the lenient parser accepts
	for i, v := range vectors {
		marker := fmt.Sprintf("smuggled-%d", i)
		benign := fmt.Sprintf("/hello?name=benign-%d", i)
		in := v.build(hiddenRequest(marker)) + "GET " + benign + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
		a := attempt{name: v.name, rejected: !v.accepted}
		if v.accepted {
			a.expected = []string{"/hello", benign}
		}
		if lenient != 0 && !v.accepted {
			// What the parser with the server's kinds makes of it.
			a.expected = parserView([]byte(in), lenient)
			a.rejected = len(a.expected) == 0
			if !a.rejected {
				acceptedLenient++
			}
		}
		// An accepted vector leaves the connection open for more requests:
		// shut our side so the server closes it. A rejected one must be
		// closed by the server on its own.
		res, err := wire.Exchange(srv.Addr, []byte(in), !a.rejected, deadline)
		if err != nil {
			harness.Fatal("%s: %v", v.name, err)
		}
		a.res, a.local = res, res.Local
		attempts = append(attempts, a)
	}

	// The control: a plainly pipelined request, which the server must
	// dispatch. It proves the detector below sees a request that gets
	// through; without it, zero hidden requests could mean a blind check.
	control := attempt{name: "control: plainly pipelined request",
		expected: []string{"/todos?control-0", "/hello?name=control"}}
	res, err := wire.Exchange(srv.Addr, []byte(hiddenRequest("control-0")+
		"GET /hello?name=control HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), true, deadline)
	if err != nil {
		harness.Fatal("control: %v", err)
	}
	control.res, control.local = res, res.Local

	corpus, err := seeds.Smuggling(*root)
	if err != nil {
		harness.Fatal("%v", err)
	}
	for i, f := range corpus {
		benign := fmt.Sprintf("/hello?name=corpus-%d", i)
		in := append(append([]byte(nil), f.Data...), "GET "+benign+" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"...)
		a := attempt{name: filepath.Base(f.Name), expected: parserView(in, lenient)}
		// A file the parser accepts the front of (with -lenient) leaves
		// the connection open: shut our side, as for accepted vectors.
		res, err := wire.Exchange(srv.Addr, in, len(a.expected) > 0, deadline)
		if err != nil {
			harness.Fatal("%s: %v", f.Name, err)
		}
		a.res, a.local = res, res.Local
		attempts = append(attempts, a)
	}

	// The access log record is written after the response, so the last
	// ones may still be on their way: wait, bounded, for the benign
	// requests the server answered to show up.
	answered := len(control.res.Responses)
	for _, a := range attempts {
		if !a.rejected {
			answered += len(a.res.Responses)
		}
	}
	records := waitRecords(*logPath, answered, 5*time.Second)
	seen := map[string][]string{}
	for _, r := range records {
		seen[r.Remote] = append(seen[r.Remote], r.Target)
	}

	var hiddenDispatched, notRejected, afterError, leftOpen, unexpected int
	fmt.Println("smuggling vectors:")
	for _, a := range attempts {
		got := seen[a.local]
		verdict := "ok"
		first := 0
		if len(a.res.Responses) > 0 {
			first = a.res.Responses[0].Status
		}
		for _, t := range got {
			if strings.Contains(t, "smuggled-") {
				hiddenDispatched++
				verdict = "HIDDEN REQUEST DISPATCHED"
			}
		}
		if !equal(got, a.expected) {
			unexpected++
			if verdict == "ok" {
				verdict = fmt.Sprintf("handler saw %q, want %q", got, a.expected)
			}
		}
		if a.rejected {
			if first < 400 || len(a.res.Responses) == 0 || !a.res.Responses[0].ParseError() {
				notRejected++
				verdict += "; not rejected"
			}
			if len(a.res.Responses) > 1 {
				afterError++
				verdict += "; answered after the error"
			}
			if a.res.TimedOut {
				leftOpen++
				verdict += "; left open"
			}
		}
		fmt.Printf("    %-42s first status %d, %d responses, closed=%v: %s\n", a.name, first, len(a.res.Responses), a.res.Closed, verdict)
	}

	stored := storedMarkers(srv.Addr, "smuggled-")
	controlSeen := equal(seen[control.local], control.expected) && storedMarkers(srv.Addr, "control-0") == 1
	fmt.Println("smuggling figures:")
	harness.Check(controlSeen, "detector sees a plainly pipelined request")
	harness.Figure("vectors sent (table + corpus)", fmt.Sprintf("%d (%d + %d)", len(attempts), len(vectors), len(corpus)))
	if lenient != 0 {
		harness.Figure("leniency kinds", *lenientFlag)
		harness.Figure("table vectors the lenient parser accepts", fmt.Sprint(acceptedLenient))
	}
	harness.MustZero("hidden requests dispatched (access log)", hiddenDispatched)
	harness.MustZero("hidden requests stored (to-do list)", stored)
	harness.MustZero("dispatches not matching the parser", unexpected)
	harness.MustZero("table vectors not rejected", notRejected)
	harness.MustZero("responses after a rejected vector", afterError)
	harness.MustZero("rejected vectors left open", leftOpen)
	harness.Check(srv.Alive(), "server alive")
	harness.Exit()
}

// parserView returns the targets of the requests the project's parser
// accepts from the front of in, up to the first error or incomplete one:
// exactly what the server may dispatch.
func parserView(in []byte, lenient httparse.Leniency) []string {
	p := httparse.Parser{Lenient: lenient}
	var req httparse.Request
	var t []string
	for len(in) > 0 {
		n, err := p.Parse(in, &req)
		if err != nil {
			break
		}
		t = append(t, req.Target)
		in = in[n:]
	}
	return t
}

// waitRecords polls the access log until it holds at least want records or
// timeout passes.
func waitRecords(path string, want int, timeout time.Duration) []harness.Record {
	end := time.Now().Add(timeout)
	for {
		r, err := harness.AccessLog(path)
		if err != nil {
			harness.Fatal("reading access log: %v", err)
		}
		if len(r) >= want || time.Now().After(end) {
			return r
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// storedMarkers counts the to-dos whose title holds marker.
func storedMarkers(addr, marker string) int {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + "/todos?limit=1000")
	if err != nil {
		harness.Fatal("listing to-dos: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		harness.Fatal("listing to-dos: status %d: %s", resp.StatusCode, b)
	}
	return strings.Count(string(b), marker)
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// leniency reads a -lenient list as serve/cmd does.
func leniency(s string) (httparse.Leniency, error) {
	names := map[string]httparse.Leniency{
		"bare-lf": httparse.AllowBareLF, "obs-fold": httparse.AllowObsFold,
		"raw-target": httparse.AllowRawTargetBytes, "missing-host": httparse.AllowMissingHost,
	}
	var l httparse.Leniency
	if s == "" {
		return 0, nil
	}
	for _, name := range strings.Split(s, ",") {
		k, ok := names[name]
		if !ok {
			return 0, fmt.Errorf("unknown kind %q", name)
		}
		l |= k
	}
	return l, nil
}
