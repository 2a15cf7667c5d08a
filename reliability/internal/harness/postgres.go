package harness

import (
	"github.com/ae7539e0/httparse/serve/pgtest"
)

// Postgres starts a throwaway PostgreSQL cluster with all of its crash
// safety on (fsync and full-page writes, as in production), creates a
// database, and returns the cluster and the database's URL. Exit, Fatal
// and a signal stop and remove the cluster; without PostgreSQL's binaries
// the program fails.
func Postgres() (*pgtest.Cluster, string) {
	c, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		Fatal("PostgreSQL: %v", err)
	}
	cleanMu.Lock()
	clusters = append(clusters, c)
	cleanMu.Unlock()
	url, err := c.CreateDatabase()
	if err != nil {
		Fatal("%v", err)
	}
	return c, url
}
