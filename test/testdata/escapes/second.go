package escapes

// Label is a second file of the package, for tests that open another file of an analysed package.
func Label(id int) *string {
	label := "item"
	if id > 9 {
		label = "items"
	}
	return &label
}
