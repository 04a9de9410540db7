package subslice

// Header returns a sub-slice of a packet (positive: before Go 1.20, append to a nil slice).
func Header(packet []byte) []byte {
	return packet[:16]
}

// Field returns a substring (positive: strings.Clone exists from Go 1.18).
func Field(line string) string {
	return line[5:10]
}

type Job struct{ Name string }

type Queue struct{ jobs []*Job }

// Pop reslices a queue of pointers (positive: before Go 1.21, assign nil).
func (q *Queue) Pop() *Job {
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	return j
}
