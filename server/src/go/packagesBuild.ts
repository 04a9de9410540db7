import { fail, goError, ok, Result } from './errors';
import { runProcess } from './runProcess';
import type { GoToolchain } from './toolchain';

export interface PackagesBuildRequest {
  toolchain: GoToolchain;
  /** Where `go build` runs: a directory of the module (or go.work workspace) that holds the packages. */
  cwd: string;
  /** The packages' directories (absolute): each is named on the command line, so `-gcflags` applies to all of them and to nothing else. */
  dirs: readonly string[];
  tags?: readonly string[];
  /** Compiler `-d` flags (bounds checks, nil checks), as the editor's builds add them. */
  debugFlags?: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface PackagesBuild {
  /** The compiler's stderr: one `# import/path` section per package, facts and errors inside. */
  output: string;
  exitCode: number | null;
  args: string[];
  durationMs: number;
}

const NULL_DEVICE = process.platform === 'win32' ? 'NUL' : '/dev/null';
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** The `go` arguments of one build of many packages with `-gcflags=-m=2`. */
export function packagesBuildArgs(dirs: readonly string[], tags: readonly string[], debugFlags: readonly string[] = []): string[] {
  // Several packages: go build checks them and discards the results (nothing linked or written); one
  // package needs -o, or a main package's binary would land in the working directory.
  const gcflags = debugFlags.length > 0 ? `-gcflags=-m=2 -d=${debugFlags.join(',')}` : '-gcflags=-m=2';
  const args = dirs.length === 1 ? ['build', gcflags, '-o', NULL_DEVICE] : ['build', gcflags];
  if (tags.length > 0) args.push(`-tags=${tags.join(',')}`);
  return [...args, ...dirs];
}

/**
 * One `go build -gcflags=-m=2` for many packages: the go command schedules their compiles in
 * parallel and shares what they import, where one build per package would repeat that work. Go
 * keeps building the packages that do not depend on a failing one, so a failed exit is not an error
 * here: the caller reads each package's section.
 */
export async function runPackagesBuild(request: PackagesBuildRequest): Promise<Result<PackagesBuild>> {
  const args = packagesBuildArgs(request.dirs, request.tags ?? [], request.debugFlags);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const result = await runProcess(request.toolchain.goPath, args, { cwd: request.cwd, env: request.toolchain.env, timeoutMs, signal: request.signal });
  switch (result.ended) {
    case 'cancelled':
      return fail(goError('cancelled', 'The analysis was cancelled.', { location: request.cwd }));
    case 'timed-out':
      return fail(goError('timed-out', `go build of ${request.dirs.length} packages did not finish within ${Math.round(timeoutMs / 1000)} s in ${request.cwd}.`, { location: request.cwd }));
    case 'output-too-large':
      return fail(goError('output-too-large', `The compiler's report for the ${request.dirs.length} packages in ${request.cwd} is too large to read.`, { location: request.cwd }));
    case 'spawn-failed':
      return fail(goError('spawn-failed', `Could not run ${request.toolchain.goPath}: ${result.spawnError}`, { location: request.cwd }));
  }
  if (result.exitSignal) {
    // Not a verdict on the code: something outside (the OOM killer, a user's kill) stopped go.
    return fail(goError('killed', `go build of ${request.dirs.length} packages was stopped by signal ${result.exitSignal.replace(/^SIG/, '')} (out of memory, or another program ended it).`, { location: request.cwd, detail: result.stderr.trim() || undefined }));
  }
  return ok({ output: result.stderr, exitCode: result.exitCode, args, durationMs: result.durationMs });
}

/** One `# import/path` section of a multi-package build's output. */
export interface BuildSection {
  /** The header's import path (`example.com/m/p`; a test variant's bracket part removed), '' for lines before any header. */
  importPath: string;
  text: string;
}

/** Splits a build's output at its `# import/path` headers; the same package may appear in several sections. */
export function splitBuildSections(output: string): BuildSection[] {
  const sections: BuildSection[] = [];
  let current: BuildSection = { importPath: '', text: '' };
  let start = 0;
  const flush = (end: number) => {
    current.text = output.slice(start, end);
    if (current.text.trim() !== '') sections.push(current);
  };
  for (let at = 0; at < output.length; ) {
    const next = output.indexOf('\n', at);
    const lineEnd = next === -1 ? output.length : next;
    if (output.startsWith('# ', at)) {
      flush(at);
      current = { importPath: output.slice(at + 2, lineEnd).trim().replace(/ \[.*\]$/, ''), text: '' };
      start = at;
    }
    at = lineEnd + 1;
  }
  flush(output.length);
  return sections;
}
