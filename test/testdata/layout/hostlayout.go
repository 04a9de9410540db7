//go:build go1.23

package layout

import "structs"

// Host is laid out as the platform's C compiler would: it must keep its order.
type Host struct {
	_    structs.HostLayout
	Flag bool
	Size uint64
	Kind bool
}

func newHost() Host { return Host{} }
