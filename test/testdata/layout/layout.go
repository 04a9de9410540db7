// Package layout holds struct types whose layout the extension reports.
package layout

import (
	"sync"
	"unsafe"
)

// Padded wastes 16 bytes on 64-bit targets: each bool sits before an 8-byte field.
type Padded struct {
	// Ready says the value is filled in.
	Ready bool `json:"ready"`
	Count int64 // how many

	sync.Mutex
	Done  bool
	Name  string `json:"name,omitempty"`
	Small int16
}

// Compact is already in the best order.
type Compact struct {
	Name  string
	Count int64
	Ready bool
	Done  bool
}

// Wire must keep its order: it mirrors a file format.
//
// layout: fixed by the file format.
type Wire struct {
	Flag   bool
	Length uint64
	Kind   bool
}

// Header's offsets are read with unsafe.Offsetof below.
type Header struct {
	Tag  bool
	Size uint64
	More bool
}

var headerSizeOffset = unsafe.Offsetof(Header{}.Size)

// Trailing ends in a zero-sized field, which the compiler pads.
type Trailing struct {
	N    int64
	Flag bool
	End  struct{}
}

func use() (uintptr, Padded, Compact, Wire, Trailing) {
	return headerSizeOffset, Padded{}, Compact{}, Wire{}, Trailing{}
}
