// Package loops has an allocation in a loop below a plain one: the loop's comes first in the
// Problems panel. Test expectations name these lines: keep edits at the end.
package loops

// Once moves x to the heap once per call.
func Once() *int {
	x := 1
	return &x
}

// Each moves v to the heap on every iteration.
func Each(n int) []*int {
	out := make([]*int, 0, 8)
	for i := 0; i < n; i++ {
		v := i
		out = append(out, &v)
	}
	return out
}
