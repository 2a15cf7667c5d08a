package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A command line that asks for something impossible is a usage error:
// exit status 2 and a message that names the flags, before a store is
// opened or a port listened on.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"-export with -import", []string{"-export", "out.jsonl", "-import", "in.jsonl"},
			"error: -export and -import cannot be given together"},
		{"-max-body 0 (no unlimited setting)", []string{"-max-body", "0"},
			"error: -max-body is 0; it must be at least 1 byte"},
		{"-max-body below 0", []string{"-max-body", "-1"},
			"error: -max-body is -1; it must be at least 1 byte"},
		{"-tls-cert without -tls-key", []string{"-tls-cert", "cert.pem"},
			"error: -tls-cert and -tls-key go together"},
		{"-log with an unknown level", []string{"-log", "loud"},
			"error: -log: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			data := filepath.Join(dir, "todos.db")
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, append([]string{"-addr", "127.0.0.1:0", "-data", data}, tc.args...)...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), tc.msg) {
				t.Errorf("%v: %v, output %q; want exit status 2 and %q", tc.args, err, out, tc.msg)
			}
			for _, name := range []string{data, filepath.Join(dir, "out.jsonl")} {
				if _, err := os.Stat(name); err == nil {
					t.Errorf("%v wrote %s", tc.args, name)
				}
			}
		})
	}
}

// -export from a bbolt file that does not exist fails, without creating
// it or the export: opening would create an empty store and export nothing.
func TestExportFromMissingFile(t *testing.T) {
	dir := t.TempDir()
	data, out := filepath.Join(dir, "typo.db"), filepath.Join(dir, "out.jsonl")
	cmd := exec.Command(binary, "-data", data, "-export", out)
	msg, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(msg), "-export: the store to export:") {
		t.Errorf("%v, output %q; want exit status 1 naming the missing store", err, msg)
	}
	for _, name := range []string{data, out} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("wrote %s", name)
		}
	}
}
