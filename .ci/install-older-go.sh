#!/usr/bin/env bash
# Installs Go 1.19 (bookworm) and Go 1.23 (bookworm-backports) from Debian for the
# compatibility tests. Idempotent: does nothing when both are already there.
set -euo pipefail
if [ -x /usr/lib/go-1.19/bin/go ] && [ -x /usr/lib/go-1.23/bin/go ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "install-older-go: needs root for apt-get" >&2; exit 1; fi
backports=/etc/apt/sources.list.d/bookworm-backports.sources
if [ ! -f "$backports" ]; then
  # Copy the Debian entry that is already configured and change only its suite.
  awk 'BEGIN{RS="";ORS="\n\n"} /URIs: [^\n]*debian\/?(\n|$)/ && /Suites: bookworm/ {print}' \
    /etc/apt/sources.list.d/debian.sources \
    | sed -E 's/^Suites: .*/Suites: bookworm-backports/' > "$backports"
  if ! grep -q '^Suites: bookworm-backports' "$backports"; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$backports"
  fi
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq golang-1.19-go >/dev/null
apt-get install -y -qq -t bookworm-backports golang-1.23-go >/dev/null
/usr/lib/go-1.19/bin/go version
/usr/lib/go-1.23/bin/go version
