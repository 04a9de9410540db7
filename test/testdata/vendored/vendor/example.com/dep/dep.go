package dep

// Box returns its argument as an interface.
func Box(v int) any { return v }
