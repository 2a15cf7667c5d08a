package harness

import (
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/ae7539e0/httparse/serve/pgtest"
)

// Everything a program started or created, so that Exit, Fatal and a
// SIGINT/SIGTERM stop and remove it: os.Exit skips deferred calls, and a
// server left behind would hold its port and its file after the run.
var (
	cleanMu    sync.Mutex
	servers    []*Server
	clusters   []*pgtest.Cluster
	dirs       []string
	signalOnce sync.Once
)

// register remembers s, and on the first call starts stopping everything
// when the program itself is signalled.
func register(s *Server) {
	cleanMu.Lock()
	servers = append(servers, s)
	cleanMu.Unlock()
	signalOnce.Do(func() {
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGINT, syscall.SIGTERM)
		go func() {
			<-c
			cleanup()
			os.Exit(130)
		}()
	})
}

// TempDir creates a directory that Exit and Fatal remove.
func TempDir(name string) (string, error) {
	d, err := os.MkdirTemp("", "reliability-"+name+"-")
	if err != nil {
		return "", err
	}
	cleanMu.Lock()
	dirs = append(dirs, d)
	cleanMu.Unlock()
	return d, nil
}

// Setup creates the server log at logPath and a temporary directory for the
// step name (removed at exit), the two things every program starts with. It
// ends the program on an error.
func Setup(name, logPath string) (logf *os.File, dir string) {
	logf, err := os.Create(logPath)
	if err != nil {
		Fatal("%v", err)
	}
	dir, err = TempDir(name)
	if err != nil {
		logf.Close()
		Fatal("%v", err)
	}
	return logf, dir
}

// cleanup kills the servers still running, then removes the PostgreSQL
// clusters and the directories.
func cleanup() {
	cleanMu.Lock()
	defer cleanMu.Unlock()
	for _, s := range servers {
		if s.Alive() {
			s.Kill()
		}
	}
	servers = nil
	for _, c := range clusters {
		c.Remove()
	}
	clusters = nil
	for _, d := range dirs {
		os.RemoveAll(d)
	}
	dirs = nil
}
