#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100 in the browser) and headless Chromium for the end-to-end
# tests, offline-safe: the code-server installer's ripgrep download (GitHub) is replaced by Debian's rg.
# It lives outside the repository (scripts/tools.mjs says where: $GO_ESCAPE_HINTS_HOME, else
# ${XDG_CACHE_HOME:-~/.cache}/go-escape-hints), so every clone on the machine shares one install.
# Idempotent: a finished install (marked by its .ready file) is kept.
set -euo pipefail
version=$(cd "$(dirname "$0")/../.." && node --input-type=module -e 'import { CODE_SERVER_VERSION } from "./scripts/tools.mjs"; console.log(CODE_SERVER_VERSION)')
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$(cd "$root" && node --input-type=module -e 'import { codeServerDir } from "./scripts/tools.mjs"; console.log(codeServerDir())')
if [ -f "$tools/.ready" ] && [ "$(cat "$tools/.ready")" = "$version" ] && command -v chromium >/dev/null; then
  echo "code-server $version already installed in $tools"
  exit 0
fi

echo "== Debian packages"
packages="libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium"
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then echo "setup-code-server: need root to install: $missing" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
fi

echo "== code-server $version"
mkdir -p "$tools"
cd "$tools"
[ -f package.json ] || echo '{"name":"code-server-tools","private":true}' > package.json
npm install --ignore-scripts --no-audit --no-fund "code-server@$version" >/dev/null

vscode="$tools/node_modules/code-server/lib/vscode"
cd "$vscode"
npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
npm_config_yes=true npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)

cd "$tools"
npm_config_yes=true npm rebuild argon2 >/dev/null
echo "$version" > "$tools/.ready"
echo "code-server $version installed in $tools"
