package ticks

import clock "time"

// Sample uses time.Tick through an import alias and returns (positive, with a fix).
func Sample(n int) int {
	seen := 0
	for range clock.Tick(clock.Millisecond) {
		seen++
		if seen == n {
			return seen
		}
	}
	return seen
}
