package subslice

// Header returns a sub-slice of a packet (positive: bytes.Clone).
func Header(packet []byte) []byte {
	return packet[:16]
}

// Field returns a substring (positive: strings.Clone).
func Field(line string) string {
	return line[5:10]
}

// Firsts returns a sub-slice of ints (positive: slices.Clone).
func Firsts(xs []int) []int {
	return xs[:2]
}

type Cache struct{ key []byte }

// Set stores a sub-slice in a field (positive: bytes.Clone).
func (c *Cache) Set(k []byte) {
	c.key = k[:8]
}

// Sum only reads a sub-slice (negative).
func Sum(xs []int) int {
	s := 0
	for _, x := range xs[1:] {
		s += x
	}
	return s
}

// Whole returns its parameter, not a part of it (negative).
func Whole(b []byte) []byte {
	return b
}

type Job struct{ Name string }

type Queue struct{ jobs []*Job }

// Pop reslices a queue of pointers (positive: clear the slot).
func (q *Queue) Pop() *Job {
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	return j
}

type Counts struct{ values []int }

// Pop reslices a queue of ints: nothing to keep alive (negative).
func (c *Counts) Pop() int {
	v := c.values[0]
	c.values = c.values[1:]
	return v
}

// ReadHeader returns a sub-slice of a large local buffer (positive: bytes.Clone).
func ReadHeader(read func([]byte) int) []byte {
	buf := make([]byte, 64<<10)
	n := read(buf)
	return buf[:n]
}

// Small returns a sub-slice of a small local buffer: nothing large to pin (negative).
func Small(read func([]byte) int) []byte {
	buf := make([]byte, 64)
	n := read(buf)
	return buf[:n]
}

// Magic returns 16 bytes of a large local buffer (positive: the fix's title states the trade).
func Magic(read func([]byte) int) []byte {
	buf := make([]byte, 64<<10)
	read(buf)
	return buf[:16]
}
