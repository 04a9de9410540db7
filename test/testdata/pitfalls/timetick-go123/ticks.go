package ticks

import "time"

// FirstTick returns, but from Go 1.23 on an unstopped ticker is collected (negative).
func FirstTick() time.Time {
	for t := range time.Tick(time.Millisecond) {
		return t
	}
	return time.Time{}
}
