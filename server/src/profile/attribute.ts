import type { ProfileFrame } from './decodeProfile';
import { Declaration, declarationAt } from './declarations';
import { parseGoSymbol } from './goSymbols';
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

function weighWithOne(summary: ProfileSummary, input: FileToWeigh, profiledText: ProfiledText): RawWeight[] | undefined {
  const { file } = input;
  // The package: the profile's symbols whose frames are in this file (several with internal tests).
  const packagePaths = new Set<string>();
  let covered = false;
  for (const [key, frameFile] of summary.declarationFiles) {
    if (!sameDirectory(frameFile, file)) continue;
    covered = true;
    const symbol = sameFile(frameFile, file) ? parseGoSymbol(key) : undefined;
    if (symbol) packagePaths.add(symbol.packagePath);
  }
  if (!covered) return undefined; // the profile says nothing about this package
  const inPackage = (frame: ProfileFrame) => {
    const symbol = parseGoSymbol(frame.function);
    return !!symbol && packagePaths.has(symbol.packagePath) && sameDirectory(frame.file, file);
  };
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
  if (summary.allocation) {
    for (const site of sitesOf(summary.allocation.sitesByFile, file)) {
      const frame = chooseFrame(site, inPackage);
      if (!frame || !sameFile(frame.file, file)) continue;
      const symbol = parseGoSymbol(frame.function)!;
      const start = symbol.closure ? profiledStart(summary, packagePaths, symbol.declaration) ?? (then?.get(symbol.declaration)?.startLine ?? -2) + 1 : frame.startLine;
      if (!(start > 0)) continue; // a closure whose function the profile does not place
      const line = stateOf(symbol.declaration).lineOf(frame.line - start);
      if (line === undefined) continue; // its line was edited away
      const weight = lineWeights.get(line);
      if (weight) {
        weight.bytes += site.bytes;
        weight.objects += site.objects;
      } else lineWeights.set(line, { bytes: site.bytes, objects: site.objects });
    }
  }
  return input.factLines.map((line) => {
    const declaration = declarationAt(input.now, line);
    const weight = lineWeights.get(line);
    let cpu = 0;
    if (summary.cpu && declaration) for (const pkg of packagePaths) cpu += summary.cpu.byDeclaration.get(`${pkg}.${declaration.key}`) ?? 0;
    return { bytes: weight?.bytes ?? 0, objects: weight?.objects ?? 0, cpu, stale: declaration ? stateOf(declaration.key).stale : then === undefined };
  });
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

function* sitesOf(sitesByFile: ReadonlyMap<string, AllocationSite[]>, file: string): Iterable<AllocationSite> {
  const exact = sitesByFile.get(file);
  if (exact) {
    yield* exact;
    return;
  }
  const seen = new Set<AllocationSite>();
  for (const [frameFile, sites] of sitesByFile) {
    if (!sameFile(frameFile, file)) continue;
    for (const site of sites) if (!seen.has(site)) {
      seen.add(site);
      yield site;
    }
  }
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

function sameDirectory(frameFile: string, file: string): boolean {
  return sameFile(`${directoryOf(frameFile)}/_`, `${directoryOf(file)}/_`);
}

function directoryOf(file: string): string {
  const normal = file.replace(/\\/g, '/');
  return normal.slice(0, normal.lastIndexOf('/'));
}

function lastElements(file: string, count: number): string {
  return file.replace(/\\/g, '/').split('/').slice(-count).join('/');
}
