package pgtest

import (
	"net"
	"strconv"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

// Two databases of one cluster are distinct and both answer; a stopped
// server refuses connections and a started one answers again.
func TestDatabase(t *testing.T) {
	a, b := Database(t), Database(t)
	if a == b {
		t.Fatalf("two databases with one URL %s", a)
	}
	for _, u := range []string{a, b} {
		if err := psql(u, "CREATE TABLE x (id int)"); err != nil {
			t.Fatal(err)
		}
	}
	c := Shared(t)
	if c == nil {
		t.Skip("the tests use " + EnvURL + ": no cluster to stop")
	}
	if err := c.StopServer("immediate"); err != nil {
		t.Fatal(err)
	}
	if conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(c.Port)); err == nil {
		conn.Close()
		t.Fatal("the stopped server accepts connections")
	}
	if err := c.StartServer(); err != nil {
		t.Fatal(err)
	}
	if err := psql(a, "INSERT INTO x VALUES (1)"); err != nil {
		t.Fatalf("after the restart: %v", err)
	}
}
