// Package escapes provokes every kind of message the Go compiler's -m=2 report prints.
// Test expectations refer to these lines: keep edits at the end of the file.
package escapes

import (
	"fmt"
	"strings"
	"sync"
)

type Point struct{ X, Y int }

// NewPoint returns the address of a local: moved to heap.
func NewPoint() *Point {
	p := Point{1, 2}
	return &p
}

// Literal returns a composite literal's address: escapes to heap.
func Literal() *Point { return &Point{3, 4} }

// Box converts values to interfaces for fmt.Println: boxing.
func Box(n int) { fmt.Println(n, "héllo 🎉") }

// Prefix returns a sub-slice of its parameter: leaking param to result.
func Prefix(data []byte) []byte { return data[:4] }

var retained []byte

// Keep stores its parameter in a global: leaking param.
func Keep(data []byte) { retained = data }

var firstSeen *Point

// KeepFirst stores what the parameter points to: leaking param content.
func KeepFirst(ps []*Point) { firstSeen = ps[0] }

// Sized allocates a slice whose size is not constant.
func Sized(n int) int {
	s := make([]int, n)
	return len(s)
}

// Huge is too large for the stack.
func Huge() int {
	var big [1 << 20]int
	big[3] = 1
	buf := make([]byte, 1<<17)
	return big[3] + len(buf)
}

// Counter captures a variable by reference in a closure.
func Counter() func() int {
	count := 0
	return func() int { count++; return count }
}

func add(a, b int) int { return a + b }

// UseAdd inlines a call.
func UseAdd() int { return add(1, 2) }

//go:noinline
func notInlined() {}

// TooComplex is over the inlining budget.
func TooComplex(xs []int) int {
	total := 0
	for i := range xs {
		for j := range xs {
			if xs[i] > xs[j] {
				total += xs[i] * xs[j]
			} else if xs[i] < xs[j] {
				total -= xs[j] * 2
			} else {
				total ^= xs[i]
			}
		}
	}
	for _, v := range xs {
		total += v * 3
		total ^= v << 2
		total |= v >> 1
		total &^= v
		total += v % 7
	}
	return total
}

type Shape interface{ Area() int }
type Square struct{ Side int }

func (s Square) Area() int { return s.Side * s.Side }

// Devirtualize calls an interface method on a known concrete type.
func Devirtualize() int {
	var s Shape = Square{2}
	return s.Area()
}

var pool = sync.Pool{New: func() any { return make([]byte, 1024) }}

// PutValue puts a non-pointer value into a sync.Pool.
func PutValue(b []byte) { pool.Put(b) }

// Deferred cannot be inlined (defer).
func Deferred() { defer notInlined() }

// Join builds strings.
func Join(a, b string) string { return strings.ToUpper(a + b) }

// Recursive cannot inline itself.
func Recursive(n int) int {
	if n == 0 {
		return 0
	}
	return Recursive(n-1) + 1
}

// Unicode has non-ASCII text before the escaping expression.
func Unicode() *string { s := "naïve café ✓"; return &s }

// Tabbed has tabs before the escaping expression.
func Tabbed() *Point {
		q := Point{5, 6}
		return &q
}

// LongLine has an escaping value past column 255, where the compiler omits the column.
func LongLine(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27, v28, v29, v30, v31, v32, v33, v34, v35, v36, v37, v38, v39, v40, v41, v42, v43, v44, v45, v46, v47, v48, v49, v50, v51, v52, v53, v54, v55, v56, v57, v58, v59 int) *int { total := v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9; return &total }
