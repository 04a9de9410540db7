package broken

func Broken() *int {
	x := undefinedName
	return &x
}
