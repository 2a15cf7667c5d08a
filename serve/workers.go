package serve

import "runtime"

// The worker bound: how many handlers run at once, how many of them may wait
// on streamed bodies, and the queue of complete requests in front of them.

// DefaultWorkers returns the number of handler slots a Server uses when
// Workers is zero: 64, or 8 per GOMAXPROCS on machines with more than 8.
//
// Reads (GET /todos/1) are CPU-bound and gain nothing from more workers;
// durable writes (POST /todos) scale with the number of handlers waiting
// on the disk together, because the bbolt store commits concurrent writes
// in one fsync. The need for concurrency comes from waiting, not from
// CPUs, hence a floor that does not depend on GOMAXPROCS; 64 gets most of
// the write throughput while keeping the work in progress, and the default
// queue (4 × Workers), small. serve/measure-workers.sh measures it; the
// figures are in bench/results/history.md.
func DefaultWorkers() int { return max(64, runtime.GOMAXPROCS(0)*8) }

func (s *Server) workers() int {
	if s.Workers > 0 {
		return s.Workers
	}
	return DefaultWorkers()
}

func (s *Server) streamWorkers() int {
	if s.StreamWorkers > 0 {
		return min(s.StreamWorkers, s.workers())
	}
	return max(1, s.workers()/2)
}

func (s *Server) queueDepth() int64 {
	switch {
	case s.QueueDepth < 0:
		return 0
	case s.QueueDepth == 0:
		return 4 * int64(s.workers())
	}
	return int64(s.QueueDepth)
}

// acquireWorker takes a worker slot, and for a request whose body streams
// a streaming slot first, waiting in the queue if there is room in it. It
// reports false when the queue is full or the server is closed.
func (s *Server) acquireWorker(streaming bool) bool {
	if !streaming {
		return s.acquire(s.slots)
	}
	if !s.acquire(s.streams) {
		return false
	}
	if !s.acquire(s.slots) {
		<-s.streams
		return false
	}
	return true
}

func (s *Server) releaseWorker(streaming bool) {
	<-s.slots
	if streaming {
		<-s.streams
	}
}

// acquire takes a slot of slots, waiting in the queue if there is room in
// it.
func (s *Server) acquire(slots chan struct{}) bool {
	select {
	case slots <- struct{}{}:
		return true
	default:
	}
	if s.waiting.Add(1) > s.queueDepth() {
		s.waiting.Add(-1)
		return false
	}
	defer s.waiting.Add(-1)
	// Blocked senders on a channel are woken in arrival order, so the
	// queue is FIFO.
	select {
	case slots <- struct{}{}:
		return true
	case <-s.baseCtx.Done():
		return false
	}
}
