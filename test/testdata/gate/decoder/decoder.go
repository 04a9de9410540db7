// Package decoder is a fixture for the CLI's baseline gate (test/unit/cliGate.test.ts).
package decoder

import "fmt"

type Item struct {
	Name string
	N    int
}

// Decode makes one heap Item per name, in a loop.
func Decode(names []string) []*Item {
	out := make([]*Item, 0, 8)
	for i, name := range names {
		out = append(out, &Item{Name: name, N: i})
	}
	return out
}

func Describe(it *Item) string {
	return fmt.Sprint(it.N)
}

func Keep(n int) *int {
	v := n
	return &v
}
