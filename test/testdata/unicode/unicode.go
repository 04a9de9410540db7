// Package unicode puts characters of three UTF-8 bytes (one UTF-16 unit each: 世 U+4E16, ✓ U+2713,
// — U+2014) before allocations on the same line. The compiler's columns count bytes; an editor's
// count UTF-16 units. Test expectations name these lines and columns: keep edits at the end.
package unicode

// Greet allocates a slice after a string of three-byte characters.
func Greet(n int) []int { _ = "世界 ✓ — 你好"; return make([]int, n) }

// Mark moves v to the heap after a comment of three-byte characters.
func Mark() *int { /* 世✓— */ v := 1; return &v }

// Mixed has a four-byte character (two UTF-16 units) between three-byte ones.
func Mixed() *string { s := "—"; /* 🎉世 */ t := s + "✓"; return &t }
