#!/usr/bin/env bash
# Makes sure a current Go is on PATH. The machine normally has one; a fresh machine without it gets
# Debian's Go 1.23 (bookworm-backports) and, through the Go module proxy, the pinned current toolchain.
# Writes the directory to put on PATH into .ci/.go-path (empty when the machine's go is used).
set -euo pipefail
cd "$(dirname "$0")/.."
pinned=go1.26.8
: > .ci/.go-path
if command -v go >/dev/null 2>&1; then exit 0; fi
bash .ci/install-older-go.sh
bootstrap=/usr/lib/go-1.23/bin/go
GOTOOLCHAIN=$pinned "$bootstrap" version
toolchain_dir="$("$bootstrap" env GOMODCACHE)/golang.org/toolchain@v0.0.1-$pinned.linux-$(dpkg --print-architecture)/bin"
if [ ! -x "$toolchain_dir/go" ]; then echo "ensure-go: $pinned was not found in the module cache" >&2; exit 1; fi
echo "$toolchain_dir" > .ci/.go-path
