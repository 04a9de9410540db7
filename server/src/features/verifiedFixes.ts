import type { CompilerFact } from '../compiler/facts';
import { HEAP_KINDS } from '../compiler/facts';
import type { PitfallCode, PitfallFinding, PitfallFix } from '../pitfalls/types';
import type { TextPosition } from '../syntax/anchor';
import { byteOffsetToUtf16, LineIndex } from '../syntax/textPositions';

/**
 * Fixes proven by the compiler: the package is built once more with a file's allocation fixes
 * applied (through `-overlay`), and the heap facts before and after are compared per fix. The
 * title then says what the compiler confirmed; a fix whose text does not build is withdrawn.
 */

/** Pitfalls whose fixes are meant to remove a heap allocation. */
export const ALLOCATION_PITFALLS: ReadonlySet<PitfallCode> = new Set<PitfallCode>(['interface-boxing', 'sync-pool-value']);

/** One fix chosen for the verification build, with where its edits lie in the original text. */
export interface FixUnderTest {
  finding: PitfallFinding;
  fix: PitfallFix;
  /** `[start, end)` offsets in the original text of each edit, and of the finding. */
  spans: [number, number][];
}

export interface FixPlan {
  fixes: FixUnderTest[];
  /** The file's text with every chosen fix applied. */
  fixedText: string;
  /** Each applied edit, in order: its original span, the span of its new text in the fixed text, and its fix. */
  applied: { original: [number, number]; replacement: [number, number]; fix: FixUnderTest }[];
}

export type FixOutcome = { builds: true; removed: number } | { builds: false };

/**
 * Chooses the allocation fixes to verify together: the preferred (else first) fix of each finding,
 * skipping any whose edits overlap a fix already chosen (both may touch the import block).
 */
export function planFixes(text: string, findings: readonly PitfallFinding[]): FixPlan | undefined {
  const lines = new LineIndex(text);
  const offset = (p: TextPosition) => (lines.starts[p.line] ?? text.length) + p.character;
  const chosen: FixUnderTest[] = [];
  const taken: [number, number][] = [];
  for (const finding of findings) {
    if (!ALLOCATION_PITFALLS.has(finding.code) || finding.fixes.length === 0) continue;
    const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
    const edits = fix.edits.map((e): [number, number] => [offset(e.range.start), offset(e.range.end)]);
    if (edits.some(([s, e]) => taken.some(([ts, te]) => s < te && ts < e) || (s === e && taken.some(([ts, te]) => ts <= s && s <= te)))) continue;
    taken.push(...edits);
    chosen.push({ finding, fix, spans: [...edits, [offset(finding.range.start), offset(finding.range.end)]] });
  }
  if (chosen.length === 0) return undefined;
  const all = chosen.flatMap((fix) => fix.fix.edits.map((edit, i) => ({ edit, span: fix.spans[i], fix }))).sort((a, b) => a.span[0] - b.span[0]);
  let fixedText = '';
  let last = 0;
  const applied: FixPlan['applied'] = [];
  for (const { edit, span, fix } of all) {
    fixedText += text.slice(last, span[0]);
    applied.push({ original: span, replacement: [fixedText.length, fixedText.length + edit.newText.length], fix });
    fixedText += edit.newText;
    last = span[1];
  }
  fixedText += text.slice(last);
  return { fixes: chosen, fixedText, applied };
}

/**
 * How many heap facts each fix removed: the heap facts of the original build inside its edits or its
 * finding, minus those of the fixed build inside its new text or (mapped back) inside its finding.
 */
export function countRemoved(plan: FixPlan, originalText: string, before: readonly CompilerFact[], after: readonly CompilerFact[]): Map<FixUnderTest, number> {
  const beforeOffsets = heapOffsets(originalText, before);
  const afterOffsets = heapOffsets(plan.fixedText, after);
  const removed = new Map<FixUnderTest, number>();
  for (const fix of plan.fixes) {
    const inFix = (o: number) => fix.spans.some(([s, e]) => s <= o && o < Math.max(e, s + 1));
    const had = beforeOffsets.filter(inFix).length;
    const has = afterOffsets.filter((o) => {
      const mapped = toOriginal(plan, o);
      return mapped.fix ? mapped.fix === fix : inFix(mapped.offset);
    }).length;
    removed.set(fix, had - has);
  }
  return removed;
}

/**
 * The fixes a failed build blames: those whose new text holds an error's line. Undefined when an
 * error lies elsewhere (the package may not build for other reasons): nothing can be concluded.
 */
export function fixesBlamed(plan: FixPlan, file: string, errors: readonly string[]): Set<FixUnderTest> | undefined {
  const lines = new LineIndex(plan.fixedText);
  const blamed = new Set<FixUnderTest>();
  for (const error of errors) {
    const match = /^(.*?):(\d+)(?::\d+)?: /.exec(error);
    const named = match?.[1].replace(/^\.[\\/]/, '');
    if (!match || !named || !(file === named || file.endsWith(`/${named}`) || file.endsWith(`\\${named}`))) return undefined;
    const lineStart = lines.starts[Number(match[2]) - 1];
    if (lineStart === undefined) return undefined;
    const lineEnd = lineStart + lines.lineText(Number(match[2]) - 1).length;
    const culprit = plan.applied.find((a) => a.replacement[0] <= lineEnd && lineStart <= a.replacement[1]);
    if (!culprit) return undefined;
    blamed.add(culprit.fix);
  }
  return blamed.size > 0 ? blamed : undefined;
}

/** Names a fix across republications (findings are rebuilt on every publish; their text is not). */
export function fixKey(finding: PitfallFinding, fix: PitfallFix): string {
  const { start, end } = finding.range;
  return `${finding.code}@${start.line}:${start.character}-${end.line}:${end.character}#${fix.title}`;
}

/** The findings with each verified fix retitled, and fixes that do not build taken out. */
export function applyOutcomes(findings: readonly PitfallFinding[], outcomes: ReadonlyMap<string, FixOutcome>): PitfallFinding[] {
  return findings.map((finding) => {
    if (!finding.fixes.some((f) => outcomes.has(fixKey(finding, f)))) return finding;
    const fixes: PitfallFix[] = [];
    for (const fix of finding.fixes) {
      const outcome = outcomes.get(fixKey(finding, fix));
      if (!outcome) fixes.push(fix);
      else if (outcome.builds) fixes.push({ ...fix, title: `${fix.title} (${describeRemoved(outcome.removed)})` });
    }
    return { ...finding, fixes };
  });
}

function describeRemoved(removed: number): string {
  if (removed > 0) return `removes ${removed} heap allocation${removed > 1 ? 's' : ''}`;
  if (removed < 0) return `the compiler finds ${-removed} more heap allocation${removed < -1 ? 's' : ''}`;
  return 'the compiler finds no heap allocation removed';
}

/** Where a fixed-text offset was in the original text, or the fix whose new text holds it. */
function toOriginal(plan: FixPlan, offset: number): { offset: number; fix?: FixUnderTest } {
  let delta = 0;
  for (const a of plan.applied) {
    if (offset < a.replacement[0]) break;
    if (offset < a.replacement[1]) return { offset, fix: a.fix };
    delta = a.original[1] - a.replacement[1];
  }
  return { offset: offset + delta };
}

function heapOffsets(text: string, facts: readonly CompilerFact[]): number[] {
  const lines = new LineIndex(text);
  const offsets: number[] = [];
  for (const fact of facts) {
    if (!HEAP_KINDS.has(fact.kind) || fact.column === null) continue;
    const start = lines.starts[fact.line - 1];
    if (start === undefined) continue;
    offsets.push(start + byteOffsetToUtf16(lines.lineText(fact.line - 1), fact.column - 1));
  }
  return offsets;
}
