package boxing

import (
	"fmt"
	"strings"
)

// Names formats in a loop: boxing on every iteration (positive, ranked first: strconv.Itoa).
func Names(ids []int) []string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		names = append(names, fmt.Sprint(id))
	}
	return names
}

// Flag formats a bool (negative: a boxed bool points into the runtime's static byte table, no allocation).
func Flag(b bool) string {
	return fmt.Sprintf("%t", b)
}

// Hex formats an int64 in hex (positive: strconv.FormatInt(x, 16)).
func Hex(x int64) string {
	return fmt.Sprintf("%x", x)
}

// Same formats a string as itself (positive: s).
func Same(s string) string {
	return fmt.Sprint(s)
}

// Padded uses a width: no typed function says the same (positive, explained, no fix).
func Padded(n int) string {
	return fmt.Sprintf("%5d", n)
}

// Upper is not boxing at all (negative).
func Upper(s string) string {
	return strings.ToUpper(s)
}

// Indexes formats range indices: ints no declaration spells (positive: strconv.Itoa).
func Indexes(names []string) []string {
	out := make([]string, 0, len(names))
	for i := range names {
		out = append(out, fmt.Sprint(i))
	}
	return out
}

type Order struct{ ID int64 }

// OrderID formats a field whose type the file declares (positive: strconv.FormatInt).
func OrderID(o *Order) string {
	return fmt.Sprint(o.ID)
}
