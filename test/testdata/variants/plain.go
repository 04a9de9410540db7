package variants

// Plain is always built.
func Plain() *int {
	p := 1
	return &p
}
