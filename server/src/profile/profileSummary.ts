import type { GoProfile, ProfileFrame } from './decodeProfile';
import { GoSymbol, parseGoSymbol } from './goSymbols';

/**
 * What attribution needs from a profile, computed once when it is loaded: allocations summed per
 * allocating location, CPU time per declaration, and the totals shares are taken of. Pure.
 */

/** Allocations at one place of the program: one profile location, with its inlined frames. */
export interface AllocationSite {
  /** Innermost first; the last frame is the function the code was compiled into. */
  frames: readonly ProfileFrame[];
  bytes: number;
  objects: number;
}

export interface AllocationSummary {
  /** `alloc_space` (everything allocated) or `inuse_space` (live at the time of the profile). */
  sampleType: string;
  totalBytes: number;
  totalObjects: number;
  /** Every site, indexed by each file its frames name (a site is listed under each of its files). */
  sitesByFile: Map<string, AllocationSite[]>;
}

export interface CpuSummary {
  /** Sum of the chosen value over all samples (nanoseconds, or sample counts). */
  total: number;
  /** `package.declaration` → the value of the samples with it anywhere on the stack (counted once per sample). */
  byDeclaration: Map<string, number>;
}

export interface ProfileSummary {
  /** Where it came from, for hovers: a file name, or the benchmarks that produced it. */
  source: string;
  timeMs: number | undefined;
  allocation?: AllocationSummary;
  cpu?: CpuSummary;
  /** `package.declaration` → the declaration's `func` line in the profiled source (from non-closure frames). */
  declarationStarts: Map<string, number>;
  /** `package.declaration` → the file its frames name. */
  declarationFiles: Map<string, string>;
  /** Every function name of the profile, parsed once. */
  symbols: Map<string, GoSymbol | undefined>;
  /** Each source file the frames name → the packages of its functions (one, or two with internal tests). */
  packagesByFile: Map<string, Set<string>>;
}

export type Summarized = { ok: true; summary: ProfileSummary } | { ok: false; message: string };

/** Frames of the runtime's allocator: Go hides them in heap profiles, other writers may not. */
function isRuntimeFrame(frame: ProfileFrame): boolean {
  return frame.function.startsWith('runtime.') || frame.function.startsWith('internal/runtime/');
}

export function summarizeProfile(profile: GoProfile, source: string): Summarized {
  const types = profile.sampleTypes;
  const spaceType = ['alloc_space', 'inuse_space'].includes(profile.defaultSampleType ?? '') ? profile.defaultSampleType! : types.includes('alloc_space') ? 'alloc_space' : types.includes('inuse_space') ? 'inuse_space' : undefined;
  const cpuIndex = types.indexOf('cpu') >= 0 ? types.indexOf('cpu') : profile.periodType === 'cpu' ? types.indexOf('samples') : -1;
  if (!spaceType && cpuIndex < 0) {
    return { ok: false, message: `neither an allocation nor a CPU profile (its sample types are ${types.join(', ') || 'none'})` };
  }
  const declarationStarts = new Map<string, number>();
  const declarationFiles = new Map<string, string>();
  const symbols = new Map<string, GoSymbol | undefined>();
  const packagesByFile = new Map<string, Set<string>>();
  const seen = new Set<ProfileFrame>();
  for (const frames of profile.locations.values()) {
    for (const frame of frames) {
      if (seen.has(frame)) continue;
      seen.add(frame);
      let symbol = symbols.get(frame.function);
      if (symbol === undefined && !symbols.has(frame.function)) {
        symbol = parseGoSymbol(frame.function);
        symbols.set(frame.function, symbol);
      }
      if (!symbol) continue;
      const key = `${symbol.packagePath}.${symbol.declaration}`;
      declarationFiles.set(key, frame.file);
      const packages = packagesByFile.get(frame.file);
      if (packages) packages.add(symbol.packagePath);
      else packagesByFile.set(frame.file, new Set([symbol.packagePath]));
      if (!symbol.closure && frame.startLine > 0) declarationStarts.set(key, frame.startLine);
    }
  }
  const summary: ProfileSummary = { source, timeMs: profile.timeMs, declarationStarts, declarationFiles, symbols, packagesByFile };
  if (spaceType) summary.allocation = summarizeAllocations(profile, spaceType);
  else summary.cpu = summarizeCpu(profile, cpuIndex, symbols);
  return { ok: true, summary };
}

function summarizeAllocations(profile: GoProfile, spaceType: string): AllocationSummary {
  const bytesIndex = profile.sampleTypes.indexOf(spaceType);
  const objectsIndex = profile.sampleTypes.indexOf(spaceType.replace('_space', '_objects'));
  let totalBytes = 0;
  let totalObjects = 0;
  const runtimeOnly = new Map<number, boolean>();
  for (const [id, frames] of profile.locations) runtimeOnly.set(id, frames.every(isRuntimeFrame));
  const byLocation = new Map<number, AllocationSite>();
  for (const sample of profile.samples) {
    const bytes = Number(sample.values[bytesIndex] ?? 0);
    const objects = objectsIndex >= 0 ? Number(sample.values[objectsIndex] ?? 0) : 0;
    totalBytes += bytes;
    totalObjects += objects;
    if (bytes === 0 && objects === 0) continue;
    // The allocating location: the first one outside the allocator (Go already leaves those out).
    let locationId: number | undefined;
    for (const id of sample.locations) {
      if (runtimeOnly.get(Number(id)) === false) {
        locationId = Number(id);
        break;
      }
    }
    if (locationId === undefined) continue;
    const site = byLocation.get(locationId);
    if (site) {
      site.bytes += bytes;
      site.objects += objects;
    } else byLocation.set(locationId, { frames: profile.locations.get(locationId)!, bytes, objects });
  }
  const sitesByFile = new Map<string, AllocationSite[]>();
  for (const site of byLocation.values()) {
    for (const file of new Set(site.frames.map((f) => f.file))) {
      const list = sitesByFile.get(file);
      if (list) list.push(site);
      else sitesByFile.set(file, [site]);
    }
  }
  return { sampleType: spaceType, totalBytes, totalObjects, sitesByFile };
}

function summarizeCpu(profile: GoProfile, valueIndex: number, symbols: ReadonlyMap<string, GoSymbol | undefined>): CpuSummary {
  let total = 0;
  const byDeclaration = new Map<string, number>();
  const keysOfLocation = new Map<number, string[]>();
  for (const sample of profile.samples) {
    const value = Number(sample.values[valueIndex] ?? 0);
    total += value;
    if (value === 0) continue;
    const seen = new Set<string>();
    for (const locationId of sample.locations) {
      const id = Number(locationId);
      let keys = keysOfLocation.get(id);
      if (!keys) {
        keys = [];
        for (const frame of profile.locations.get(id) ?? []) {
          const symbol = symbols.get(frame.function);
          if (symbol) keys.push(`${symbol.packagePath}.${symbol.declaration}`);
        }
        keysOfLocation.set(id, keys);
      }
      for (const key of keys) seen.add(key);
    }
    for (const key of seen) byDeclaration.set(key, (byDeclaration.get(key) ?? 0) + value);
  }
  return { total, byDeclaration };
}
