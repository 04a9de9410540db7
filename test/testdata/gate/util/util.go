package util

func Sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func Buffer() *[64]byte {
	return new([64]byte)
}
