package subslice

// ReadArray returns a sub-slice of a large array (positive: copy it so the 64 KiB can be freed).
func ReadArray(read func([]byte) int) []byte {
	var buf [64 << 10]byte
	n := read(buf[:])
	return buf[:n]
}

// Magic8K returns 16 bytes of an 8 KiB array literal (positive: "Copy 16 bytes").
func Magic8K(read func([]byte) int) []byte {
	buf := [8192]byte{}
	read(buf[:])
	return buf[:16]
}

// SmallArray returns a sub-slice of a small array: nothing large to pin (negative).
func SmallArray(read func([]byte) int) []byte {
	var buf [512]byte
	n := read(buf[:])
	return buf[:n]
}
