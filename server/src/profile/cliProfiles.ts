import type { AnchoredFact } from '../analysis/anchoredFacts';
import type { ReportedFinding } from '../analysis/report';
import type { SourceSyntax } from '../syntax/anchor';
import type { ProfileWeight } from './attribute';
import { loadProfiles } from './loadProfiles';
import type { ProfileSummary } from './profileSummary';
import { atLeastShare, byWeight, formatWeightSuffix, profileHeader, weighFindings } from './weighFindings';

/** `analyze --profile FILE --min-share X`: everything the command line does with profiles, behind three calls. */
export interface CliProfiles {
  /** Weighs the heap findings; with --min-share keeps only those at or above it. */
  weigh(findings: ReportedFinding[], sourceFor: (file: string) => SourceSyntax | undefined): ReportedFinding[];
  /** The JSON contract's `profile` field of a weighed heap finding. */
  jsonWeight(finding: ReportedFinding): JsonProfileWeight | undefined;
  /** The text report: a totals header and the heaviest first, each with its weight; undefined without profiles. */
  textLines?(findings: readonly ReportedFinding[], format: (finding: ReportedFinding) => string): string[];
}

/** The JSON contract's `profile` field. */
export interface JsonProfileWeight {
  bytes: number;
  objects: number;
  /** Share of every byte the profiles recorded, 0..1. */
  share: number;
  /** With a CPU profile: the enclosing function's share of CPU time, 0..1. */
  cpuShare?: number;
  /** Other heap findings on the same line share these numbers. */
  sharedBy?: number;
  /** The function changed since the profile was taken. */
  stale: boolean;
}

/** `0.01` or `1%` → 0.01. */
export function parseShare(text: string, usageError: (message: string) => Error): number {
  const percent = text.trim().endsWith('%');
  const value = Number(percent ? text.trim().slice(0, -1) : text);
  const share = percent ? value / 100 : value;
  if (!Number.isFinite(share) || share < 0 || share > 1) throw usageError(`--min-share must be a share between 0 and 1 (or a percentage such as 1%), not ${text}`);
  return share;
}

/** Loads the profiles; on a file that cannot be used, says why on `err` and gives undefined. */
export async function loadForCli(files: readonly string[], minShare: number | undefined, err: NodeJS.WritableStream): Promise<CliProfiles | undefined> {
  if (minShare !== undefined && files.length === 0) {
    err.write('go-escape-hints: --min-share needs a --profile to take shares of\n');
    return undefined;
  }
  if (files.length === 0) return { weigh: (findings) => findings, jsonWeight: () => undefined };
  const loaded = await loadProfiles(files);
  if (loaded.errors.length > 0) {
    for (const error of loaded.errors) err.write(`go-escape-hints: ${error}\n`);
    return undefined;
  }
  return withProfiles(loaded.summaries, minShare);
}

function withProfiles(summaries: ProfileSummary[], minShare: number | undefined): CliProfiles {
  // Weights are found for the anchored heap facts; a reported finding is weighed through its fact.
  let byFact = new Map<AnchoredFact, ProfileWeight>();
  let weights = new Map<ReportedFinding, ProfileWeight>();
  return {
    weigh(findings, sourceFor) {
      byFact = weighFindings(findings.flatMap((f) => (f.fact ? [f.fact] : [])), summaries, sourceFor);
      weights = new Map(findings.flatMap((f) => (f.fact && byFact.has(f.fact) ? [[f, byFact.get(f.fact)!] as const] : [])));
      return minShare === undefined ? findings : atLeastShare(findings, weights, minShare);
    },
    jsonWeight(finding) {
      const weight = weights.get(finding);
      return weight ? toJsonWeight(weight) : undefined;
    },
    textLines(findings, format) {
      const lines = [profileHeader(summaries, byFact, findings.flatMap((f) => (f.fact ? [f.fact] : [])))];
      for (const finding of byWeight(findings, weights)) {
        const weight = weights.get(finding);
        lines.push(format(finding) + (weight ? formatWeightSuffix(weight) : ''));
      }
      return lines;
    },
  };
}

function toJsonWeight(weight: ProfileWeight): JsonProfileWeight {
  return {
    bytes: Math.round(weight.bytes),
    objects: Math.round(weight.objects),
    share: Math.round(weight.share * 10_000) / 10_000,
    ...(weight.cpuShare !== undefined ? { cpuShare: Math.round(weight.cpuShare * 10_000) / 10_000 } : {}),
    ...(weight.sharedBy > 1 ? { sharedBy: weight.sharedBy } : {}),
    stale: weight.stale,
  };
}
