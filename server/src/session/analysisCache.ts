import * as crypto from 'crypto';
import * as fs from 'fs';
import type { CompilerFact } from '../compiler/facts';

/** What one analysis of a package produced, kept by the contents it was computed from. */
export interface CachedAnalysis {
  goVersion: string;
  /** The facts of one file (absolute path) of the package, read from the compiler's report on first use. */
  factsIn(file: string): readonly CompilerFact[];
  /** The compiler's raw report (Show Compiler Report). */
  output?: string;
}

export interface CacheKeyParts {
  dir: string;
  goVersion: string;
  tests: boolean;
  tags: readonly string[];
  /** Compiler `-d` flags added to `-m=2` (they add facts). */
  debugFlags?: readonly string[];
  /** Every package file and the hash of the contents the build sees (overlay or disk). */
  fileHashes: ReadonlyMap<string, string>;
}

export function cacheKey(parts: CacheKeyParts): string {
  const hash = crypto.createHash('sha256');
  hash.update(`${parts.dir}\0${parts.goVersion}\0${parts.tests}\0${[...parts.tags].sort().join(',')}\0`);
  if (parts.debugFlags && parts.debugFlags.length > 0) hash.update(`-d=${parts.debugFlags.join(',')}\0`);
  for (const file of [...parts.fileHashes.keys()].sort()) hash.update(`${file}\0${parts.fileHashes.get(file)}\0`);
  return hash.digest('hex');
}

export function hashText(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

/** Hashes of files on disk, remembered by (size, mtime) so an unchanged file is not read again. */
export class DiskHashes {
  private readonly known = new Map<string, { size: number; mtimeMs: number; hash: string }>();

  hash(file: string): string {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return 'missing';
    }
    const known = this.known.get(file);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.hash;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return 'unreadable';
    }
    const hash = hashText(text);
    this.known.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, hash });
    return hash;
  }
}

/**
 * A small LRU of analyses by cache key. Per package directory it keeps the analysis of the files as
 * they are on disk (closing unsaved edits returns there) and the `perPackage` latest others: older
 * unsaved states rarely come back, and each analysis of a big package holds its whole report.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { analysis: CachedAnalysis; dir: string; fromDisk: boolean }>();

  constructor(private readonly capacity = 32, private readonly perPackage = 2) {}

  get(key: string): CachedAnalysis | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry?.analysis;
  }

  /** `fromDisk`: the analysis saw no unsaved buffer. */
  set(key: string, dir: string, fromDisk: boolean, analysis: CachedAnalysis): void {
    this.entries.delete(key);
    this.entries.set(key, { analysis, dir, fromDisk });
    const ofPackage = [...this.entries].filter(([, entry]) => entry.dir === dir);
    const latestDisk = ofPackage.filter(([, entry]) => entry.fromDisk).pop()?.[0];
    const others = ofPackage.filter(([k]) => k !== latestDisk);
    for (const [oldKey] of others.slice(0, Math.max(0, others.length - this.perPackage))) this.entries.delete(oldKey);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
