package typedfixes

import (
	"errors"
	"math"
	"strings"
)

// Cases calls every function above on a table of inputs: a rewrite must return the same strings.
var Cases = []func() string{}

func init() {
	names := []string{"", "ann", "Zoë \"q\" \\ \n\t\x00 ☃", "%d %v"}
	ints := []int{0, 1, -1, 42, math.MaxInt, math.MinInt}
	for _, name := range names {
		for _, n := range ints {
			name, n := name, n
			u := &User{Name: name, Score: int64(n) * 3, Size: uint32(n), Admin: n%2 == 0, Visits: Count(n)}
			Cases = append(Cases,
				func() string { return Visited(u, n) },
				func() string { return Fields(*u) },
				func() string { return Labelled(u, Count(-n), n) },
				func() string { return Bumped(&User{Score: int64(n)}) },
				func() string { return Spaced(n, -n, name, Count(n), Name(name)) },
				func() string { return Line(int8(n), Name(name), n > 0) },
				func() string { return Hex(uint16(n), int32(n)) },
				func() string { return Percent(uint(n)) },
				func() string { return LevelName(Level(n), n) },
				func() string { return Padded(n) },
				func() string { return Float(float64(n)/3, n) },
				func() string { return Wrap(errors.New(name), n).Error() },
				func() string { var b strings.Builder; Write(&b, n); return b.String() },
			)
		}
	}
	Cases = append(Cases, func() string { return Hex(math.MaxUint16, math.MinInt32) }, func() string { return Fields(User{Score: math.MinInt64, Size: math.MaxUint32}) })
}
