import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fail, goError, ok, Result } from './errors';
import { runProcess } from './runProcess';
import type { GoToolchain } from './toolchain';
import type { ExpressionQuery, ExpressionType } from './expressionTypes';

/**
 * The types helper: a small Go program (server/gohelper, standard library only) shipped as source,
 * built once per Go toolchain with the user's own `go` into a cache directory, and run without a
 * shell. It answers what only Go's type checker knows exactly (struct sizes and offsets for the
 * target GOARCH). The request is one JSON argument; the answer is JSON on stdout.
 */

export interface TypesHelperRequest {
  dir: string;
  tags?: readonly string[];
  /** A `-overlay` file with the editor's unsaved contents. */
  overlay?: string;
  tests?: boolean;
  structLayouts?: boolean;
  /** The type of the expression spanning each range, per file (see expressionTypes.ts). */
  expressionTypes?: readonly ExpressionQuery[];
}

/** A position as the compiler prints it: 1-based line, 1-based byte column. */
export interface HelperPosition {
  line: number;
  column: number;
}

export interface FieldLayout {
  name: string;
  type: string;
  embedded?: boolean;
  offset: number;
  size: number;
  align: number;
  /** Bytes after the field before the next one (or the struct's end). */
  padding: number;
}

export interface StructLayout {
  name: string;
  file: string;
  /** Where the type's name starts. */
  at: HelperPosition;
  size: number;
  align: number;
  fields: FieldLayout[];
  optimalSize: number;
  optimalOrder: string[];
  /** Why the layout must stay as written (`structs.HostLayout`, `cgo`, `layout comment`, `unsafe.Offsetof`). */
  keep?: string;
  /** Replaces the field list (from `{` to `}`) with the fields in `optimalOrder`, gofmt-formatted. */
  reorder?: { start: HelperPosition; end: HelperPosition; newText: string };
}

export interface TypesHelperResponse {
  importPath: string;
  goarch: string;
  wordSize: number;
  structs?: StructLayout[];
  /** Answers `expressionTypes`: one per range an expression spans exactly. */
  expressions?: ExpressionType[];
  /** What left answers out: type errors, missing export data. */
  errors?: string[];
}

export interface TypesHelperOptions {
  /** Where built helpers are kept (the editor's extension storage, or an OS cache directory). */
  cacheDir?: string;
  /** The helper's Go source; found beside the server by default. */
  sourceDir?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2 * 60_000;

/** Runs the helper on one package, building it first if this toolchain has no build of it yet. */
export async function runTypesHelper(toolchain: GoToolchain, request: TypesHelperRequest, options: TypesHelperOptions = {}): Promise<Result<TypesHelperResponse>> {
  const built = await buildTypesHelper(toolchain, options);
  if (!built.ok) return built;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const result = await runProcess(built.value, [JSON.stringify({ ...request, go: toolchain.goPath })], { cwd: request.dir, env: toolchain.env, signal: options.signal, timeoutMs, maxOutputBytes: 64 * 1024 * 1024 });
  switch (result.ended) {
    case 'cancelled':
      return fail(goError('cancelled', 'The struct layout query was cancelled by a newer edit.', { location: request.dir }));
    case 'timed-out':
      return fail(goError('timed-out', `The types helper did not finish within ${Math.round(timeoutMs / 1000)} s in ${request.dir}.`, { location: request.dir }));
    case 'output-too-large':
      return fail(goError('output-too-large', `The types helper's answer for ${request.dir} is too large to read.`, { location: request.dir }));
    case 'spawn-failed':
      return fail(goError('spawn-failed', `Could not run the types helper ${built.value}: ${result.spawnError}`, { location: built.value }));
  }
  try {
    if (result.exitCode !== 0) throw new Error(result.stderr.trim() || `exit status ${result.exitCode}`);
    return ok(JSON.parse(result.stdout) as TypesHelperResponse);
  } catch (error) {
    return fail(goError('package-error', `The types helper failed on ${request.dir}: ${error instanceof Error ? error.message : String(error)}`, { location: request.dir, detail: result.stderr }));
  }
}

const builds = new Map<string, Promise<Result<string>>>();

/**
 * The helper binary for this toolchain: reused from the cache directory when its source and Go
 * version match, built otherwise (once per process, however many callers ask at once).
 */
export function buildTypesHelper(toolchain: GoToolchain, options: TypesHelperOptions = {}): Promise<Result<string>> {
  const sourceDir = options.sourceDir ?? findHelperSource();
  if (!sourceDir || !fs.existsSync(path.join(sourceDir, 'go.mod'))) {
    return Promise.resolve(fail(goError('build-failed', `The types helper's Go source was not found (${sourceDir ?? `no gohelper/ beside ${__dirname}`}): reinstall the extension.`)));
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  let key: string;
  try {
    key = helperKey(sourceDir, toolchain);
  } catch (error) {
    return Promise.resolve(fail(goError('build-failed', `The types helper's Go source in ${sourceDir} cannot be read: ${String(error)}`)));
  }
  const binary = path.join(cacheDir, `typeshelper-${key}${process.platform === 'win32' ? '.exe' : ''}`);
  let build = builds.get(binary);
  if (!build) {
    build = buildInto(toolchain, sourceDir, binary, options.signal);
    builds.set(binary, build);
    // A failed or cancelled build may succeed next time (Go installed, no edit racing it).
    void build.then((r) => r.ok || builds.delete(binary));
  }
  return build;
}

async function buildInto(toolchain: GoToolchain, sourceDir: string, binary: string, signal: AbortSignal | undefined): Promise<Result<string>> {
  if (fs.existsSync(binary)) return ok(binary);
  try {
    fs.mkdirSync(path.dirname(binary), { recursive: true });
  } catch (error) {
    return fail(goError('spawn-failed', `Cannot create the types helper's cache directory ${path.dirname(binary)}: ${String(error)}`));
  }
  // Built under a temporary name and renamed: another server building the same helper never sees half a file.
  const temporary = `${binary}.${process.pid}.${Date.now()}.tmp`;
  const result = await runProcess(toolchain.goPath, ['build', '-trimpath', '-o', temporary, '.'], {
    cwd: sourceDir,
    env: hostBuildEnv(toolchain.env),
    signal,
    timeoutMs: 5 * 60_000,
  });
  if (result.ended !== 'exited' || result.exitCode !== 0) {
    fs.rmSync(temporary, { force: true });
    if (result.ended === 'cancelled') return fail(goError('cancelled', 'Building the types helper was cancelled.'));
    return fail(goError('build-failed', `Could not build the types helper with ${toolchain.version.raw}.`, { location: sourceDir, detail: result.stderr || result.spawnError }));
  }
  try {
    fs.renameSync(temporary, binary);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    if (!fs.existsSync(binary)) return fail(goError('spawn-failed', `Cannot store the types helper at ${binary}: ${String(error)}`));
  }
  return ok(binary);
}

/**
 * The helper runs here, whatever the user's GOOS/GOARCH target: build it for this machine, outside
 * any workspace, module flags or toolchain switch of the user's project. Every variable is set to
 * a non-empty value: an empty one would let `go env -w` settings (GOFLAGS=-mod=vendor) through.
 */
function hostBuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const host: NodeJS.ProcessEnv = { ...env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOWORK: 'off', GOTOOLCHAIN: 'local' };
  const goos = GOOS[process.platform];
  const goarch = GOARCH[process.arch];
  if (goos) host.GOOS = goos;
  else delete host.GOOS;
  if (goarch) host.GOARCH = goarch;
  else delete host.GOARCH;
  return host;
}

const GOOS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd', openbsd: 'openbsd', netbsd: 'netbsd', aix: 'aix', sunos: 'solaris' };
const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

/** Changes with the helper's source, the toolchain and this machine: a stale build is never reused. */
function helperKey(sourceDir: string, toolchain: GoToolchain): string {
  const hash = crypto.createHash('sha256');
  hash.update(`${toolchain.version.raw}\0${toolchain.goPath}\0${process.platform}\0${process.arch}\0`);
  for (const name of fs.readdirSync(sourceDir).filter((n) => n.endsWith('.go') || n === 'go.mod').sort()) {
    hash.update(`${name}\0`);
    hash.update(fs.readFileSync(path.join(sourceDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** `gohelper/` beside the bundle (server/out/gohelper), or server/gohelper above a tsc build. */
export function findHelperSource(start = __dirname): string | undefined {
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'gohelper'), path.join(dir, 'server', 'gohelper')]) {
      if (fs.existsSync(path.join(candidate, 'go.mod'))) return candidate;
    }
  }
  return undefined;
}

/** The OS's per-user cache directory, for when the editor gave no storage of its own. */
export function defaultCacheDir(): string {
  const home = os.homedir();
  const base =
    process.platform === 'win32'
      ? process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local')
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Caches')
        : process.env.XDG_CACHE_HOME || path.join(home, '.cache');
  return path.join(base, 'go-escape-hints');
}
