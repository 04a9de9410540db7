package pool

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return make([]byte, 0, 1024) }}

// Render puts a slice value back into the pool (positive: pool *[]byte instead).
func Render(name string) string {
	buf := bufPool.Get().([]byte)
	buf = append(buf[:0], "hello "...)
	buf = append(buf, name...)
	s := string(buf)
	bufPool.Put(buf)
	return s
}

var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Greet pools pointers already (negative).
func Greet(name string) string {
	b := bufferPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString("hi ")
	b.WriteString(name)
	s := b.String()
	bufferPool.Put(b)
	return s
}
