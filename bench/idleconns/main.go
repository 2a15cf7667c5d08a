// Command idleconns opens many keep-alive connections to one server, makes
// one request on each so that the server has served it and now waits for
// the next, and holds them all idle. bench/server.sh reads the server's
// memory before and after to get the cost of one idle connection.
//
// It prints "open N" once N connections are idle, then holds them until it
// receives SIGINT or SIGTERM, or -hold passes.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "", "server address, host:port (loopback only)")
	n := flag.Int("n", 5000, "connections to open")
	path := flag.String("path", "/hello?name=idle", "request target sent on each connection")
	dialers := flag.Int("dialers", 32, "connections opened at the same time")
	hold := flag.Duration("hold", 2*time.Minute, "longest time to hold the connections")
	flag.Parse()
	if host, _, err := net.SplitHostPort(*addr); err != nil || !net.ParseIP(host).IsLoopback() {
		log.Fatalf("-addr %q: want a loopback host:port", *addr)
	}

	conns := make([]net.Conn, *n)
	errs := make([]error, *n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range *dialers {
		wg.Go(func() {
			for i := range next {
				conns[i], errs[i] = open(*addr, *path)
			}
		})
	}
	for i := range *n {
		next <- i
	}
	close(next)
	wg.Wait()

	open, failed := 0, 0
	for i, err := range errs {
		if err == nil {
			open++
			continue
		}
		// The first few errors say why; the rest would only repeat them.
		if failed++; failed <= 5 {
			log.Printf("connection %d: %v", i, err)
		}
	}
	if failed > 0 {
		log.Printf("%d of %d connections failed", failed, *n)
	}
	fmt.Printf("open %d\n", open)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	select {
	case <-ctx.Done():
	case <-time.After(*hold):
	}
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
	if open < *n {
		os.Exit(1)
	}
}

// open dials addr, sends one keep-alive request and reads the whole
// response, leaving the connection idle from the server's point of view.
func open(addr, path string) (net.Conn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, addr); err != nil {
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
