package a

// Greeting is shared with module b through the workspace.
func Greeting() *string {
	s := "hello"
	return &s
}
