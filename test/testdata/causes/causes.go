// Package causes has one function per cause of a heap allocation or a leak, recorded with each Go
// version (scripts/record-compiler-output.sh) so every cause's words are tested on real chains.
package causes

import "fmt"

type Point struct{ X, Y int }

type MyErr struct{ msg string }

func (e *MyErr) Error() string { return e.msg }

var (
	global *Point
	ints   []int
)

// interface-boxing: n is copied into an interface for fmt.Println's ...any.
func Boxed(n int) { fmt.Println(n) }

// closure-capture: c is captured by reference by a closure that is returned.
func Captured() func() int {
	c := 0
	return func() int { c++; return c }
}

// address-returned: p's address is returned.
func Returned() *Point {
	p := Point{1, 2}
	return &p
}

// A pointer converted to an interface is not boxed (no copy): it escapes because the error is returned.
func NewErr() error { return &MyErr{"x"} }

// too-large-for-stack: 128 KiB is over the stack's limit for one allocation.
func Large() int {
	b := make([]byte, 1<<17)
	return len(b)
}

// non-constant-size (go1.19-1.24; newer compilers keep small ones on the stack).
func Dynamic(n int) int {
	b := make([]int, n)
	return len(b)
}

// stored-in-escaping-location: the new Point is stored into a global.
func Store() { global = &Point{} }

// passed-to-opaque-call: a function value's parameters are unknown, so its arguments escape.
func CallValue(f func(*Point)) { f(&Point{}) }

// flows-to-result: b's backing array is kept alive by the result.
func First(b []byte) []byte { return b[:1] }

// leaks-to-heap: p is stored into a global.
func Retain(p *Point) { global = p }

// append-growth: append reallocates about log2(n) times in this loop, not on every iteration.
func Grow(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// append-growth: a global slice grown by append.
func AppendGlobal(x int) { ints = append(ints, x) }

// append-growth: the pointers appended are stored into the slice's backing array.
func AppendPointers(ps []*Point) []*Point { return append(ps, &Point{}, &Point{}) }

// A variadic call: the slice holding the arguments ({storage for ... argument}).
func Variadic(a, b int) string { return fmt.Sprint(a, b) }
