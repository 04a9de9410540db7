package b

import "example.com/a"

// Twice uses module a through go.work.
func Twice() []*string { return []*string{a.Greeting(), a.Greeting()} }
