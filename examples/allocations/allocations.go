// Package allocations is the example project: every kind of hint Go Escape Hints shows.
package allocations

import (
	"fmt"
	"strings"
	"time"
)

type User struct {
	Name string
	Tags []string
}

// NewUser returns a pointer to a local: the compiler moves it to the heap.
func NewUser(name string) *User {
	u := User{Name: name}
	return &u
}

// Describe boxes its arguments into fmt's ...any parameter.
func Describe(u *User, visits int) string {
	return fmt.Sprintf("%s visited %d times", u.Name, visits)
}

// Header returns a sub-slice of a large buffer: the whole buffer stays alive.
func Header(packet []byte) []byte {
	return packet[:16]
}

// Counter captures a variable in a closure that outlives the call.
func Counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

// Collect grows a slice that could have been preallocated.
func Collect(users []*User) []string {
	var names []string
	for _, u := range users {
		names = append(names, strings.ToUpper(u.Name))
	}
	return names
}

// Poll leaks a ticker before Go 1.23 (this module says go 1.21).
func Poll(done chan struct{}) {
	for range time.Tick(time.Second) {
		select {
		case <-done:
			return
		default:
		}
	}
}
