import * as fs from 'fs';
import { removeOverlay, WrittenOverlay, writeOverlay } from '../go/compilerRun';
import type { GoToolchain } from '../go/toolchain';
import { runTypesHelper, TypesHelperResponse } from '../go/typesHelper';
import type { PitfallFinding } from '../pitfalls/types';
import type { Settings } from '../shared/settings';

export interface LayoutQuery {
  toolchain: GoToolchain;
  dir: string;
  tags: readonly string[];
  tests: boolean;
  /** Unsaved editor contents by absolute path: the same the compiler saw. */
  overlay: ReadonlyMap<string, string>;
}

const CACHE_SIZE = 16;

/**
 * Struct layouts of each package, asked of the types helper after the package's build and kept by
 * the analysis' cache key (the same files, tags and Go give the same layouts). One query per package
 * at a time: a newer one, or an edit, cancels the one in flight.
 */
export class StructLayoutQueries {
  private readonly answers = new Map<string, TypesHelperResponse>();
  private readonly running = new Map<string, { key: string; controller: AbortController; answer: Promise<TypesHelperResponse | undefined> }>();
  private lastError: string | undefined;

  constructor(
    /** Where the helper binary is built (editor storage); an OS cache directory when absent. */
    private readonly cacheDir: string | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** The answer for this analysis, from the cache or from a run of the helper; undefined when cancelled or failed (logged). */
  query(analysisKey: string, query: LayoutQuery): Promise<TypesHelperResponse | undefined> {
    const known = this.answers.get(analysisKey);
    if (known) return Promise.resolve(known);
    const inFlight = this.running.get(query.dir);
    if (inFlight?.key === analysisKey) return inFlight.answer; // the same files: share the run (a reopened file, a second file)
    this.cancel(query.dir);
    const controller = new AbortController();
    const answer = this.run(analysisKey, query, controller);
    this.running.set(query.dir, { key: analysisKey, controller, answer });
    return answer;
  }

  private async run(analysisKey: string, query: LayoutQuery, controller: AbortController): Promise<TypesHelperResponse | undefined> {
    let overlay: WrittenOverlay | undefined;
    try {
      overlay = query.overlay.size > 0 ? writeOverlay(query.overlay) : undefined;
      const result = await runTypesHelper(
        query.toolchain,
        { dir: query.dir, tags: query.tags, tests: query.tests, overlay: overlay?.file, structLayouts: true },
        { cacheDir: this.cacheDir, signal: controller.signal },
      );
      if (!result.ok) {
        if (result.error.code !== 'cancelled') this.logOnce(`${result.error.message}${result.error.detail ? `\n${result.error.detail}` : ''}`);
        return undefined;
      }
      this.answers.set(analysisKey, result.value);
      while (this.answers.size > CACHE_SIZE) this.answers.delete(this.answers.keys().next().value!);
      return result.value;
    } catch (error) {
      this.logOnce(`could not write the overlay for the types helper: ${String(error)}`);
      return undefined;
    } finally {
      if (this.running.get(query.dir)?.controller === controller) this.running.delete(query.dir);
      if (overlay) removeOverlay(overlay.dir);
    }
  }

  private logOnce(message: string): void {
    if (message !== this.lastError) {
      this.lastError = message;
      this.log(`struct layouts: ${message}`);
    }
  }

  cancel(dir: string): void {
    this.running.get(dir)?.controller.abort();
    this.running.delete(dir);
  }
}

/** The severity of `struct-padding` findings, or undefined when they are not wanted. */
export function paddingSeverity(settings: Settings): PitfallFinding['severity'] | undefined {
  const severity = settings.diagnostics.pitfalls['struct-padding'];
  if (!settings.structLayout.enabled || !settings.pitfalls['struct-padding'] || severity === 'off') return undefined;
  return severity === 'error' ? 'warning' : severity;
}

/** Findings other than struct padding (which the layouts' own publication replaces). */
export function withoutPadding(findings: readonly PitfallFinding[]): PitfallFinding[] {
  return findings.filter((f) => f.code !== 'struct-padding');
}
