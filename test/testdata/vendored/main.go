package vendored

import "example.com/dep"

// Use calls into a vendored module.
func Use() (any, *int) {
	n := 3
	return dep.Box(n), &n
}
