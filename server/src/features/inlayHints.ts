import { InlayHint, MarkupKind, Range } from 'vscode-languageserver';
import { classificationNote } from '../classify/classification';
import type { PitfallCode, PitfallFinding } from '../pitfalls';
import type { Settings } from '../shared/settings';
import type { SourceSyntax, TextPosition } from '../syntax/anchor';
import { comparePositions } from '../workspace/rangeTracking';
import type { TrackedFact } from '../workspace/trackedFacts';
import { percentOverBudget, reasonOf, STALE_NOTE, titleOf } from './describe';
import { loopNote } from '../explain/causes';
import { heapClass, hintWanted, LeakJudge, pitfallRelevant } from './factFilter';
import { factSite } from './factSyntax';
import { withShare } from './profileWeights';

/**
 * The hint vocabulary: one symbol, `↑`, means "on the heap"; `↻` marks what happens on every loop
 * iteration. Labels are words a reader cannot take for Go (`↑heap`, not `heap`), set apart by padding;
 * hints inside a declaration start with `·` so `u · ↑heap := …` never reads as `u heap`.
 */
export const HEAP = '↑heap';
const LOOP = '↻';
const SEPARATOR = '·';

/** Short labels for pitfalls; interface boxing is left out: the `↑heap` hint on the value already says it. */
const PITFALL_LABELS: Partial<Record<PitfallCode, string>> = {
  'time-tick-leak': '⚠ ticker never stops',
  'sub-slice-pinning': '⚠ pins backing array',
  'queue-reslice-leak': '⚠ keeps popped items',
  'sync-pool-value': '⚠ Put allocates',
  'slice-preallocation': '⚠ preallocate',
};

/** The short label of a fact's hint, without placement (the tooltip says the rest); undefined when it gets none. */
export function hintLabel(tracked: TrackedFact, settings: Settings): string | undefined {
  const { fact } = tracked;
  switch (fact.kind) {
    case 'moved-to-heap':
    case 'escapes-to-heap': {
      const heap = heapClass(tracked);
      if (heap === 'no-allocation') return '↑no alloc';
      if (heap === 'cold') return `${HEAP} (cold)`;
      return tracked.inLoop ? `${HEAP} ${LOOP}` : HEAP;
    }
    case 'does-not-escape':
      return 'stack';
    case 'leaking-param':
    case 'leaking-param-content':
      return 'leaks';
    case 'leaking-param-to-result':
      return 'leaks to result';
    case 'can-inline':
      return fact.details.cost !== undefined ? `inlinable, cost ${fact.details.cost}` : 'inlinable';
    case 'cannot-inline': {
      // Only the "almost inlinable" case is worth a hint; other reasons are in the hover.
      const over = percentOverBudget(tracked);
      return over !== undefined && over <= settings.inlayHints.nearBudgetPercent ? `inline cost ${fact.details.cost}/${fact.details.budget}` : undefined;
    }
    case 'inlining-call':
      return 'inlined';
    case 'devirtualized':
      return `devirtualized: ${fact.details.devirtualizedTo ?? '?'}`;
    case 'bounds-check':
    case 'nil-check':
      return tracked.inLoop ? `${fact.kind === 'nil-check' ? 'nil' : 'bounds'} check ↻` : `${fact.kind === 'nil-check' ? 'nil' : 'bounds'} check`;
    case 'other':
      return fact.details.capture ? `captured by ${fact.details.capture}` : undefined;
  }
}

/** One hint before lines are merged. */
interface Candidate {
  position: TextPosition;
  /** The label alone (`leaks`), and as shown when it stands alone (`b leaks` for one of several names). */
  label: string;
  shown: string;
  /** What the label is about, to name it when several merge (`u.Name`, `visits`). */
  subject: string;
  /** Inside a declaration: the label gets a separator. */
  declaration: boolean;
  tooltip: string;
  stress: boolean;
}

export interface HintContext {
  /** The document's current syntax; without it hints sit after the node and leak hints are quiet. */
  syntax?: SourceSyntax;
  /** Callee names whose parameter leaks make the package allocate (see calleesForcingAllocation). */
  forcing?: ReadonlySet<string>;
}

const MERGED_SUBJECTS_MAX = 32;

/**
 * Hints for the facts and pitfalls in `range`. A parameter's hint sits after its type, a function's
 * after its signature, a variable's after the declaration's name list; several on one line become one
 * label at the end of the line, so code is never pushed right by more than one label.
 */
export function toInlayHints(facts: readonly TrackedFact[], findings: readonly PitfallFinding[], range: Range, settings: Settings, context: HintContext = {}): InlayHint[] {
  if (!settings.inlayHints.enabled) return [];
  const leaks = new LeakJudge(context.syntax, context.forcing);
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const tracked of facts) {
    if (!hintWanted(tracked, settings, leaks)) continue;
    const label = withShare(hintLabel(tracked, settings), tracked, settings);
    if (!label) continue;
    const { position, declaration, name } = placement(tracked, context.syntax);
    if (comparePositions(position, range.start) < 0 || comparePositions(position, range.end) > 0) continue;
    const key = `${position.line}:${position.character}:${label}:${name}`;
    if (seen.has(key)) continue; // two facts saying the same at one place (duplicated by inlining)
    seen.add(key);
    candidates.push({ position, label, shown: name ? `${name} ${label}` : label, subject: name ?? tracked.fact.subject, declaration, tooltip: tooltipOf(tracked), stress: tracked.inLoop && heapClass(tracked) === 'allocates' });
  }
  if (settings.inlayHints.pitfalls) {
    for (const finding of findings) {
      const label = PITFALL_LABELS[finding.code];
      if (!label || finding.quiet || !pitfallRelevant(finding, facts)) continue;
      const position = finding.range.start.line === finding.range.end.line ? finding.range.end : { line: finding.range.start.line, character: Number.MAX_SAFE_INTEGER };
      if (comparePositions(position, range.start) < 0 || comparePositions(position, range.end) > 0) continue;
      candidates.push({ position, label, shown: label, subject: '', declaration: false, tooltip: finding.message, stress: finding.inLoop });
    }
  }
  return mergeLines(withoutWeakerLeaks(candidates), context.syntax);
}

/** A parameter that leaks to the heap needs no second hint that it also flows to a result. */
function withoutWeakerLeaks(candidates: readonly Candidate[]): Candidate[] {
  const leaking = new Set(candidates.filter((c) => c.label === 'leaks').map((c) => `${c.position.line}:${c.position.character}:${c.subject}`));
  return candidates.filter((c) => c.label !== 'leaks to result' || !leaking.has(`${c.position.line}:${c.position.character}:${c.subject}`));
}

function placement(tracked: TrackedFact, syntax: SourceSyntax | undefined): { position: TextPosition; declaration: boolean; name?: string } {
  if (!syntax) return { position: tracked.focus.end, declaration: false };
  const site = factSite(syntax, tracked.range);
  switch (site.shape) {
    case 'parameter':
    case 'variable':
      // `a, b []byte`: say which name; one name needs no repeating.
      return { position: site.end, declaration: true, name: site.names > 1 ? site.name : undefined };
    case 'function':
      return { position: site.end, declaration: true };
    case 'expression':
      return { position: tracked.focus.end, declaration: false };
  }
}

function mergeLines(candidates: readonly Candidate[], syntax: SourceSyntax | undefined): InlayHint[] {
  const byLine = new Map<number, Candidate[]>();
  for (const candidate of candidates) {
    const line = byLine.get(candidate.position.line) ?? [];
    line.push(candidate);
    byLine.set(candidate.position.line, line);
  }
  const hints: InlayHint[] = [];
  for (const [line, here] of byLine) {
    const lineLength = syntax && line < syntax.lines.lineCount ? syntax.lines.lineText(line).length : undefined;
    if (here.length === 1) {
      const [only] = here;
      const atEnd = only.position.character === Number.MAX_SAFE_INTEGER;
      const position = atEnd ? { line, character: lineLength ?? 0 } : only.position;
      const label = only.declaration && !atEnd ? `${SEPARATOR} ${only.shown}` : only.shown;
      hints.push(hint(position, label, only.tooltip, !codeFollows(syntax, position)));
      continue;
    }
    if (lineLength === undefined) {
      // No text to find the line's end: keep each at its place.
      for (const c of here) hints.push(hint(c.position, c.shown, c.tooltip, !codeFollows(syntax, c.position)));
      continue;
    }
    hints.push(hint({ line, character: lineLength }, mergedLabel(here), here.map((c) => c.tooltip).join('\n\n'), true));
  }
  return hints.sort((a, b) => comparePositions(a.position, b.position));
}

/** `↑heap: u.Name, visits` — or `↑heap ×3` when the names would not fit; different labels joined by `·`. */
function mergedLabel(candidates: readonly Candidate[]): string {
  const groups = new Map<string, string[]>();
  for (const c of candidates) {
    const subjects = groups.get(c.label) ?? [];
    if (c.subject) subjects.push(shortSubject(c.subject));
    groups.set(c.label, subjects);
  }
  const parts: string[] = [];
  for (const [label, subjects] of groups) {
    const names = [...new Set(subjects)];
    const listed = names.join(', ');
    // At the end of a line a parameter's hint no longer sits by its name: name it.
    const named = candidates.some((c) => c.label === label && c.declaration && c.subject);
    if (names.length <= 1) parts.push(names.length === 1 && (named || candidates.filter((c) => c.label === label).length > 1) ? `${label}: ${listed}` : label);
    else parts.push(listed.length <= MERGED_SUBJECTS_MAX ? `${label}: ${listed}` : `${label} ×${names.length}`);
  }
  return parts.join(` ${SEPARATOR} `);
}

function shortSubject(subject: string): string {
  return subject.length > 16 ? `${subject.slice(0, 15)}…` : subject;
}

/** Whether code starts right after `position` (a space, a closing bracket or a comma need no padding). */
function codeFollows(syntax: SourceSyntax | undefined, position: TextPosition): boolean {
  if (!syntax || position.line >= syntax.lines.lineCount) return true;
  const next = syntax.lines.lineText(position.line).charAt(position.character);
  return next !== '' && !/[\s),;\]}]/.test(next);
}

function hint(position: TextPosition, label: string, tooltip: string, nothingFollows: boolean): InlayHint {
  return { position, label, paddingLeft: true, paddingRight: !nothingFollows, tooltip: { kind: MarkupKind.Markdown, value: tooltip } };
}

function tooltipOf(tracked: TrackedFact): string {
  const note = classificationNote(tracked.classification);
  const loop = tracked.inLoop && heapClass(tracked) === 'allocates' ? ` — ${loopNote(tracked.cause)}` : '';
  return `**${titleOf(tracked)}**${loop} \`${tracked.fact.subject}\`: ${note ? `${note} ` : ''}${reasonOf(tracked)}${tracked.stale ? `\n\n_${STALE_NOTE}_` : ''}`;
}
