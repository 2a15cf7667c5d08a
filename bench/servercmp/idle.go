package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// idleConns is a set of keep-alive connections that have each been served
// one request and now sit idle, waiting, from the server's point of view,
// for the next.
type idleConns []net.Conn

// openIdle opens n connections to addr, dialers at a time, and makes one
// request on each. It returns the connections that were served and the
// first error, if any connection failed.
func openIdle(addr, target string, n, dialers int) (idleConns, error) {
	conns := make([]net.Conn, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range dialers {
		wg.Go(func() {
			for i := range next {
				conns[i], errs[i] = serveOne(addr, target)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()

	var open idleConns
	var firstErr error
	failed := 0
	for i, c := range conns {
		if errs[i] != nil {
			failed++
			if firstErr == nil {
				firstErr = errs[i]
			}
			continue
		}
		open = append(open, c)
	}
	if firstErr != nil {
		return open, fmt.Errorf("%d of %d connections failed, the first with: %w", failed, n, firstErr)
	}
	return open, nil
}

func (ic idleConns) close() {
	for _, c := range ic {
		c.Close()
	}
}

// serveOne dials addr, sends one keep-alive request and reads the whole
// response, leaving the connection idle.
func serveOne(addr, target string) (net.Conn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, addr); err != nil {
		c.Close()
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %s", resp.Status)
		}
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	c.SetDeadline(time.Time{})
	return c, nil
}
