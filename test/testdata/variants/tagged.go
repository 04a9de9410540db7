//go:build special

package variants

// Tagged is built only with -tags special.
func Tagged() *int {
	t := 2
	return &t
}
