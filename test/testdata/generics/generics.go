// Package generics: facts of generic code are printed once per shape (and, since go1.21, again by
// each instantiation wrapper at the function's name). One fact per source site is expected.
package generics

import "fmt"

type Box[T any] struct {
	value T
}

func NewBox[T any](v T) *Box[T] {
	return &Box[T]{value: v}
}

func (b *Box[T]) Get() T { return b.value }

func (b *Box[T]) Describe() string {
	return fmt.Sprint(b.value)
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Keep[T any](v T) *T {
	p := v
	return &p
}

type Number interface{ ~int | ~float64 }

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

var sink any

func Use() {
	a := NewBox(1)
	b := NewBox("s")
	c := NewBox(2.5)
	sink = a
	sink = b
	sink = c
	sink = b.Describe()
	sink = Map([]int{1, 2}, func(i int) string { return fmt.Sprint(i) })
	sink = Keep(3)
	sink = Keep("x")
	sink = Sum(1, 2, 3)
	sink = Sum(1.5, 2.5)
}
