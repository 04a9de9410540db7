import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Small `go` stand-ins for faults the real toolchain will not produce on demand: each is a shell
 * script that does one wrong thing for one subcommand and hands every other call to the real `go`
 * (so `go version` and `go list` still answer truthfully).
 */
export type FakeGoFault =
  /** `go version` never answers. */
  | 'version-hangs'
  /** `go build` is killed by SIGKILL (as the OOM killer would). */
  | 'build-killed'
  /** `go build` prints something that is not a compiler report and exits 0. */
  | 'build-garbage'
  /** `go build` writes its pid and arguments to `$FAKE_GO_MARK`, then hangs. */
  | 'build-hangs'
  /**
   * `go build` replays what go1.26.8 printed when its module cache was on a read-only file system
   * (recorded with GOMODCACHE on a read-only tmpfs): progress first, the cause after it.
   */
  | 'build-readonly-modcache'
  /** Every call is logged (`start PID`, `end PID`) to `$FAKE_GO_MARK` around the real go. */
  | 'count-calls';

export function realGoPath(): string {
  return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim() + '/bin/go';
}

/** Writes the fake as `<new temp dir>/go` and returns its path. */
export function fakeGo(fault: FakeGoFault): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `geh-fakego-${fault}-`));
  const real = realGoPath();
  const body: Record<FakeGoFault, string> = {
    'version-hangs': 'if [ "$1" = version ]; then exec sleep 600; fi',
    'build-killed': 'if [ "$1" = build ]; then kill -KILL $$; fi',
    'build-garbage': 'if [ "$1" = build ]; then echo "hello from a wrapper that ate the report" >&2; echo "42" >&2; exit 0; fi',
    'build-hangs': 'if [ "$1" = build ]; then echo "$$ $*" >> "$FAKE_GO_MARK"; exec sleep 600; fi',
    'build-readonly-modcache': [
      'if [ "$1" = build ]; then',
      "  echo 'go: downloading golang.org/x/sync v0.7.0' >&2",
      "  echo 'go: writing go.mod cache: mkdir /ro/modcache/cache: read-only file system' >&2",
      "  echo 'escapes.go:3:8: mkdir /ro/modcache/cache: read-only file system' >&2",
      '  exit 1',
      'fi',
    ].join('\n'),
    'count-calls': `echo "start $$" >> "$FAKE_GO_MARK"; "${real}" "$@"; rc=$?; echo "end $$" >> "$FAKE_GO_MARK"; exit $rc`,
  };
  const file = path.join(dir, 'go');
  fs.writeFileSync(file, `#!/bin/sh\n${body[fault]}\nexec "${real}" "$@"\n`, { mode: 0o755 });
  return file;
}

/** The most `start` lines without their `end` at any point of a count-calls log. */
export function peakConcurrency(log: string): number {
  let running = 0;
  let peak = 0;
  for (const line of log.split('\n')) {
    if (line.startsWith('start ')) peak = Math.max(peak, ++running);
    else if (line.startsWith('end ')) running--;
  }
  return peak;
}

/** Is a process with this pid still alive (and not a zombie waiting for its parent)? */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
