package ticks

import (
	"testing"
	"time"
)

// waitTick returns, but test binaries end with the process (negative).
func waitTick() time.Time {
	for t := range time.Tick(time.Millisecond) {
		return t
	}
	return time.Time{}
}

func TestWaitTick(t *testing.T) {
	if got := waitTick(); got.IsZero() {
		t.Fatal("no tick:", got) // boxing got allocates; the constant "no tick:" does not
	}
}
