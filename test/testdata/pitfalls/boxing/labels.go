package boxing

import "fmt"

// Label formats an int with fmt (positive: strconv.Itoa, and fmt is no longer needed).
func Label(n int) string {
	return fmt.Sprintf("%d", n)
}
