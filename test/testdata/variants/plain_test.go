package variants

import "testing"

func TestPlain(t *testing.T) {
	got := make([]int, 0, 8)
	sink = &got
	if *Plain() != 1 {
		t.Fatal("Plain")
	}
}

var sink *[]int
