package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/ae7539e0/httparse/serve/todo"
)

// storeFlags are the flags that choose and tune the store.
type storeFlags struct {
	data       string
	pg         todo.PostgresOptions
	exportPath string
	importPath string
}

func (f *storeFlags) register() {
	flag.StringVar(&f.data, "data", "./todos.db", `where the to-dos live: a bbolt file (one process at a time), ":memory:" (gone with the process), or a postgres:// or postgresql:// URL (any number of instances)`)
	flag.Func("db-max-conns", fmt.Sprintf("PostgreSQL: connections in the pool (default %d; pool_max_conns in the URL wins)", todo.DefaultPostgresMaxConns), func(s string) error {
		var n int32
		if _, err := fmt.Sscan(s, &n); err != nil || n < 1 {
			return fmt.Errorf("want a positive integer")
		}
		f.pg.MaxConns = n
		return nil
	})
	flag.DurationVar(&f.pg.ConnectTimeout, "db-connect-timeout", todo.DefaultPostgresConnectTimeout, "PostgreSQL: time allowed for making a connection (connect_timeout in the URL wins)")
	flag.DurationVar(&f.pg.StatementTimeout, "db-statement-timeout", todo.DefaultPostgresStatementTimeout, "PostgreSQL: statement_timeout of the pool's sessions")
	flag.StringVar(&f.exportPath, "export", "", `write every to-do of -data to this file as JSON lines ("-": stdout) and exit`)
	flag.StringVar(&f.importPath, "import", "", `load the JSON lines of this file ("-": stdin), made by -export, into -data and exit; ids and versions are kept, and an id the store has used (taken now or deleted) refuses the whole file`)
}

// check refuses flags that contradict each other.
func (f *storeFlags) check() error {
	if f.exportPath != "" && f.importPath != "" {
		return usageError("-export and -import cannot be given together: export from one -data, then import into the other in a second run")
	}
	return nil
}

// isPostgres reports whether data names a PostgreSQL database.
func isPostgres(data string) bool {
	scheme, _, ok := strings.Cut(data, "://")
	return ok && (scheme == "postgres" || scheme == "postgresql")
}

// open opens the store -data names.
func (f *storeFlags) open(ctx context.Context) (todo.Store, error) {
	switch {
	case f.data == ":memory:":
		return todo.NewMemoryStore(), nil
	case isPostgres(f.data):
		return todo.OpenPostgres(ctx, f.data, f.pg)
	default:
		if f.exportPath != "" {
			// Opening creates a missing file, and a misspelt path would
			// export an empty list and succeed.
			if _, err := os.Stat(f.data); err != nil {
				return nil, fmt.Errorf("-export: the store to export: %w", err)
			}
		}
		return todo.OpenBolt(f.data)
	}
}

// describe names the store for the log, without a password.
func (f *storeFlags) describe() string {
	if !isPostgres(f.data) {
		return f.data
	}
	u, err := url.Parse(f.data)
	if err != nil {
		return "postgres"
	}
	return u.Redacted()
}

// transfer runs -export or -import, when one is given, and reports whether
// it did.
func (f *storeFlags) transfer(ctx context.Context, store todo.Store) (bool, error) {
	switch {
	case f.exportPath != "":
		out := os.Stdout
		if f.exportPath != "-" {
			file, err := os.Create(f.exportPath)
			if err != nil {
				return true, err
			}
			defer file.Close()
			out = file
		}
		n, err := todo.Export(ctx, store, out)
		if err != nil {
			return true, fmt.Errorf("-export: %w", err)
		}
		if out != os.Stdout {
			if err := out.Close(); err != nil {
				return true, err
			}
		}
		fmt.Fprintf(os.Stderr, "exported %d to-dos from %s\n", n, f.describe())
		return true, nil
	case f.importPath != "":
		in := os.Stdin
		if f.importPath != "-" {
			file, err := os.Open(f.importPath)
			if err != nil {
				return true, err
			}
			defer file.Close()
			in = file
		}
		n, err := todo.ImportFrom(ctx, store, in)
		if err != nil {
			return true, fmt.Errorf("-import %s: %w", f.importPath, err)
		}
		fmt.Fprintf(os.Stderr, "imported %d to-dos into %s\n", n, f.describe())
		return true, nil
	}
	return false, nil
}
