package ticks

import "time"

// FirstTick returns: under go 1.22 its unstopped ticker is never collected (positive; 1.23 is the boundary).
func FirstTick() time.Time {
	for t := range time.Tick(time.Millisecond) {
		return t
	}
	return time.Time{}
}
