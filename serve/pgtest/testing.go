package pgtest

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// EnvURL names the variable that points the tests at a server of one's
// own instead of a throwaway cluster: a URL whose user may create
// databases, such as postgres://postgres@127.0.0.1:5432/postgres.
const EnvURL = "HTTPARSE_TEST_POSTGRES"

var shared struct {
	once    sync.Once
	cluster *Cluster // nil when EnvURL is set or the start failed
	admin   string   // URL of a database to run CREATE DATABASE in
	err     error
	mu      sync.Mutex
	n       int
}

// Database returns the URL of a new, empty database for t. The first call
// in a test binary starts the cluster (or connects to $HTTPARSE_TEST_POSTGRES);
// later calls add databases to it. Without PostgreSQL's binaries and
// without the variable the test is skipped, saying how to enable it; with
// CI=true it fails instead.
func Database(t testing.TB) string {
	t.Helper()
	shared.once.Do(setup)
	if shared.err == ErrNoBinaries {
		Unavailable(t, "PostgreSQL tests need PostgreSQL: %v, or set %s=postgres://user@host:port/db", shared.err, EnvURL)
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	if shared.cluster != nil {
		u, err := shared.cluster.CreateDatabase()
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	shared.mu.Lock()
	shared.n++
	name := fmt.Sprintf("httparse_test_%d_%d", os.Getpid(), shared.n)
	shared.mu.Unlock()
	if err := createDatabase(shared.admin, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := psql(shared.admin, `DROP DATABASE "`+name+`" WITH (FORCE)`); err != nil {
			t.Error(err)
		}
	})
	u, err := withDatabase(shared.admin, name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Shared returns the test binary's cluster, starting it on first use, or
// nil when the tests use $HTTPARSE_TEST_POSTGRES. It skips or fails t like
// Database. Tests that stop and start the server need it.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	Database(t)
	return shared.cluster
}

func setup() {
	if u := os.Getenv(EnvURL); u != "" {
		shared.admin = u
		return
	}
	shared.cluster, shared.err = Start(Options{})
	if shared.cluster != nil {
		shared.admin = shared.cluster.URL("postgres")
	}
}

// Main runs the tests and then removes the cluster, if one was started,
// and exits: func TestMain(m *testing.M) { pgtest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	if err := Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = max(code, 1)
	}
	os.Exit(code)
}

// Close stops and removes the cluster Database started, if any. A TestMain
// of one's own calls it after m.Run.
func Close() error {
	if shared.cluster == nil {
		return nil
	}
	return shared.cluster.Remove()
}

// Unavailable fails t when CI=true, where everything the tests need must
// be there, and skips it otherwise, saying why.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format+" (skipped; with CI=true this fails)", args...)
}
