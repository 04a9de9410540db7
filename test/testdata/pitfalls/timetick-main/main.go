package main

import "time"

// firstTick returns, but a main package ends with the process (negative).
func firstTick() time.Time {
	for t := range time.Tick(time.Millisecond) {
		return t
	}
	return time.Time{}
}

func main() { _ = firstTick() }
