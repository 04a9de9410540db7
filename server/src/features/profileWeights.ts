import type { Settings } from '../shared/settings';
import { formatBytes, formatCount, formatShare } from '../profile/weighFindings';
import type { TrackedFact } from '../workspace/trackedFacts';

/** What a fact's profile weight adds to its hint and hover. Facts without a weight get nothing here. */

/** ` 41%` for a hint label (allocation share, else the function's CPU share); shares under 1% are left out. A stale weight ends in `?`. */
export function shareSuffix(tracked: TrackedFact): string {
  const weight = tracked.profile;
  if (!weight) return '';
  const percent = weight.measuresAllocations ? Math.round(weight.share * 100) : Math.round((weight.cpuShare ?? 0) * 100);
  if (percent < 1) return '';
  return ` ${weight.measuresAllocations ? '' : 'cpu '}${percent}%${weight.stale ? '?' : ''}`;
}

/** Profile-first mode: a weighed fact below `profile.minShare` is not shown (facts no profile covers are). */
export function belowMinShare(tracked: TrackedFact, settings: Settings): boolean {
  const weight = tracked.profile;
  if (!weight || settings.profile.minShare <= 0) return false;
  return (weight.measuresAllocations ? weight.share : weight.cpuShare ?? 0) < settings.profile.minShare;
}

/** The hint label with its share, or undefined when profile-first mode hides the fact. */
export function withShare(label: string | undefined, tracked: TrackedFact, settings: Settings): string | undefined {
  if (!label || belowMinShare(tracked, settings)) return undefined;
  return label + shareSuffix(tracked);
}

/** The hover's profile paragraph: bytes, objects, share, where they came from, and whether they may be stale. */
export function profileHoverLine(tracked: TrackedFact): string | undefined {
  const weight = tracked.profile;
  if (!weight) return undefined;
  let text = '';
  if (weight.measuresAllocations) {
    text =
      weight.bytes > 0
        ? `📊 **${formatShare(weight.share)}** of the profiled bytes: ${formatBytes(weight.bytes)} in ${formatCount(weight.objects)} objects`
        : '📊 The profile recorded no allocation here';
    if (weight.sharedBy > 1 && weight.bytes > 0) text += ` (shared by the ${weight.sharedBy} heap allocations on this line: profiles record lines, not columns)`;
  }
  if (weight.cpuShare !== undefined) text += `${text ? '; its' : '📊 Its'} function takes ${formatShare(weight.cpuShare)} of the CPU time`;
  const line = `${text} — from ${weight.source}.`;
  return weight.stale ? `${line}\n\n⚠️ Profile may be stale here: this function changed since the profile was taken.` : line;
}
