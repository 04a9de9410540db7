import * as fs from 'fs';
import * as path from 'path';
import { directoryGone, fail, goError, ok, Result } from './errors';
import { runProcess } from './runProcess';
import type { GoToolchain } from './toolchain';

/** What `go list -json` says of the package in one directory (the fields we use). */
export interface GoPackage {
  dir: string;
  importPath: string;
  name: string;
  goFiles: string[];
  testGoFiles: string[];
  xTestGoFiles: string[];
  /** Files excluded by build constraints: edits to them do not change the analysis. */
  ignoredGoFiles: string[];
  module?: {
    path: string;
    dir: string;
    goMod?: string;
    /** The module's `go` directive, e.g. `1.21`. */
    goVersion?: string;
  };
  /** The package's own load error (syntax or type errors are found by the build, not here). */
  loadError?: string;
}

/** The fields of `go list -json` we read (the CLI's listing reads a few more: go/packageList.ts). */
export interface GoListJson {
  Dir?: string;
  ImportPath?: string;
  Name?: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
  IgnoredGoFiles?: string[];
  Module?: { Path?: string; Dir?: string; GoMod?: string; GoVersion?: string };
  Error?: { Err?: string };
}

/** Finds the package in `dir` (modules, go.work workspaces, nested modules, vendor mode are all `go list`'s business). */
export async function listPackage(toolchain: GoToolchain, dir: string, tags: readonly string[] = [], signal?: AbortSignal): Promise<Result<GoPackage>> {
  if (!fs.existsSync(dir)) return fail(directoryGone(dir));
  // -find: the files, name and module are all we need; resolving every dependency would only compete with the build.
  const fields = 'Dir,ImportPath,Name,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,IgnoredGoFiles,Module,Error';
  const list = (json: string) => ['list', '-e', '-find', json, ...(tags.length > 0 ? [`-tags=${tags.join(',')}`] : []), '.'];
  const options = { cwd: dir, env: toolchain.env, timeoutMs: 60_000, signal };
  let result = await runProcess(toolchain.goPath, list(`-json=${fields}`), options);
  if (result.exitCode !== 0 && /flag provided but not defined: -json=|invalid value .* for flag -json/.test(result.stderr)) {
    result = await runProcess(toolchain.goPath, list('-json'), options); // Go before 1.19: no field list
  }
  if (result.ended === 'cancelled') return fail(goError('cancelled', 'Cancelled.', { location: dir }));
  if (result.ended === 'timed-out') return fail(goError('timed-out', `go list did not finish in time in ${dir}.`, { location: dir }));
  const stderr = result.stderr.trim();
  if (/go\.mod file not found|cannot find main module|outside main module|not in a module|outside (?:of )?(?:a )?module/i.test(stderr) ||
      /directory .* outside (?:main module|modules listed in go\.work)/.test(stderr)) {
    return fail(goError('outside-module', `${dir} is not inside a Go module: run \`go mod init\` there, or open the folder that holds its go.mod.`, { location: dir, detail: stderr }));
  }
  let parsed: GoListJson;
  try {
    parsed = JSON.parse(result.stdout) as GoListJson;
  } catch {
    if (result.exitSignal) return fail(goError('killed', `go list was stopped by signal ${result.exitSignal.replace(/^SIG/, '')} in ${dir}; it runs again on the next edit or save.`, { location: dir }));
    return fail(goError('package-error', `go list failed in ${dir}: ${firstErrorBlock(stderr) || 'no output'}`, { location: dir, detail: stderr }));
  }
  const pkg: GoPackage = {
    dir: parsed.Dir ?? dir,
    importPath: parsed.ImportPath ?? '',
    name: parsed.Name ?? '',
    goFiles: [...(parsed.GoFiles ?? []), ...(parsed.CgoFiles ?? [])],
    testGoFiles: parsed.TestGoFiles ?? [],
    xTestGoFiles: parsed.XTestGoFiles ?? [],
    ignoredGoFiles: parsed.IgnoredGoFiles ?? [],
    module: parsed.Module?.Dir
      ? { path: parsed.Module.Path ?? '', dir: parsed.Module.Dir, goMod: parsed.Module.GoMod, goVersion: parsed.Module.GoVersion }
      : undefined,
    loadError: parsed.Error?.Err,
  };
  if (!pkg.module && /outside|go\.mod/.test(pkg.loadError ?? '')) {
    return fail(goError('outside-module', `${dir} is not inside a Go module: run \`go mod init\` there, or open the folder that holds its go.mod.`, { location: dir, detail: pkg.loadError }));
  }
  if (pkg.goFiles.length === 0 && pkg.testGoFiles.length === 0 && pkg.xTestGoFiles.length === 0) {
    const why = pkg.loadError ? `: ${firstLine(pkg.loadError)}` : '';
    return fail(goError('no-go-files', `No Go package to analyse in ${dir}${why}`, { location: dir, detail: pkg.loadError }));
  }
  return ok(pkg);
}

export function packageFiles(pkg: GoPackage, includeTests: boolean): string[] {
  const names = includeTests ? [...pkg.goFiles, ...pkg.testGoFiles, ...pkg.xTestGoFiles] : pkg.goFiles;
  return names.map((name) => path.join(pkg.dir, name));
}

export function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/** Progress the go command prints before the error that matters (`go: downloading x v1.2.3`). */
const PROGRESS = /^go: (?:downloading|extracting|finding) /;

/**
 * The go command's first error with the indented lines under it, on one line: Go puts the cause and
 * the fix there (`go: inconsistent vendoring in …:` then the module, then "run: go mod vendor").
 */
export function firstErrorBlock(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() !== '' && !PROGRESS.test(l));
  if (start < 0) return '';
  let block = lines[start].trim();
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) break;
    block += `${/[.:]$/.test(block) ? '' : '.'} ${line.trim()}`;
  }
  return block;
}
