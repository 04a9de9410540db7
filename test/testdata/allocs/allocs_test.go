package allocs

import (
	"fmt"
	"reflect"
	"testing"
)

// TestMeasure prints `ALLOCS <function> <allocations per call>` for every function of allocs.go.
func TestMeasure(t *testing.T) {
	pointer := reflect.ValueOf(&struct{}{})
	measured := []struct {
		name string
		run  func()
	}{
		{"ConstantString", ConstantString},
		{"NamedConstant", NamedConstant},
		{"ZeroSize", ZeroSize},
		{"ZeroSizePointer", ZeroSizePointer},
		{"Bool", func() { Bool(true) }},
		{"Byte", func() { Byte(200) }},
		{"Level", func() { Level(7) }},
		{"SoleBool", func() { SoleBool(true) }},
		{"Comparison", func() { Comparison(1000) }},
		{"Integer", func() { Integer(1000) }},
		{"ConstantPoint", ConstantPoint},
		{"NewPoint", func() { NewPoint(1000) }},
		{"MakeSlice", func() { MakeSlice(1000) }},
		{"Concat", func() { Concat("left-hand side ", "right-hand side") }},
		{"Closure", func() { Closure(1000) }},
		{"StaticClosure", StaticClosure},
		{"MovedToHeap", func() { MovedToHeap(1000) }},
		{"Mixed", func() { Mixed(1000) }},
		{"ErrorReturn", func() { _, _ = ErrorReturn(false, 1000) }},
		{"ErrorBranch", func() { _ = ErrorBranch(nil) }},
		{"PanicPath", func() { _ = PanicPath(1000) }},
		{"IsNil", func() { _ = IsNil(pointer) }},
		{"Boxed", func() { Boxed(1000) }},
		{"ErrorLogged", func() { ErrorLogged(nil) }},
		{"ImportedConstant", ImportedConstant},
		{"InlinedZeroSize", InlinedZeroSize},
		{"LocalBool", func() { LocalBool(1000) }},
		{"SavedError", func() { SavedError(&decoder{}, true, "id") }},
	}
	for _, m := range measured {
		fmt.Printf("ALLOCS %s %v\n", m.name, testing.AllocsPerRun(100, m.run))
	}
}
