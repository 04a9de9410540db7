package ticks

import "time"

// Poll returns when done is closed: its ticker leaks (positive, with a fix).
func Poll(done chan struct{}, work func()) {
	for range time.Tick(time.Second) {
		select {
		case <-done:
			return
		default:
			work()
		}
	}
}

// Twice waits for two ticks through a local channel (positive, with a fix).
func Twice() {
	c := time.Tick(time.Millisecond)
	<-c
	<-c
}

// Ticks hands the channel to its caller (positive, no fix: stopping at return would break the caller).
func Ticks() <-chan time.Time {
	return time.Tick(time.Second)
}

// Forever never returns: its ticker lives as long as the program anyway (negative).
func Forever(work func()) {
	for range time.Tick(time.Second) {
		work()
	}
}

// Inner breaks out of an inner select only, so the loop is still endless (negative).
func Inner(events chan int) {
	for range time.Tick(time.Second) {
		select {
		case <-events:
			break
		default:
		}
	}
}
