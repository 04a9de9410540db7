import type { TextChange } from '../workspace/rangeTracking';
import { shiftRange } from '../workspace/rangeTracking';
import { InterfaceBoxingPitfall } from './interfaceBoxing';
import { QueueReslicePitfall } from './queueReslice';
import { SlicePreallocationPitfall } from './slicePreallocation';
import { SubSlicePinningPitfall } from './subSlicePinning';
import { SyncPoolValuePitfall } from './syncPoolValue';
import { TimeTickPitfall } from './timeTick';
import type { Pitfall, PitfallCode, PitfallContext, PitfallFinding } from './types';

export const PITFALLS: readonly Pitfall[] = [
  TimeTickPitfall,
  SubSlicePinningPitfall,
  QueueReslicePitfall,
  InterfaceBoxingPitfall,
  SyncPoolValuePitfall,
  SlicePreallocationPitfall,
];

/**
 * Runs the enabled pitfalls on one file. A failing detector is logged and skipped: one pitfall's bug
 * must not take the others (or the server) down.
 */
export function detectPitfalls(context: PitfallContext, enabled: Record<PitfallCode, boolean>, log: (message: string) => void): PitfallFinding[] {
  const findings: PitfallFinding[] = [];
  for (const pitfall of PITFALLS) {
    if (!enabled[pitfall.code]) continue;
    try {
      findings.push(...pitfall.detect(context));
    } catch (error) {
      log(`pitfall ${pitfall.code} failed on ${context.file}: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  // Loops first: what happens on every iteration matters most.
  return findings.sort((a, b) => Number(b.inLoop) - Number(a.inLoop) || a.range.start.line - b.range.start.line);
}

/** Carries a finding through an edit like a fact; an edit touching it or any of its fix's edits drops it. */
export function carryFindingsThroughChange(findings: readonly PitfallFinding[], change: TextChange): PitfallFinding[] {
  const carried: PitfallFinding[] = [];
  for (const finding of findings) {
    const range = shiftRange(finding.range, change);
    if (!range) continue;
    let intact = true;
    const fixes = finding.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit) => {
        const moved = shiftRange(edit.range, change);
        if (!moved) intact = false;
        return { ...edit, range: moved ?? edit.range };
      }),
    }));
    if (intact) carried.push({ ...finding, range, fixes });
  }
  return carried;
}

export type { PitfallCode, PitfallFinding } from './types';
export { PITFALL_CODES } from './types';
