package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve/pgtest"
)

// binary is the server built once for all tests of this file.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "servecmd")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "todosrv")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	if err := pgtest.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = max(code, 1)
	}
	os.Exit(code)
}

var listening = regexp.MustCompile(`^listening on (http://127\.0\.0\.1:[1-9][0-9]*)$`)

// start runs the server on a free loopback port with the given data file
// and returns its base URL once it printed where it listens.
func start(t *testing.T, data string) (*exec.Cmd, string) {
	t.Helper()
	return startArgs(t, "-data", data)
}

// startArgs is start with the given flags besides -addr and -log.
func startArgs(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"-addr", "127.0.0.1:0", "-log", "warn"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Every process started here is stopped here, by PID.
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- strings.TrimSuffix(line, "\n")
		io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-lines:
		m := listening.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("first line %q, want %q", line, "listening on http://127.0.0.1:PORT")
		}
		return cmd, m[1]
	case <-time.After(10 * time.Second):
		t.Fatal("the server printed nothing for 10s")
		panic("unreachable")
	}
}

var client = &http.Client{Timeout: 10 * time.Second}

func post(t *testing.T, base, title string) int64 {
	t.Helper()
	res, err := client.Post(base+"/todos", "application/json", strings.NewReader(`{"title":"`+title+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct{ ID int64 }
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != 201 {
		t.Fatalf("create %q: %d %v", title, res.StatusCode, err)
	}
	return got.ID
}

// item is a to-do as the API sends it, with its version.
type item struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Done    bool   `json:"done"`
	Version int64  `json:"version"`
}

// list returns every to-do, in the order the API lists them.
func list(t *testing.T, base string) []item {
	t.Helper()
	res, err := client.Get(base + "/todos?limit=1000")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct{ Todos []item }
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /todos: %d %v", res.StatusCode, err)
	}
	return got.Todos
}

// A write that got its 201 survives kill -9, on bbolt and on PostgreSQL.
func TestWritesSurviveKill9(t *testing.T) {
	for _, store := range []string{"bolt", "postgres"} {
		t.Run(store, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "todos.db")
			if store == "postgres" {
				data = pgtest.Database(t)
			}
			writesSurviveKill9(t, data)
		})
	}
}

func writesSurviveKill9(t *testing.T, data string) {
	cmd, base := start(t, data)
	var want []item
	for i := range 5 {
		title := fmt.Sprintf("item %d", i)
		want = append(want, item{ID: post(t, base, title), Title: title, Version: 1})
	}
	client.CloseIdleConnections()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil {
		t.Fatal("the server exited cleanly after SIGKILL")
	}

	_, base = start(t, data)
	got := list(t, base)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after kill -9: %v, want %v", got, want)
	}
}

// SIGTERM stops the server gracefully with exit status 0.
func TestSigtermExitsZero(t *testing.T) {
	cmd, base := start(t, ":memory:")
	post(t, base, "x")
	client.CloseIdleConnections()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit 10s after SIGTERM")
	}
}
