import * as fs from 'fs';
import * as path from 'path';
import { fail, goError, ok, Result } from './errors';
import { runProcess } from './runProcess';

export interface GoVersion {
  /** As printed, e.g. `go1.26.8` or `devel go1.27-abc123`. */
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

export interface GoToolchain {
  /** Absolute path of the `go` binary. */
  goPath: string;
  version: GoVersion;
  /** Environment every `go` call runs with. */
  env: NodeJS.ProcessEnv;
}

export interface ToolchainOptions {
  /** An explicit `go` binary (settings, `--go`); otherwise `go` is looked up on PATH. */
  goPath?: string;
  /** Extra environment variables (e.g. the Go extension's `go.toolsEnvVars`). */
  env?: Record<string, string>;
  /** A GOROOT whose `bin/go` is used when no explicit path is given. */
  goroot?: string;
  /** How long `go version` may take (default 10 s): it answers in milliseconds, a hang means a wrong program. */
  versionTimeoutMs?: number;
}

const VERSION_TIMEOUT_MS = 10_000;

/** `-overlay` arrived in Go 1.16; without it we cannot analyse unsaved buffers. */
export const MINIMUM_GO = { major: 1, minor: 16 };

export async function findToolchain(options: ToolchainOptions = {}): Promise<Result<GoToolchain>> {
  const env = { ...process.env, ...options.env };
  const goPath = locateGo(options, env);
  if (!goPath) {
    const where = options.goPath ? `at ${options.goPath}` : 'on PATH';
    return fail(goError('go-not-found', `Go was not found ${where}. Install Go (https://go.dev/dl/) or set goEscapeHints.goPath to the go binary.`, { location: options.goPath }));
  }
  const limitMs = options.versionTimeoutMs ?? VERSION_TIMEOUT_MS;
  const result = await runProcess(goPath, ['version'], { cwd: path.dirname(goPath), env, timeoutMs: limitMs });
  if (result.ended === 'timed-out') {
    return fail(goError('go-not-found', `${goPath} did not answer \`go version\` within ${Math.round(limitMs / 1000)} s: it is not Go, or it hangs (a wrapper script waiting for input?). Point goEscapeHints.goPath at the go binary.`, { location: goPath }));
  }
  if (result.ended === 'spawn-failed' || result.exitCode !== 0) {
    const why = result.spawnError ?? (result.exitSignal ? `stopped by signal ${result.exitSignal.replace(/^SIG/, '')}` : result.stderr.trim() || `exit code ${result.exitCode}, no message`);
    return fail(goError('go-not-found', `${goPath} could not be run as Go: ${why}`, { location: goPath }));
  }
  const version = parseGoVersion(result.stdout);
  if (!version) return fail(goError('go-not-found', `${goPath} did not print a Go version (${result.stdout.trim()})`, { location: goPath }));
  if (compareVersion(version, MINIMUM_GO) < 0) {
    return fail(goError('go-too-old', `${version.raw} is too old: Go Escape Hints needs Go 1.16 or newer (for -overlay).`, { location: goPath }));
  }
  return ok({ goPath, version, env });
}

function locateGo(options: ToolchainOptions, env: NodeJS.ProcessEnv): string | undefined {
  const exe = process.platform === 'win32' ? 'go.exe' : 'go';
  if (options.goPath) return isExecutable(options.goPath) ? path.resolve(options.goPath) : undefined;
  if (options.goroot) {
    const inRoot = path.join(options.goroot, 'bin', exe);
    if (isExecutable(inRoot)) return inRoot;
  }
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Parses `go version go1.26.8 linux/amd64`, `go version devel go1.27-abc …`, `go1.21rc2`. */
export function parseGoVersion(text: string): GoVersion | undefined {
  const match = /(devel )?go(\d+)\.(\d+)(?:\.(\d+))?([a-z0-9-]*)/.exec(text);
  if (!match) return undefined;
  return {
    raw: match[0],
    major: Number(match[2]),
    minor: Number(match[3]),
    patch: Number(match[4] ?? 0),
  };
}

export function compareVersion(a: { major: number; minor: number; patch?: number }, b: { major: number; minor: number; patch?: number }): number {
  return a.major - b.major || a.minor - b.minor || (a.patch ?? 0) - (b.patch ?? 0);
}

/** Parses a go.mod `go` directive value such as `1.21`, `1.22.3` or `1.23rc1`. */
export function parseGoDirective(text: string | undefined): { major: number; minor: number; patch: number } | undefined {
  if (!text) return undefined;
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) } : undefined;
}
