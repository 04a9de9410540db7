package boxing

import "fmt"

// Constants converted to an interface point at read-only data: no box is allocated (negative).
// Found on gin, yaml.v3, zap, klauspost/compress, cobra and samber/lo: panic("…"), fmt.Println("…", 1).
func Check(ok bool) {
	if !ok {
		panic("check failed")
	}
	fmt.Println("checked", 42, -1, 'x', 2.5, true, "a"+"b")
}

func firstByte(s string) byte {
	if s == "" {
		panic("empty string")
	}
	return s[0]
}

// Slashed inlines firstByte: the compiler reports its panic constant at this call, as gin's lastChar (negative).
func Slashed(a string) bool { return firstByte(a) == '/' }

type Level int8

// Levels boxes a conversion of a constant, as zap's zapcore.Level(6): static data (negative).
func Levels() { fmt.Println(Level(6)) }

type registry struct{ handlers map[string]func() error }

func (r *registry) register(name string, h func() error) { r.handlers[name] = h }

func (r *registry) ping() error { return nil }

// Register passes a method value: a closure, not an interface box, as zap's sink registry (negative).
func Register(r *registry) { r.register("ping", r.ping) }
