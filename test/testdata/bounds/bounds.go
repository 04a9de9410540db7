// Package bounds holds loops whose bounds checks the compiler keeps or removes.
package bounds

// SumEvery indexes with a stride: the compiler cannot prove i+1 is in range, so the check stays.
func SumEvery(xs []int) int {
	total := 0
	for i := 0; i < len(xs); i += 2 {
		total += xs[i+1]
	}
	return total
}

// Sum ranges over the slice: every index is known to be in range, no check is kept.
func Sum(xs []int) int {
	total := 0
	for i := range xs {
		total += xs[i]
	}
	return total
}

// Window slices in a loop: each re-slice is checked.
func Window(xs []byte, n int) int {
	count := 0
	for i := 0; i < len(xs); i++ {
		count += len(xs[i:n])
	}
	return count
}

// First reads one element outside any loop.
func First(xs []int) int {
	return xs[0]
}

type node struct {
	next  *node
	value int
}

// Length follows pointers: each dereference is nil-checked.
func Length(n *node) int {
	total := 0
	for n != nil {
		total += n.value
		n = n.next
	}
	return total
}

// Deref reads through a pointer the compiler knows nothing about.
func Deref(p *node, k int) int {
	s := 0
	for i := 0; i < k; i++ {
		s += p.value
	}
	return s
}

type big struct{ a [64]int }

// Addrs takes the address of a field through each pointer: the nil check cannot ride on a load.
func Addrs(ps []*big, out []*int) {
	for i, p := range ps {
		out[i] = &p.a[5]
	}
}
