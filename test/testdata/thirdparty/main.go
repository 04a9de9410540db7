// Package thirdparty pins gopkg.in/yaml.v3 so tests can build it from the module cache.
package thirdparty

import "gopkg.in/yaml.v3"

// Marshal keeps the import used.
func Marshal(v any) ([]byte, error) { return yaml.Marshal(v) }
