// Package profiled is a fixture for profile-weighted hints: a hot function that allocates on every
// iteration of a loop, and a cold one the benchmark never calls.
package profiled

import "fmt"

// Record is what both functions build.
type Record struct {
	ID   int
	Name string
}

var keep []*Record

// Hot allocates a Record on every iteration: nearly all the benchmark's bytes are here.
func Hot(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		r := &Record{ID: i}
		keep = append(keep[:0], r)
		total += r.ID
	}
	return total
}

// Cold allocates too, but the benchmark never calls it.
func Cold(name string) *Record {
	r := &Record{Name: name}
	fmt.Println(r.Name)
	return r
}
