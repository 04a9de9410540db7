import type { AnchoredFact } from '../analysis/anchoredFacts';
import { HEAP_KINDS } from '../compiler/facts';
import type { SourceSyntax } from '../syntax/anchor';
import { ProfileWeight, weighFile } from './attribute';
import { declarationsOf } from './declarations';
import { unchangedSince } from './profiledTexts';
import type { ProfileSummary } from './profileSummary';

/**
 * The command line's weighing: heap findings anchored on the files as they are on disk. The disk text
 * is also the profiled text unless the file was written after the profile was taken.
 */
export function weighFindings(findings: readonly AnchoredFact[], profiles: readonly ProfileSummary[], sourceFor: (file: string) => SourceSyntax | undefined): Map<AnchoredFact, ProfileWeight> {
  const weights = new Map<AnchoredFact, ProfileWeight>();
  if (profiles.length === 0) return weights;
  const byFile = new Map<string, AnchoredFact[]>();
  for (const finding of findings) {
    if (!HEAP_KINDS.has(finding.fact.kind)) continue;
    const list = byFile.get(finding.fact.file);
    if (list) list.push(finding);
    else byFile.set(finding.fact.file, [finding]);
  }
  for (const [file, heap] of byFile) {
    const source = sourceFor(file);
    if (!source) continue;
    const now = declarationsOf(source.tree.rootNode);
    const fileWeights = weighFile(profiles, { file, now, factLines: heap.map((f) => f.anchor.range.start.line) }, (summary) => (unchangedSince(file, summary) ? now : undefined));
    heap.forEach((finding, index) => {
      const weight = fileWeights[index];
      if (weight) weights.set(finding, weight);
    });
  }
  return weights;
}

/** Keeps findings at or above `minShare` of the profiled bytes (only weighed heap findings can be). */
export function atLeastShare<T>(findings: readonly T[], weights: ReadonlyMap<T, ProfileWeight>, minShare: number): T[] {
  return findings.filter((f) => {
    const weight = weights.get(f);
    return !!weight && weight.share >= minShare;
  });
}

/** Heaviest first (bytes, then CPU share); unweighed findings after, in their order. */
export function byWeight<T>(findings: readonly T[], weights: ReadonlyMap<T, ProfileWeight>): T[] {
  const order = new Map(findings.map((f, i) => [f, i]));
  return [...findings].sort((a, b) => {
    const wa = weights.get(a);
    const wb = weights.get(b);
    if (wa && wb) return wb.bytes - wa.bytes || (wb.cpuShare ?? 0) - (wa.cpuShare ?? 0) || order.get(a)! - order.get(b)!;
    if (wa || wb) return wa ? -1 : 1;
    return order.get(a)! - order.get(b)!;
  });
}

/** The text report's header: what was loaded and how much of it the findings hold. */
export function profileHeader(profiles: readonly ProfileSummary[], weights: ReadonlyMap<unknown, ProfileWeight>, shown: readonly AnchoredFact[]): string {
  const totalBytes = profiles.reduce((sum, p) => sum + (p.allocation?.totalBytes ?? 0), 0);
  const totalObjects = profiles.reduce((sum, p) => sum + (p.allocation?.totalObjects ?? 0), 0);
  // Facts sharing a line share its numbers: count each line once.
  const lines = new Map<string, ProfileWeight>();
  for (const finding of shown) {
    const weight = weights.get(finding);
    if (weight) lines.set(`${finding.fact.file}:${finding.anchor.range.start.line}`, weight);
  }
  const attributed = [...lines.values()].reduce((sum, w) => sum + w.bytes, 0);
  const objects = [...lines.values()].reduce((sum, w) => sum + w.objects, 0);
  const sources = profiles.map((p) => p.source).join(', ');
  const measured = profiles.some((p) => p.allocation);
  return measured
    ? `# profile ${sources}: ${formatBytes(totalBytes)} in ${formatCount(totalObjects)} objects; these heap allocations hold ${formatBytes(attributed)} (${formatShare(totalBytes > 0 ? attributed / totalBytes : 0)}) in ${formatCount(objects)} objects`
    : `# profile ${sources}: CPU only (no allocation profile, so no bytes per allocation)`;
}

/** ` [41% · 3.2 MB · 1.2k objects]` after a text finding. */
export function formatWeightSuffix(weight: ProfileWeight): string {
  const parts: string[] = [];
  if (weight.measuresAllocations) parts.push(formatShare(weight.share), formatBytes(weight.bytes), `${formatCount(weight.objects)} objects`);
  if (weight.cpuShare !== undefined) parts.push(`cpu ${formatShare(weight.cpuShare)}`);
  if (weight.sharedBy > 1) parts.push(`line shared by ${weight.sharedBy}`);
  if (weight.stale) parts.push('profile may be stale here');
  return ` [${parts.join(' · ')}]`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatCount(count: number): string {
  if (count < 1000) return String(Math.round(count));
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`;
  return `${(count / 1_000_000).toFixed(count < 10_000_000 ? 1 : 0)}M`;
}

/** A share as a percentage people read: `41%`, `0.4%`, `<0.1%`. */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent === 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  if (percent < 10) return `${percent.toFixed(1).replace(/\.0$/, '')}%`;
  return `${Math.round(percent)}%`;
}
