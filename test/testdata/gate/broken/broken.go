//go:build gatebroken

// Package broken does not compile with -tags gatebroken: the other packages must still be analysed.
package broken

func Broken() int { return undefinedName }
