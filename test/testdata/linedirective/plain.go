package linedirective

// Plain has no directive: its facts are reported as usual.
func Plain() *Node {
	return &Node{3}
}
