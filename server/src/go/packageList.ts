import { fail, goError, GoError, ok, Result } from './errors';
import type { GoListJson, GoPackage } from './packages';
import { runProcess } from './runProcess';
import type { GoToolchain } from './toolchain';

/** One package of a pattern's expansion; `problem` says why it cannot be built (a load error of its own or of an import). */
export interface ListedPackage extends GoPackage {
  problem?: string;
  /** Import paths of every package it depends on (to tell "not built because an import failed" from "nothing to report"). */
  deps: string[];
}

export interface PackageListing {
  packages: ListedPackage[];
  /** Patterns that matched no package, each with Go's reason (e.g. a `go.work` that does not use the directory). */
  unmatched: GoError[];
}

interface GoListEntry extends GoListJson {
  DepsErrors?: { Err?: string }[];
  Deps?: string[];
}

const FIELDS = 'Dir,ImportPath,Name,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,IgnoredGoFiles,Module,Error,DepsErrors,Deps';

/**
 * Expands package patterns (`./...`, directories, import paths) with one `go list -e -json` run in
 * `cwd`. A pattern that matches nothing is not an error to Go (exit 0, a warning or a pseudo-package
 * carrying the reason); here it becomes an `unmatched` entry that keeps Go's own words.
 */
export async function listPackages(toolchain: GoToolchain, cwd: string, patterns: readonly string[], tags: readonly string[] = [], timeoutMs = 120_000): Promise<Result<PackageListing>> {
  const args = (json: string) => ['list', '-e', json, ...(tags.length > 0 ? [`-tags=${tags.join(',')}`] : []), ...patterns];
  const options = { cwd, env: toolchain.env, timeoutMs };
  let result = await runProcess(toolchain.goPath, args(`-json=${FIELDS}`), options);
  if (result.exitCode !== 0 && /flag provided but not defined: -json=|invalid value .* for flag -json/.test(result.stderr)) {
    result = await runProcess(toolchain.goPath, args('-json'), options); // Go before 1.19: no field list
  }
  if (result.ended === 'timed-out') return fail(goError('timed-out', `go list ${patterns.join(' ')} did not finish within ${Math.round(timeoutMs / 1000)} s in ${cwd}.`, { location: cwd }));
  if (result.ended === 'spawn-failed') return fail(goError('spawn-failed', `Could not run ${toolchain.goPath}: ${result.spawnError}`, { location: cwd }));
  const stderr = result.stderr.trim();
  if (result.exitCode !== 0) {
    const first = stderr.split('\n').find((l) => l.trim()) ?? `go list exited with code ${result.exitCode}`;
    const outside = /go\.mod file not found|cannot find main module|not in a module|outside (?:main module|modules listed in go\.work)/i.test(stderr);
    return fail(outside
      ? goError('outside-module', `${cwd} is not inside a Go module: run \`go mod init\` there, or run the CLI in the folder that holds its go.mod.`, { location: cwd, detail: stderr })
      : goError('package-error', `go list ${patterns.join(' ')} failed: ${first}`, { location: cwd, detail: stderr }));
  }
  let entries: GoListEntry[];
  try {
    entries = splitJsonStream(result.stdout).map((text) => JSON.parse(text) as GoListEntry);
  } catch {
    return fail(goError('package-error', `go list ${patterns.join(' ')} printed something that is not its JSON: ${stderr.split('\n')[0] ?? ''}`, { location: cwd, detail: result.stdout.slice(0, 2000) }));
  }
  const packages: ListedPackage[] = [];
  const unmatched: GoError[] = [];
  for (const entry of entries) {
    if (!entry.Dir) {
      // A pattern that matched nothing, or a directory that is no package: Go's reason is in Error.
      const reason = entry.Error?.Err?.trim() || `${entry.ImportPath ?? patterns.join(' ')} matched no packages`;
      unmatched.push(goError('no-go-files', reason, { location: entry.ImportPath ?? cwd }));
      continue;
    }
    packages.push(toListedPackage(entry));
  }
  // "go: warning: "./x/..." matched no packages" comes on stderr without a pseudo-package.
  for (const match of stderr.matchAll(/^go: warning: "([^"]+)" matched no packages$/gm)) {
    if (!unmatched.some((e) => e.location === match[1])) unmatched.push(goError('no-go-files', `${match[1]} matched no packages`, { location: match[1] }));
  }
  return ok({ packages, unmatched });
}

function toListedPackage(entry: GoListEntry): ListedPackage {
  const problems = [entry.Error?.Err, ...(entry.DepsErrors ?? []).map((e) => e.Err)].filter((e): e is string => !!e && e.trim() !== '');
  const pkg: ListedPackage = {
    dir: entry.Dir!,
    importPath: entry.ImportPath ?? '',
    name: entry.Name ?? '',
    goFiles: [...(entry.GoFiles ?? []), ...(entry.CgoFiles ?? [])],
    testGoFiles: entry.TestGoFiles ?? [],
    xTestGoFiles: entry.XTestGoFiles ?? [],
    ignoredGoFiles: entry.IgnoredGoFiles ?? [],
    module: entry.Module?.Dir ? { path: entry.Module.Path ?? '', dir: entry.Module.Dir, goMod: entry.Module.GoMod, goVersion: entry.Module.GoVersion } : undefined,
    loadError: entry.Error?.Err,
    deps: entry.Deps ?? [],
  };
  if (problems.length > 0) pkg.problem = problems.join('\n');
  return pkg;
}

/** `go list -json` prints one indented object after another: each starts with `{` and ends with `}` at the start of a line. */
export function splitJsonStream(text: string): string[] {
  const objects: string[] = [];
  let start = -1;
  const lines = text.split('\n');
  let offset = 0;
  for (const line of lines) {
    if (line === '{}') objects.push('{}');
    else if (line === '{') start = offset;
    else if (line === '}' && start >= 0) {
      objects.push(text.slice(start, offset + 1));
      start = -1;
    }
    offset += line.length + 1;
  }
  if (objects.length === 0 && text.trim() !== '') throw new Error('not a go list JSON stream');
  return objects;
}
