package subslice

// Encode writes into the caller's buffer and returns the written part: the append-style API of
// klauspost/compress's s2.Encode (negative: a copy would defeat reusing dst).
func Encode(dst, src []byte) []byte {
	if cap(dst) < len(src)+1 {
		dst = make([]byte, len(src)+1)
	}
	dst = dst[:cap(dst)]
	dst[0] = byte(len(src))
	n := 1 + copy(dst[1:], src)
	return dst[:n]
}

// StripFlags pops from its parameter, as cobra's stripFlags does: the array is the caller's and
// dies with it; clearing slots would change the caller's slice (negative).
func StripFlags(args []*string) []*string {
	var kept []*string
	for len(args) > 0 {
		s := args[0]
		args = args[1:]
		if *s != "--" {
			kept = append(kept, s)
		}
	}
	return kept
}

// Consume returns the rest of its input after a header, as klauspost/compress's xxhash
// consumeUint64: the remainder pins only the bytes consumed (negative).
func Consume(b []byte) ([]byte, byte) {
	return b[1:], b[0]
}
