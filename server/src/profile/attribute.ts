import type { ProfileFrame } from './decodeProfile';
import type { Declaration } from './declarations';
import { mapUnchangedLines } from './lineMapping';
import type { AllocationSite, ProfileSummary } from './profileSummary';

/**
 * Attribution, pure: profile summaries × one file's heap facts → a weight per fact. No I/O; the caller
 * says what the file looks like now and, when known, what it looked like when the profile was taken.
 *
 * A sample belongs to the place of the analysed package where the allocation happened: in the
 * allocating location (inlined frames included), the outermost frame of the package, because the
 * compiler reports an inlined callee's allocation at the call site it was inlined into. Frames of
 * `_test.go` files give way to the package's own: a benchmark that inlined `Hot` does not take
 * `Hot`'s allocations away from it. Allocations made inside other packages' functions (fmt's buffers)
 * count in the total but belong to no fact of this package.
 *
 * Weights survive edits: a sample is placed by its function (name and `func` line) and its line
 * offset in it, so moving a function moves its weights. A function whose text differs from the
 * profiled text is stale; its weights follow their lines through the edit where the lines survived.
 */

export interface ProfileWeight {
  /** Bytes allocated on this fact's line (0 when no allocation profile was loaded). */
  bytes: number;
  objects: number;
  /** `bytes` over every byte the profiles recorded, 0..1. */
  share: number;
  /** With a CPU profile: the time spent in the enclosing function and its callees, 0..1. */
  cpuShare?: number;
  /** The function changed since the profile: the numbers may not describe this code any more. */
  stale: boolean;
  /** Where the numbers came from (profile files, or the benchmarks run). */
  source: string;
  /** Heap facts on the same line share these numbers: profiles record lines, not columns. */
  sharedBy: number;
  /** Whether an allocation profile contributed (a CPU profile alone measures no bytes). */
  measuresAllocations: boolean;
}

export interface FileToWeigh {
  /** The file's absolute path. */
  file: string;
  /** Its top-level functions now. */
  now: ReadonlyMap<string, Declaration>;
  /** 0-based current line of each heap fact to weigh. */
  factLines: readonly number[];
}

/** A file's declarations as they were when `summary` was recorded; undefined when that text is not known. */
export type ProfiledText = (summary: ProfileSummary) => ReadonlyMap<string, Declaration> | undefined;

interface RawWeight {
  bytes: number;
  objects: number;
  cpu: number;
  stale: boolean;
}

/** One weight per fact line (undefined where no profile covers the file's package). */
export function weighFile(summaries: readonly ProfileSummary[], input: FileToWeigh, profiledText: ProfiledText): (ProfileWeight | undefined)[] {
  let totalBytes = 0;
  let totalCpu = 0;
  const sources: string[] = [];
  let measuresAllocations = false;
  let measuresCpu = false;
  const merged: (RawWeight | undefined)[] = input.factLines.map(() => undefined);
  for (const summary of summaries) {
    if (summary.allocation) totalBytes += summary.allocation.totalBytes;
    if (summary.cpu) totalCpu += summary.cpu.total;
    const raw = weighWithOne(summary, input, profiledText);
    if (!raw) continue;
    sources.push(summary.source);
    measuresAllocations ||= !!summary.allocation;
    measuresCpu ||= !!summary.cpu;
    raw.forEach((weight, index) => {
      const into = merged[index];
      merged[index] = into ? { bytes: into.bytes + weight.bytes, objects: into.objects + weight.objects, cpu: into.cpu + weight.cpu, stale: into.stale || weight.stale } : weight;
    });
  }
  const perLine = new Map<number, number>();
  for (const line of input.factLines) perLine.set(line, (perLine.get(line) ?? 0) + 1);
  const source = [...new Set(sources)].join(', ');
  return merged.map((raw, index) =>
    raw && {
      bytes: raw.bytes,
      objects: raw.objects,
      share: totalBytes > 0 ? raw.bytes / totalBytes : 0,
      ...(measuresCpu ? { cpuShare: totalCpu > 0 ? raw.cpu / totalCpu : 0 } : {}),
      stale: raw.stale,
      source,
      sharedBy: perLine.get(input.factLines[index])!,
      measuresAllocations,
    },
  );
}

/** The profile's side of one file, independent of its current text: computed once per profile and file. */
interface FileSamples {
  packagePaths: Set<string>;
  /** Declaration → line offset from its `func` line → what was allocated there. */
  byDeclaration: Map<string, Map<number, { bytes: number; objects: number }>>;
  /** Allocations in closures of declarations the profile does not place: placed by the profiled text, if known. */
  closures: { declaration: string; line: number; bytes: number; objects: number }[];
}

const fileSamplesCache = new WeakMap<ProfileSummary, Map<string, FileSamples | undefined>>();

function fileSamplesOf(summary: ProfileSummary, file: string): FileSamples | undefined {
  let files = fileSamplesCache.get(summary);
  if (!files) {
    files = new Map();
    fileSamplesCache.set(summary, files);
  }
  if (!files.has(file)) files.set(file, computeFileSamples(summary, file));
  return files.get(file);
}

function computeFileSamples(summary: ProfileSummary, file: string): FileSamples | undefined {
  // The package: the profile's symbols whose frames are in this file (several with internal tests).
  const packagePaths = new Set<string>();
  const exact = summary.packagesByFile.get(file);
  for (const [frameFile, packages] of exact ? [[file, exact] as const] : summary.packagesByFile) {
    if (sameFile(frameFile, file)) for (const pkg of packages) packagePaths.add(pkg);
  }
  const directory = directoryOf(file);
  const inDirectory = new Map<string, boolean>();
  const sameDirectoryAsFile = (frameFile: string) => {
    let same = inDirectory.get(frameFile);
    if (same === undefined) {
      same = sameFile(`${directoryOf(frameFile)}/_`, `${directory}/_`);
      inDirectory.set(frameFile, same);
    }
    return same;
  };
  const covered = packagePaths.size > 0 || [...summary.packagesByFile.keys()].some(sameDirectoryAsFile);
  if (!covered) return undefined; // the profile says nothing about this package
  const inPackage = (frame: ProfileFrame) => {
    const symbol = summary.symbols.get(frame.function);
    return !!symbol && packagePaths.has(symbol.packagePath) && sameDirectoryAsFile(frame.file);
  };
  const samples: FileSamples = { packagePaths, byDeclaration: new Map(), closures: [] };
  if (!summary.allocation) return samples;
  for (const site of sitesOf(summary.allocation.sitesByFile, file)) {
    const frame = chooseFrame(site, inPackage);
    if (!frame || !sameFile(frame.file, file)) continue;
    const symbol = summary.symbols.get(frame.function)!;
    const start = symbol.closure ? profiledStart(summary, packagePaths, symbol.declaration) : frame.startLine;
    if (start === undefined || start <= 0) {
      samples.closures.push({ declaration: symbol.declaration, line: frame.line, bytes: site.bytes, objects: site.objects });
      continue;
    }
    let offsets = samples.byDeclaration.get(symbol.declaration);
    if (!offsets) {
      offsets = new Map();
      samples.byDeclaration.set(symbol.declaration, offsets);
    }
    const offset = frame.line - start;
    const weight = offsets.get(offset);
    if (weight) {
      weight.bytes += site.bytes;
      weight.objects += site.objects;
    } else offsets.set(offset, { bytes: site.bytes, objects: site.objects });
  }
  return samples;
}

function weighWithOne(summary: ProfileSummary, input: FileToWeigh, profiledText: ProfiledText): RawWeight[] | undefined {
  const samples = fileSamplesOf(summary, input.file);
  if (!samples) return undefined;
  const { packagePaths } = samples;
  const then = profiledText(summary);
  const states = new Map<string, DeclarationState>();
  const stateOf = (key: string) => {
    let state = states.get(key);
    if (!state) {
      state = declarationState(key, input.now, then, profiledStart(summary, packagePaths, key));
      states.set(key, state);
    }
    return state;
  };
  const lineWeights = new Map<number, { bytes: number; objects: number }>();
  const add = (line: number | undefined, bytes: number, objects: number) => {
    if (line === undefined) return; // its line was edited away
    const weight = lineWeights.get(line);
    if (weight) {
      weight.bytes += bytes;
      weight.objects += objects;
    } else lineWeights.set(line, { bytes, objects });
  };
  for (const [declaration, offsets] of samples.byDeclaration) {
    const state = stateOf(declaration);
    for (const [offset, weight] of offsets) add(state.lineOf(offset), weight.bytes, weight.objects);
  }
  for (const closure of samples.closures) {
    const start = then?.get(closure.declaration)?.startLine;
    if (start !== undefined) add(stateOf(closure.declaration).lineOf(closure.line - (start + 1)), closure.bytes, closure.objects);
  }
  const sorted = [...input.now.values()].sort((a, b) => a.startLine - b.startLine);
  return input.factLines.map((line) => {
    const declaration = declarationAtSorted(sorted, line);
    const weight = lineWeights.get(line);
    let cpu = 0;
    if (summary.cpu && declaration) for (const pkg of packagePaths) cpu += summary.cpu.byDeclaration.get(`${pkg}.${declaration.key}`) ?? 0;
    return { bytes: weight?.bytes ?? 0, objects: weight?.objects ?? 0, cpu, stale: declaration ? stateOf(declaration.key).stale : then === undefined };
  });
}

/** Binary search over declarations sorted by start line. */
function declarationAtSorted(sorted: readonly Declaration[], line: number): Declaration | undefined {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const declaration = sorted[middle];
    if (line < declaration.startLine) high = middle - 1;
    else if (line > declaration.endLine) low = middle + 1;
    else return declaration;
  }
  return undefined;
}

interface DeclarationState {
  stale: boolean;
  /** The current 0-based line of a line `offset` lines below the profiled `func` line, if it survived. */
  lineOf(offset: number): number | undefined;
}

function declarationState(key: string, now: ReadonlyMap<string, Declaration>, then: ReadonlyMap<string, Declaration> | undefined, profiledStartLine: number | undefined): DeclarationState {
  const current = now.get(key);
  if (!current) return { stale: true, lineOf: () => undefined };
  const before = then?.get(key);
  // The snapshot is the profiled text only if the function started where the profile says it did.
  if (!before || (profiledStartLine !== undefined && profiledStartLine !== before.startLine + 1)) {
    return { stale: true, lineOf: (offset) => current.startLine + offset };
  }
  if (before.text === current.text) return { stale: false, lineOf: (offset) => current.startLine + offset };
  const survived = mapUnchangedLines(before.text.split('\n'), current.text.split('\n'));
  return {
    stale: true,
    lineOf: (offset) => {
      const moved = survived.get(offset);
      return moved === undefined ? undefined : current.startLine + moved;
    },
  };
}

function profiledStart(summary: ProfileSummary, packagePaths: ReadonlySet<string>, declaration: string): number | undefined {
  for (const pkg of packagePaths) {
    const start = summary.declarationStarts.get(`${pkg}.${declaration}`);
    if (start !== undefined) return start;
  }
  return undefined;
}

/** The outermost frame of the package, preferring frames outside `_test.go` files. */
function chooseFrame(site: AllocationSite, inPackage: (frame: ProfileFrame) => boolean): ProfileFrame | undefined {
  let outermost: ProfileFrame | undefined;
  for (let i = site.frames.length - 1; i >= 0; i--) {
    const frame = site.frames[i];
    if (!inPackage(frame)) continue;
    if (!frame.file.endsWith('_test.go')) return frame;
    outermost ??= frame;
  }
  return outermost;
}

function sitesOf(sitesByFile: ReadonlyMap<string, AllocationSite[]>, file: string): readonly AllocationSite[] {
  const exact = sitesByFile.get(file);
  if (exact) return exact;
  const found = new Set<AllocationSite>();
  for (const [frameFile, sites] of sitesByFile) if (sameFile(frameFile, file)) for (const site of sites) found.add(site);
  return [...found];
}

/**
 * Whether a file named by a profile is this file: the same path or, for a profile built with
 * -trimpath (`example.com/p/file.go`), the same last two path elements.
 */
export function sameFile(frameFile: string, file: string): boolean {
  if (frameFile === file) return true;
  if (frameFile.startsWith('/') || /^[A-Za-z]:[\\/]/.test(frameFile)) return false;
  return lastElements(frameFile, 2) === lastElements(file, 2);
}

function directoryOf(file: string): string {
  const normal = file.replace(/\\/g, '/');
  return normal.slice(0, normal.lastIndexOf('/'));
}

function lastElements(file: string, count: number): string {
  return file.replace(/\\/g, '/').split('/').slice(-count).join('/');
}
