package inlinedparam

// Field mirrors go.uber.org/zap's Field: Complex128 boxes its parameter val into Interface.
type Field struct {
	Key       string
	Interface interface{}
}

func Complex128(key string, val complex128) Field {
	return Field{Key: key, Interface: val}
}

// Complex128p's own val (a pointer) does not escape; the compiler reports the inlined Complex128's
// parameter val at this call's `(`.
func Complex128p(key string, val *complex128) Field {
	if val == nil {
		return Field{Key: key}
	}
	return Complex128(key, *val)
}
