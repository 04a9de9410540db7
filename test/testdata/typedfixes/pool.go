package typedfixes

// ReleaseField puts a slice value into a pool held in a struct field declared in another file.
func ReleaseField(h *Holder, b []byte) {
	h.buffers.Put(b)
}

// ReleaseReturned puts a slice value into a pool returned by a function.
func ReleaseReturned(b []byte) {
	bufferPool().Put(b)
}

// Keep calls a Put that is not sync.Pool's (negative).
func Keep(r *Recycler, b []byte) {
	r.Put(b)
}
