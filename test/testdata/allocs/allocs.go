// Package allocs has one function per kind of heap fact. allocs_test.go measures each with
// testing.AllocsPerRun; test/unit/allocsPerRun.test.ts compares those counts with the analysis.
// Every function is go:noinline so the measurement runs the code compiled here, and stores its
// result in a package variable so it escapes.
package allocs

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"
)

var (
	sink       any
	sinkBytes  []byte
	sinkString string
	sinkFunc   func() int
	sinkInt    *int
	sinkEmpty  *empty
	sinkAnys   []any
)

type empty struct{}

type point struct{ x, y int }

type flag struct{ on bool }

type level uint8

const greeting = "hello, allocations"

//go:noinline
func ConstantString() { sink = "a constant string" }

//go:noinline
func NamedConstant() { sink = greeting }

//go:noinline
func ZeroSize() { sink = empty{} }

//go:noinline
func ZeroSizePointer() { sinkEmpty = &empty{} }

//go:noinline
func Bool(b bool) { sink = b }

//go:noinline
func Byte(c byte) { sink = c }

//go:noinline
func Level(l level) { sink = l }

//go:noinline
func SoleBool(b bool) { sink = flag{b} }

//go:noinline
func Comparison(n int) { sink = n > 10 }

//go:noinline
func Integer(n int) { sink = n }

//go:noinline
func ConstantPoint() { sink = point{1, 2} }

//go:noinline
func NewPoint(x int) { sink = &point{x, x} }

//go:noinline
func MakeSlice(n int) { sinkBytes = make([]byte, n) }

//go:noinline
func Concat(a, b string) { sinkString = a + b }

//go:noinline
func Closure(n int) { sinkFunc = func() int { return n } }

//go:noinline
func StaticClosure() { sinkFunc = func() int { return len(sinkString) + 42 } }

//go:noinline
func MovedToHeap(n int) {
	x := n
	sinkInt = &x
}

//go:noinline
func Mixed(n int) { sinkAnys = []any{"label", n, true, greeting} }

//go:noinline
func ErrorReturn(fail bool, n int) (int, error) {
	if fail {
		return 0, fmt.Errorf("failed after %d tries", n)
	}
	return n, nil
}

//go:noinline
func ErrorBranch(err error) error {
	if err != nil {
		return errors.New("wrapped: " + err.Error())
	}
	return nil
}

//go:noinline
func PanicPath(n int) int {
	if n < 0 {
		panic(fmt.Sprintf("negative: %d", n))
	}
	return n * 2
}

//go:noinline
func IsNil(v reflect.Value) bool { return v.IsNil() }

// nothing is zero-size, but Boxed's type parameter of the same name is not: the package's type must not be used for it.
type nothing struct{}

//go:noinline
func Boxed[nothing any](v nothing) { sink = v }

// boxInt instantiates Boxed in this package, so its facts are reported here.
var boxInt = Boxed[int]

// EmptyMake is not measured: Go 1.19 calls makeslice (which returns zerobase for size 0 without
// counting an allocation); from Go 1.23 the compiler uses zerobase itself.
//
//go:noinline
func EmptyMake() { sinkBytes = make([]byte, 0) }

//go:noinline
func ErrorLogged(err error) {
	if err != nil {
		sinkString = "failed: " + err.Error()
	}
}

//go:noinline
func ImportedConstant() { sink = time.Second }

//go:noinline
func InlinedZeroSize() { sink = context.Background() }

//go:noinline
func LocalBool(n int) {
	large := n > 10
	sink = large
}

// decoder keeps the first error it meets and goes on.
type decoder struct{ err error }

// SavedError builds an error it keeps rather than returns: cold (errors are built when something failed).
//
//go:noinline
func SavedError(d *decoder, known bool, name string) {
	if !known {
		d.err = fmt.Errorf("unknown field %q", name)
	}
}
