#!/usr/bin/env bash
# Records real `go build -gcflags=-m=2` output as parser fixtures, one folder per Go version:
#   test/fixtures/compiler-output/<go version>/<name>.txt  (+ meta.json saying how it was made)
# Usage: scripts/record-compiler-output.sh [GO_BINARY...]   (default: go, Debian's go1.19 and go1.23)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gos=("$@")
[ ${#gos[@]} -gt 0 ] || gos=(go /usr/lib/go-1.19/bin/go /usr/lib/go-1.23/bin/go)
for go in "${gos[@]}"; do
  command -v "$go" >/dev/null || { echo "skip: $go not found" >&2; continue; }
  version=$("$go" env GOVERSION)
  goroot=$("$go" env GOROOT)
  out="$root/test/fixtures/compiler-output/$version"
  mkdir -p "$out"
  record() { # name dir [extra go args...]
    local name=$1 dir=$2; shift 2
    (cd "$dir" && GOTOOLCHAIN=local GOFLAGS=-mod=mod "$go" build -gcflags=-m=2 -o /dev/null "$@" . 2> "$out/$name.txt" || true)
    echo "  $name: $(wc -c < "$out/$name.txt") bytes"
  }
  echo "$version"
  record escapes "$root/test/testdata/escapes"
  record causes "$root/test/testdata/causes"
  record encoding-json "$goroot/src/encoding/json"
  if [ "$go" = go ]; then record net-http "$goroot/src/net/http"; fi
  cat > "$out/meta.json" <<JSON
{
  "goVersion": "$version",
  "platform": "$("$go" env GOOS)/$("$go" env GOARCH)",
  "command": "go build -gcflags=-m=2 -o /dev/null .",
  "recordedOn": "$(date -u +%Y-%m-%d)",
  "packages": {
    "escapes": { "dir": "test/testdata/escapes" },
    "causes": { "dir": "test/testdata/causes" },
    "encoding-json": { "dir": "\$GOROOT/src/encoding/json", "goroot": "$goroot" },
    "net-http": { "dir": "\$GOROOT/src/net/http", "goroot": "$goroot" }
  }
}
JSON
done
