// Package pgtest gives tests and measuring programs a PostgreSQL server of
// their own: a throwaway cluster made with initdb in a temporary directory,
// with trust authentication, started by pg_ctl on a free port of
// 127.0.0.1, and stopped and removed at the end. It needs PostgreSQL's
// server binaries (Debian: apt-get install postgresql) and nothing else: it
// runs them and psql, and imports no driver.
//
// In tests, Database gives each test a database of its own on one cluster
// per test binary, started on first use; Main (or Close, from a TestMain of
// one's own) removes it. HTTPARSE_TEST_POSTGRES=postgres://... makes
// Database use that server instead of starting one.
package pgtest

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
)

// ErrNoBinaries is returned by Start when initdb and pg_ctl are not found.
var ErrNoBinaries = errors.New("PostgreSQL's server binaries (initdb, pg_ctl) not found; on Debian: apt-get install postgresql")

// Options tune a cluster.
type Options struct {
	// Durable keeps all of PostgreSQL's crash safety, for programs that
	// measure or count what survives. Without it the cluster skips fsync
	// and full-page writes: a commit still reaches the operating system
	// before it is acknowledged, so it survives the server's crash (an
	// immediate shutdown, kill -9), but not the machine's.
	Durable bool
	// MaxConnections is the server's max_connections; 0 means 200.
	MaxConnections int
}

// Cluster is one PostgreSQL cluster in a temporary directory.
type Cluster struct {
	// Port is the TCP port on 127.0.0.1.
	Port int
	// Dir is the temporary directory: the data directory, the socket and
	// the server log (Dir/server.log) are in it.
	Dir string

	bin  string              // directory of initdb, pg_ctl and psql
	cred *syscall.Credential // the postgres user's, when running as root
	opts Options
	mu   sync.Mutex
	n    int // databases created
}

// BinDir returns the directory that holds initdb and pg_ctl: the one on
// PATH, else the newest /usr/lib/postgresql/*/bin (Debian keeps them off
// PATH). It returns ErrNoBinaries when there is none.
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return versionOf(b) - versionOf(a) })
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	return "", ErrNoBinaries
}

// versionOf reads the major version out of /usr/lib/postgresql/N/bin.
func versionOf(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// Start makes a cluster in a new temporary directory and starts it. As
// root, initdb and the server run as the postgres user, since PostgreSQL
// refuses to run as root. Remove stops it and deletes the directory.
func Start(opts Options) (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	c := &Cluster{bin: bin, opts: opts}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("pgtest: running as root, and there is no postgres user to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if c.Dir, err = os.MkdirTemp("", "pgtest"); err != nil {
		return nil, err
	}
	if c.cred != nil {
		if err := os.Chown(c.Dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			os.RemoveAll(c.Dir)
			return nil, err
		}
	}
	out, err := c.run("initdb", "-D", c.dataDir(), "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	if err != nil {
		os.RemoveAll(c.Dir)
		return nil, fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}
	// The port is free when asked for and taken a moment later; another
	// process can take it in between, so a start that fails is retried
	// on a new port.
	for try := 0; ; try++ {
		if c.Port, err = freePort(); err == nil {
			if err = c.StartServer(); err == nil {
				return c, nil
			}
		}
		if try == 2 {
			os.RemoveAll(c.Dir)
			return nil, err
		}
	}
}

func (c *Cluster) dataDir() string { return filepath.Join(c.Dir, "data") }

// StartServer starts the cluster's server (again, after StopServer), on
// the same port, and waits until it accepts connections.
func (c *Cluster) StartServer() error {
	settings := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=%d",
		c.Port, c.Dir, cmp.Or(c.opts.MaxConnections, 200))
	if !c.opts.Durable {
		settings += " -c fsync=off -c full_page_writes=off"
	}
	out, err := c.run("pg_ctl", "start", "-w", "-t", "60", "-D", c.dataDir(),
		"-l", filepath.Join(c.Dir, "server.log"), "-o", settings)
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.Dir, "server.log"))
		return fmt.Errorf("pgtest: pg_ctl start on port %d: %v\n%s\nserver log:\n%s", c.Port, err, out, tail(log, 2000))
	}
	return nil
}

// StopServer stops the server and waits for it to exit; the data stays.
// mode is pg_ctl's shutdown mode: "fast" rolls back open transactions and
// shuts down cleanly, "immediate" quits without a checkpoint, as a crash
// would, and the next start replays the write-ahead log.
func (c *Cluster) StopServer(mode string) error {
	out, err := c.run("pg_ctl", "stop", "-w", "-t", "60", "-m", mode, "-D", c.dataDir())
	if err != nil {
		return fmt.Errorf("pgtest: pg_ctl stop -m %s: %v\n%s", mode, err, out)
	}
	return nil
}

// Remove stops the server (fast shutdown) and deletes the directory.
func (c *Cluster) Remove() error {
	err := c.StopServer("fast")
	if _, statErr := os.Stat(filepath.Join(c.dataDir(), "postmaster.pid")); statErr != nil {
		err = nil // already stopped
	}
	if rmErr := os.RemoveAll(c.Dir); err == nil {
		err = rmErr
	}
	return err
}

// URL returns the connection URL of database db as the postgres superuser.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, db)
}

// CreateDatabase creates a new, empty database and returns its URL.
func (c *Cluster) CreateDatabase() (string, error) {
	c.mu.Lock()
	c.n++
	name := fmt.Sprintf("t%d", c.n)
	c.mu.Unlock()
	if err := createDatabase(c.URL("postgres"), name); err != nil {
		return "", err
	}
	return c.URL(name), nil
}

// run runs one of the cluster's programs, as the postgres user when the
// process is root, and returns its combined output.
func (c *Cluster) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.Dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	// pg_ctl's server inherits the descriptors: with a pipe as its
	// output, reading the output would wait for the server to exit.
	f, err := os.CreateTemp("", "pgtest-out")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	err = cmd.Run()
	out, _ := os.ReadFile(f.Name())
	return out, err
}

// createDatabase runs CREATE DATABASE name through psql on the server of
// adminURL.
func createDatabase(adminURL, name string) error {
	return psql(adminURL, `CREATE DATABASE "`+name+`"`)
}

// psql runs one SQL command with psql, found next to the server binaries
// or on PATH.
func psql(dbURL, command string) error {
	path, err := exec.LookPath("psql")
	if dir, dirErr := BinDir(); dirErr == nil {
		if p := filepath.Join(dir, "psql"); fileExists(p) {
			path, err = p, nil
		}
	}
	if err != nil {
		return errors.New("pgtest: psql not found; on Debian: apt-get install postgresql-client")
	}
	cmd := exec.Command(path, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dbURL, "-c", command)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pgtest: psql %q: %v\n%s", command, err, out.Bytes())
	}
	return nil
}

// withDatabase returns dbURL with its database name replaced by name.
func withDatabase(dbURL, name string) (string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
