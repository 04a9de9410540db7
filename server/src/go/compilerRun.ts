import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fail, goError, ok, Result } from './errors';
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
    return ok({
      output: result.stderr,
      exitCode: result.exitCode,
      args,
      overlayBackingFiles: overlay?.backingFiles ?? new Map(),
      durationMs: result.durationMs,
    });
  } finally {
    if (overlay) fs.rmSync(overlay.dir, { recursive: true, force: true });
  }
}

export interface WrittenOverlay {
  dir: string;
  file: string;
  backingFiles: Map<string, string>;
}

export function writeOverlay(contents: ReadonlyMap<string, string>): WrittenOverlay {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-hints-'));
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
