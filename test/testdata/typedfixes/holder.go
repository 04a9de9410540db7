package typedfixes

import "sync"

// Holder keeps a pool in a field; the file that uses it does not declare it.
type Holder struct {
	buffers sync.Pool
}

var shared sync.Pool

// bufferPool returns a pool: only the type checker knows what Put is called on.
func bufferPool() *sync.Pool { return &shared }

// Recycler has a Put method of its own: not a sync.Pool.
type Recycler struct{ kept [][]byte }

func (r *Recycler) Put(b []byte) { r.kept = append(r.kept, b) }

type Job struct{ Name string }

// Scheduler keeps queues in fields; the file that pops them does not declare them.
type Scheduler struct {
	jobs []*Job
	ids  []int
}
