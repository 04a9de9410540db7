package main

import "go/types"

// gcSizes computes sizes and alignments exactly as the gc compiler does
// (cmd/compile/internal/types/size.go). go/types' own gc sizes only match it from Go 1.22 on:
// before, a struct ending in a zero-sized field missed the compiler's extra byte of padding, and
// sync/atomic.align64 was not recognised. Basic types are delegated to types.SizesFor.
type gcSizes struct {
	wordSize int64
	maxAlign int64
	basic    types.Sizes
}

func gcSizesFor(arch string) (*gcSizes, bool) {
	std := types.SizesFor("gc", arch)
	if std == nil {
		return nil, false
	}
	return &gcSizes{
		wordSize: std.Sizeof(types.Typ[types.Uintptr]),
		maxAlign: std.Alignof(types.Typ[types.Int64]),
		basic:    std,
	}, true
}

// valid reports whether t's size is known: no invalid (unresolved) types and no type parameters inside.
func (s *gcSizes) valid(t types.Type) bool {
	return s.validSeen(t, map[types.Type]bool{})
}

func (s *gcSizes) validSeen(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch u := t.(type) {
	case *types.TypeParam:
		return false
	case *types.Named:
		return s.validSeen(u.Underlying(), seen)
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() != types.Invalid
	case *types.Array:
		return u.Len() >= 0 && s.validSeen(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if !s.validSeen(u.Field(i).Type(), seen) {
				return false
			}
		}
		return true
	case *types.TypeParam:
		return false
	}
	return true
}

func (s *gcSizes) Alignof(t types.Type) int64 {
	switch u := t.Underlying().(type) {
	case *types.Array:
		return s.Alignof(u.Elem())
	case *types.Struct:
		if u.NumFields() == 0 && isAtomicAlign64(t) {
			return 8
		}
		max := int64(1)
		for i := 0; i < u.NumFields(); i++ {
			if a := s.Alignof(u.Field(i).Type()); a > max {
				max = a
			}
		}
		return max
	case *types.Slice, *types.Interface:
		return s.wordSize
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			return s.wordSize
		}
		return s.basic.Alignof(t)
	}
	a := s.Sizeof(t)
	if a < 1 {
		return 1
	}
	if a > s.maxAlign {
		return s.maxAlign
	}
	return a
}

func (s *gcSizes) Sizeof(t types.Type) int64 {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return s.basic.Sizeof(t)
	case *types.Array:
		n := u.Len()
		if n <= 0 {
			return 0
		}
		return s.Sizeof(u.Elem()) * n
	case *types.Slice:
		return 3 * s.wordSize
	case *types.Struct:
		fields := make([]types.Type, u.NumFields())
		for i := range fields {
			fields[i] = u.Field(i).Type()
		}
		size, _ := s.structLayout(fields, s.Alignof(t))
		return size
	case *types.Interface:
		return 2 * s.wordSize
	}
	return s.wordSize // pointers, maps, channels, functions
}

// structLayout lays fields out in the order given: the struct's size and each field's offset.
func (s *gcSizes) structLayout(fields []types.Type, align int64) (int64, []int64) {
	offsets := make([]int64, len(fields))
	var offset int64
	for i, f := range fields {
		offset = roundUp(offset, s.Alignof(f))
		offsets[i] = offset
		offset += s.Sizeof(f)
	}
	// The compiler pads a non-empty struct ending in a zero-sized field by one byte, so that the
	// address of that field cannot point at the next object (issue 9401).
	if offset > 0 && len(fields) > 0 && s.Sizeof(fields[len(fields)-1]) == 0 {
		offset++
	}
	return roundUp(offset, align), offsets
}

func roundUp(x, align int64) int64 {
	return (x + align - 1) / align * align
}

// isAtomicAlign64 recognises sync/atomic's (and runtime/internal/atomic's) align64 marker type.
func isAtomicAlign64(t types.Type) bool {
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Name() != "align64" || named.Obj().Pkg() == nil {
		return false
	}
	switch named.Obj().Pkg().Path() {
	case "sync/atomic", "internal/runtime/atomic", "runtime/internal/atomic":
		return true
	}
	return false
}

// Offsetsof completes types.Sizes, so that unsafe.Offsetof constants in the package agree too.
func (s *gcSizes) Offsetsof(fields []*types.Var) []int64 {
	fieldTypes := make([]types.Type, len(fields))
	for i, f := range fields {
		fieldTypes[i] = f.Type()
	}
	_, offsets := s.structLayout(fieldTypes, 1)
	return offsets
}
