package pool

import "sync"

// LocalPointer puts a slice value into a pool made with &sync.Pool{} (positive, explained without a fix).
func LocalPointer(b []byte) {
	p := &sync.Pool{}
	p.Put(b)
}

// NewPool puts a slice value into a pool made with new(sync.Pool) (positive, explained without a fix).
func NewPool(b []byte) {
	p := new(sync.Pool)
	p.Put(b)
}

type Server struct {
	buffers sync.Pool
}

// Release puts a slice value into a pool that is a struct field (positive, explained without a fix).
func (s *Server) Release(b []byte) { s.buffers.Put(b) }

var pointers = &sync.Pool{New: func() any { return new([]byte) }}

// ReleasePointer puts a pointer: no box (negative).
func ReleasePointer(b *[]byte) { pointers.Put(b) }
