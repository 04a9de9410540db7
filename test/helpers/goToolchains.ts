import * as fs from 'fs';
import { execFileSync } from 'child_process';
import { findToolchain, GoToolchain } from '../../server/src/go/toolchain';

/** The Go toolchains the compatibility tests run: the machine's current one and Debian's older ones. */
export const OLDER_GO_BINARIES = ['/usr/lib/go-1.19/bin/go', '/usr/lib/go-1.23/bin/go'];

export async function currentGo(): Promise<GoToolchain> {
  const found = await findToolchain({ env: { GOTOOLCHAIN: 'local', GOFLAGS: '' } });
  if (!found.ok) throw new Error(`tests need Go on PATH: ${found.error.message}`);
  return found.value;
}

export async function goAt(goPath: string): Promise<GoToolchain | undefined> {
  if (!fs.existsSync(goPath)) return undefined;
  const found = await findToolchain({ goPath, env: { GOTOOLCHAIN: 'local', GOFLAGS: '' } });
  return found.ok ? found.value : undefined;
}

/** All toolchains present on this machine, newest first. CI installs the older ones (.ci/install-older-go.sh). */
export async function allGos(): Promise<GoToolchain[]> {
  const all = [await currentGo()];
  for (const bin of OLDER_GO_BINARIES) {
    const go = await goAt(bin);
    if (go) all.push(go);
    else if (process.env.CI) throw new Error(`${bin} is missing: .ci/run installs it with .ci/install-older-go.sh`);
  }
  return all;
}

export function goroot(go: GoToolchain): string {
  return execFileSync(go.goPath, ['env', 'GOROOT'], { encoding: 'utf8', env: go.env }).trim();
}
