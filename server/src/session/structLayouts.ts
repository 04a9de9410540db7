import { runTypesHelper, TypesHelperResponse } from '../go/typesHelper';
import type { PitfallFinding } from '../pitfalls/types';
import type { Settings } from '../shared/settings';
import { HelperPackage, HelperRuns } from './helperRuns';

/**
 * Struct layouts of each package, asked of the types helper after the package's build and kept by
 * the analysis' cache key (the same files, tags and Go give the same layouts). One query per package
 * at a time: a newer one, or an edit, cancels the one in flight.
 */
export class StructLayoutQueries {
  private readonly runs: HelperRuns<TypesHelperResponse>;

  constructor(
    /** Where the helper binary is built (editor storage); an OS cache directory when absent. */
    private readonly cacheDir: string | undefined,
    log: (message: string) => void,
  ) {
    this.runs = new HelperRuns('struct layouts', log);
  }

  /** The answer for this analysis, from the cache or from a run of the helper; undefined when cancelled or failed (logged). */
  query(analysisKey: string, pkg: HelperPackage): Promise<TypesHelperResponse | undefined> {
    return this.runs.query(analysisKey, pkg, (overlay, signal) =>
      runTypesHelper(pkg.toolchain, { dir: pkg.dir, tags: pkg.tags, tests: pkg.tests, overlay, structLayouts: true }, { cacheDir: this.cacheDir, signal }),
    );
  }

  cancel(dir: string): void {
    this.runs.cancel(dir);
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
