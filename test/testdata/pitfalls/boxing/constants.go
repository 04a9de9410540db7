package boxing

import "fmt"

// Constants converted to an interface point at read-only data: no box is allocated (negative).
// Found on gin, yaml.v3, zap, klauspost/compress, cobra and samber/lo: panic("…"), fmt.Println("…", 1).
func Check(ok bool) {
	if !ok {
		panic("check failed")
	}
	fmt.Println("checked", 42, -1, 'x', 2.5, true, "a"+"b")
}

func firstByte(s string) byte {
	if s == "" {
		panic("empty string")
	}
	return s[0]
}

// Slashed inlines firstByte: the compiler reports its panic constant at this call, as gin's lastChar (negative).
func Slashed(a string) bool { return firstByte(a) == '/' }
