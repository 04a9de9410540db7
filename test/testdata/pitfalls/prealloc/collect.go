package prealloc

import "strings"

// Upper appends once per element to a nil slice (positive).
func Upper(words []string) []string {
	var out []string
	for _, w := range words {
		out = append(out, strings.ToUpper(w))
	}
	return out
}

// Doubles starts from an empty literal (positive).
func Doubles(xs []int) []int {
	out := []int{}
	for _, x := range xs {
		out = append(out, 2*x)
	}
	return out
}

// Keys starts from make(T, 0) and ranges over a map (positive).
func Keys(m map[string]int) []string {
	keys := make([]string, 0)
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// Evens appends conditionally (negative).
func Evens(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x%2 == 0 {
			out = append(out, x)
		}
	}
	return out
}

// Drain ranges over a channel, whose length is not the count (negative).
func Drain(ch chan int) []int {
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// Flatten appends many per iteration (negative).
func Flatten(xss [][]int) []int {
	var out []int
	for _, xs := range xss {
		out = append(out, xs...)
	}
	return out
}

// Lengths declares its result earlier, with unrelated statements before the loop (positive).
func Lengths(words []string) []int {
	var lengths []int
	total := 0
	for _, w := range words {
		lengths = append(lengths, len(w))
	}
	_ = total
	return lengths
}

// Seeded starts with a value appended before the loop (negative: the length is not len(xs)).
func Seeded(xs []int) []int {
	var out []int
	out = append(out, -1)
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}
