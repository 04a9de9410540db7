import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { directoryGone, fail, goError, ok, Result } from './errors';
import { firstLine } from './packages';
import { runProcess } from './runProcess';
import type { GoToolchain } from './toolchain';

export interface CompilerRunRequest {
  toolchain: GoToolchain;
  /** The package directory: the build runs `.` there. */
  dir: string;
  /** Build the test binary too (`go test -c`), so _test.go files are analysed. */
  tests?: boolean;
  tags?: readonly string[];
  /** Unsaved editor contents by absolute file path, passed with `-overlay`. */
  overlay?: ReadonlyMap<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Compiler `-d` debug flags added to `-m=2` (`ssa/check_bce/debug=1`, `nil`): more facts from the same build. */
  debugFlags?: readonly string[];
}

export interface CompilerRun {
  /** The compiler's stderr: the `-m=2` report (and errors, when the build failed). */
  output: string;
  exitCode: number | null;
  args: string[];
  /** Overlay backing file → real file, for mapping paths go1.19 prints. */
  overlayBackingFiles: Map<string, string>;
  durationMs: number;
}

const NULL_DEVICE = process.platform === 'win32' ? 'NUL' : '/dev/null';
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** The `go` arguments of one analysis: `build` (or `test -c`) of `.` with `-gcflags=-m=2`. */
export function compilerArgs(tests: boolean, tags: readonly string[], overlayFile?: string, debugFlags: readonly string[] = []): string[] {
  const gcflags = debugFlags.length > 0 ? `-gcflags=-m=2 -d=${debugFlags.join(',')}` : '-gcflags=-m=2';
  const args = tests ? ['test', '-c', '-vet=off', '-o', NULL_DEVICE, gcflags] : ['build', gcflags, '-o', NULL_DEVICE];
  if (tags.length > 0) args.push(`-tags=${tags.join(',')}`);
  if (overlayFile) args.push(`-overlay=${overlayFile}`);
  args.push('.');
  return args;
}

/**
 * Runs the compiler's escape/inlining report on one package. A build that fails is not an error
 * here: the caller reads the output to tell compile errors from facts.
 */
export async function runCompiler(request: CompilerRunRequest): Promise<Result<CompilerRun>> {
  const { toolchain, dir } = request;
  const overlay = request.overlay && request.overlay.size > 0 ? writeOverlay(request.overlay) : undefined;
  try {
    const args = compilerArgs(!!request.tests, request.tags ?? [], overlay?.file, request.debugFlags);
    const result = await runProcess(toolchain.goPath, args, {
      cwd: dir,
      env: toolchain.env,
      signal: request.signal,
      timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    if (result.ended === 'spawn-failed' && !fs.existsSync(dir)) return fail(directoryGone(dir));
    switch (result.ended) {
      case 'cancelled':
        return fail(goError('cancelled', 'The analysis was cancelled by a newer edit.', { location: dir }));
      case 'timed-out':
        return fail(goError('timed-out', `go ${args[0]} did not finish within ${Math.round((request.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s in ${dir}.`, { location: dir }));
      case 'output-too-large':
        return fail(goError('output-too-large', `The compiler's report for ${dir} is too large to read.`, { location: dir }));
      case 'spawn-failed':
        return fail(goError('spawn-failed', `Could not run ${toolchain.goPath}: ${result.spawnError}`, { location: dir }));
    }
    if (result.exitSignal) {
      // Not a verdict on the code: something outside (the OOM killer, a user's kill) stopped go.
      return fail(goError('killed', `The build was stopped by signal ${result.exitSignal.replace(/^SIG/, '')} (out of memory, or another program ended it); it runs again on the next edit or save.`, { location: dir, detail: result.stderr.trim() || undefined }));
    }
    if (result.exitCode === 0 && !looksLikeCompilerReport(result.stderr, result.stdout)) {
      const sample = firstLine(result.stderr) || firstLine(result.stdout);
      return fail(goError('not-a-report', `${toolchain.goPath} ${args[0]} succeeded but printed something that is not a compiler report ("${sample.slice(0, 80)}"): is it a wrapper that changes Go's output? Point goEscapeHints.goPath at the real go binary.`, { location: dir, detail: `${result.stderr}${result.stdout}`.slice(0, 4000) }));
    }
    return ok({
      output: result.stderr,
      exitCode: result.exitCode,
      args,
      overlayBackingFiles: overlay?.backingFiles ?? new Map(),
      durationMs: result.durationMs,
    });
  } finally {
    if (overlay) removeOverlay(overlay.dir);
  }
}

/**
 * Overlay directories are named after the server's pid, so that a server killed outright (SIGKILL:
 * no exit handler runs) can be cleaned up after by the next one.
 */
const OVERLAY_PREFIX = 'go-escape-hints-';
const liveOverlays = new Set<string>();

export function removeOverlay(dir: string): void {
  liveOverlays.delete(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Removes every overlay directory this process still has (the user's unsaved code); synchronous, for exit handlers. */
export function removeAllOverlays(): void {
  for (const dir of [...liveOverlays]) {
    try {
      removeOverlay(dir);
    } catch {
      /* best effort while exiting */
    }
  }
}

/** Removes overlay directories left in `tmp` by servers that no longer run. Returns what it removed. */
export function removeOrphanedOverlays(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync(tmp);
  } catch {
    return removed;
  }
  for (const name of entries) {
    const owner = new RegExp(`^${OVERLAY_PREFIX}(\\d+)-`).exec(name);
    if (!owner || Number(owner[1]) === process.pid || isAlive(Number(owner[1]))) continue;
    try {
      fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
      removed.push(path.join(tmp, name));
    } catch {
      /* another user's directory, or already gone */
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but someone else's
  }
}

export interface WrittenOverlay {
  dir: string;
  file: string;
  backingFiles: Map<string, string>;
}

export function writeOverlay(contents: ReadonlyMap<string, string>): WrittenOverlay {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${OVERLAY_PREFIX}${process.pid}-`));
  liveOverlays.add(dir);
  const replace: Record<string, string> = {};
  const backingFiles = new Map<string, string>();
  for (const [realFile, text] of contents) {
    // Keep the base name: go1.19 prints the backing path, and a recognisable name helps anyone reading it.
    const hash = crypto.createHash('sha1').update(realFile).digest('hex').slice(0, 12);
    const backing = path.join(dir, `${hash}-${path.basename(realFile)}`);
    fs.writeFileSync(backing, text);
    replace[realFile] = backing;
    backingFiles.set(backing, realFile);
  }
  const file = path.join(dir, 'overlay.json');
  fs.writeFileSync(file, JSON.stringify({ Replace: replace }));
  return { dir, file, backingFiles };
}

/**
 * `go build -gcflags=-m=2 -o /dev/null` prints nothing on stdout and, on stderr, package headers
 * (`# pkg`), positioned lines (`file.go:3:6: …`, `<autogenerated>:1: …`), their indented steps and
 * the go command's own `go: …` lines (with GOFLAGS=-v or -x, import paths and `WORK=` too). Output
 * with none of those (or anything on stdout) comes from something else; empty output is a valid
 * report (a package without functions).
 */
export function looksLikeCompilerReport(stderr: string, stdout = ''): boolean {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return stdout.trim() === '';
  return lines.some((line) =>
    /^# \S/.test(line) ||
    /^(?:[A-Za-z]:[\\/])?[^\s:][^:]*:\d+(?::\d+)?: /.test(line) ||
    /^go: /.test(line) ||
    // GOFLAGS=-v lists import paths, -x starts with WORK=: a package without functions prints only those.
    /^WORK=/.test(line) ||
    /^[\w.~-]+(?:\/[\w.~-]+)+$/.test(line));
}
