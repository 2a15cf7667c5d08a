// Package nginxtest puts a real reverse proxy in front of servers under
// test: Debian's nginx, in the foreground with a temporary prefix, on a
// free port of 127.0.0.1, sending requests round-robin to its upstreams
// over HTTP/1.1 with keep-alive connections, from a configuration it
// writes. Each test's nginx is stopped at the end of the test by its PID.
package nginxtest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Proxy is one running nginx.
type Proxy struct {
	// URL is http://127.0.0.1:PORT.
	URL string
	// Dir is the prefix: configuration, logs and temporary files.
	Dir string

	cmd    *exec.Cmd
	exited chan error
}

// Entry is one line of the access log: a request nginx proxied.
type Entry struct {
	Status         int    // what nginx answered
	Upstream       string // the upstream's HOST:PORT, "" when none was tried
	UpstreamStatus string // what the upstream answered; "-" for none
	Method, URI    string
}

// conf is nginx's configuration. A graceful stop waits for every
// connection that is reading a request head, and one that has not sent
// its first request yet (a browser opens some ahead of need) is one:
// client_header_timeout, 60 s by default, is cut to 5 s so that Stop's
// bound holds, and worker_shutdown_timeout closes what else is left.
const conf = `worker_processes 1;
worker_shutdown_timeout 5s;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 512; }
http {
	log_format proxied '$status $upstream_addr $upstream_status $request_method $request_uri';
	access_log %[1]s/access.log proxied;
	client_header_timeout 5s;
	client_body_temp_path %[1]s/client_body;
	proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi;
	uwsgi_temp_path %[1]s/uwsgi;
	scgi_temp_path %[1]s/scgi;

	upstream app {
%[3]s		keepalive 16;
	}
	server {
		listen 127.0.0.1:%[2]d;
		location / {
			proxy_pass http://app;
			# Keep-alive to the upstream needs HTTP/1.1 and no
			# "Connection: close" from the client's request.
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $http_host;
			# An answer is the upstream's: no retry on another one.
			proxy_next_upstream off;
		}
	}
}
`

// Path returns the nginx binary ($NGINX, or nginx on PATH or in
// /usr/sbin), or "".
func Path() string {
	if p := os.Getenv("NGINX"); p != "" {
		return p
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	return ""
}

// Start runs nginx in front of upstreams (each HOST:PORT) and returns once
// it accepts connections. Without nginx the test is skipped, saying how to
// install it, or fails when CI=true.
func Start(t testing.TB, upstreams ...string) *Proxy {
	t.Helper()
	bin := Path()
	if bin == "" {
		msg := "nginx not found (apt-get install nginx, or set NGINX)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg + " (skipped; with CI=true this fails)")
	}
	var servers strings.Builder
	for _, u := range upstreams {
		fmt.Fprintf(&servers, "\t\tserver %s;\n", u)
	}
	// A free port can be taken between the check and nginx's bind: then
	// nginx exits, and the start is tried again on another port.
	var lastErr error
	for range 3 {
		p, err := start(t, bin, servers.String())
		if err == nil {
			t.Cleanup(func() {
				if err := p.Stop(); err != nil {
					t.Error(err)
				}
			})
			return p
		}
		lastErr = err
	}
	t.Fatal(lastErr)
	return nil
}

func start(t testing.TB, bin, servers string) (*Proxy, error) {
	// As root, nginx's worker runs as nobody, which must reach the
	// prefix to use its temporary directories: t.TempDir's parent is
	// closed to others.
	dir, err := os.MkdirTemp("", "nginxtest")
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, fmt.Appendf(nil, conf, dir, port, servers), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-p", dir+"/", "-c", confPath, "-e", filepath.Join(dir, "error.log"), "-g", "daemon off;")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	out, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		return nil, err
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Proxy{URL: "http://127.0.0.1:" + strconv.Itoa(port), Dir: dir, cmd: cmd, exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.exited:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			stderr, _ := os.ReadFile(filepath.Join(dir, "stderr"))
			return nil, fmt.Errorf("nginx exited at start (%v):\n%s%s", err, stderr, log)
		default:
		}
		if c, err := net.DialTimeout("tcp", p.URL[len("http://"):], time.Second); err == nil {
			c.Close()
			return p, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	<-p.exited
	return nil, fmt.Errorf("nginx did not accept connections within 10s")
}

// Stop stops nginx (SIGQUIT: graceful, requests in progress finish) and
// waits for it to exit, at most 10 s before SIGKILL. Stopping twice is
// harmless.
func (p *Proxy) Stop() error {
	if p.cmd.ProcessState != nil {
		return nil
	}
	p.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-p.exited:
		return nil
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("nginx still running 10s after SIGQUIT; killed")
	}
}

// AccessLog reads what nginx logged so far, one Entry per request.
// (nginx writes each line when the request ends.)
func (p *Proxy) AccessLog() ([]Entry, error) {
	f, err := os.Open(filepath.Join(p.Dir, "access.log"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var entries []Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 5 {
			return nil, fmt.Errorf("access log line %q", sc.Text())
		}
		status, err := strconv.Atoi(fields[0])
		if err != nil {
			return nil, fmt.Errorf("access log line %q", sc.Text())
		}
		upstream := fields[1]
		if upstream == "-" {
			upstream = ""
		}
		entries = append(entries, Entry{Status: status, Upstream: upstream, UpstreamStatus: fields[2], Method: fields[3], URI: fields[4]})
	}
	return entries, sc.Err()
}

// ErrorLog returns nginx's error log, for a failing test to show.
func (p *Proxy) ErrorLog() string {
	b, _ := os.ReadFile(filepath.Join(p.Dir, "error.log"))
	return string(b)
}
