// Package layoutarch has a struct whose layout differs between 32- and 64-bit targets.
package layoutarch

import "sync/atomic"

// Mixed holds an int64 (4-byte aligned on 386), an atomic.Int64 (8-byte aligned everywhere),
// a complex128 and a trailing zero-sized array (which the compiler pads by a byte).
type Mixed struct {
	A bool
	B int64
	C bool
	D atomic.Int64
	E complex128
	F [0]int64
}

func use() Mixed { return Mixed{} }
