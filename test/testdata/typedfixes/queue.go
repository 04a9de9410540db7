package typedfixes

// NextJob pops a queue of pointers held in a field declared in another file (positive with the helper's types).
func NextJob(s *Scheduler) *Job {
	j := s.jobs[0]
	s.jobs = s.jobs[1:]
	return j
}

// NextID pops a queue of ints: nothing kept alive (negative).
func NextID(s *Scheduler) int {
	id := s.ids[0]
	s.ids = s.ids[1:]
	return id
}
