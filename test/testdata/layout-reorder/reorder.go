// Package layoutreorder has padded structs written in every way the reorder fix must respect.
package layoutreorder

import "io"

// Options mixes a free comment block, a two-name field, an embedded pointer, a nested struct type
// spanning lines, tags and line comments.
type Options struct { // opening comment stays on the brace's line
	// --- flags ---

	Verbose, Quiet bool  // two names, one declaration
	Retries        int64 `json:"retries"`
	*io.PipeReader       // embedded pointer
	Nested         struct {
		X bool
		Y int64
	}
	Enabled bool
	Limit   uint32 // last
	// trailing note about the fields above
}

// Local declares a padded struct inside a function.
func Local() int {
	type pair struct {
		ok    bool
		value float64
		done  bool
	}
	return len([]pair{{}})
}

func use() Options { return Options{} }
