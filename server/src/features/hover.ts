import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import * as path from 'path';
import { classificationNote } from '../classify/classification';
import type { PitfallFinding } from '../pitfalls';
import { causeDocsUrl, pitfallDocsUrl } from '../shared/docs';
import type { TextRange } from '../syntax/anchor';
import { rangeContains } from '../workspace/rangeTracking';
import type { TrackedFact, TrackedStep } from '../workspace/trackedFacts';
import { adviceOf, reasonOf, STALE_NOTE, titleOf } from './describe';
import type { Settings } from '../shared/settings';
import { MAX_RELATED } from './diagnostics';
import { factSeverity, heapClass } from './factFilter';
import { profileHoverLine } from './profileWeights';

/** Which fact tells the story when several cover a position: what costs something first. */
const STORY_ORDER = ['moved-to-heap', 'escapes-to-heap', 'leaking-param-to-result', 'leaking-param', 'leaking-param-content', 'cannot-inline', 'inlining-call', 'devirtualized', 'bounds-check', 'nil-check', 'can-inline', 'does-not-escape', 'other'];
const HEAP_RANK: Record<string, number> = { allocates: 0, cold: 1, 'no-allocation': 2 };

/** At most this many steps of the chain, as in a diagnostic's related information; the report has them all. */
const MAX_STEPS = MAX_RELATED;
const MAX_SECONDARY = 3;

/**
 * One hover, one story: a headline (what happens, whether it allocates), the cause in plain words, the
 * compiler's chain once (numbered, each step a link), one piece of advice — and the other facts at the
 * same place in one short line at the end. Short enough to fit a 1500×1000 window without scrolling.
 * With `settings`, a fact that has a diagnostic leaves the cause and the chain to it: editors show a
 * diagnostic's message and related information (the same chain, each step a link) with the hover.
 */
export function hoverAt(facts: readonly TrackedFact[], findings: readonly PitfallFinding[], position: Position, settings?: Settings): Hover | undefined {
  const pitfallsHere = findings.filter((f) => rangeContains(f.range, position));
  const here = facts.filter((f) => rangeContains(f.range, position)).sort(byStory);
  if (here.length === 0 && pitfallsHere.length === 0) return undefined;
  const ranges = [...pitfallsHere.map((f) => f.range), ...here.map((f) => f.range)];
  const innermost = ranges.reduce((a, b) => (size(b) < size(a) ? b : a));
  let story: string[];
  let others: TrackedFact[];
  if (pitfallsHere.length > 0) {
    story = describeFinding(pitfallsHere[0]);
    // A pitfall about a heap fact already explains it: the fact is not repeated as "also here".
    others = here.filter((f) => !rangeContains(pitfallsHere[0].range, f.range.start) || heapClass(f) === undefined);
  } else {
    // VS Code shows a diagnostic's message and related information above the hover: say neither twice.
    story = describeFact(here[0], !!settings && factSeverity(here[0], settings) !== 'off');
    others = here.slice(1);
  }
  const secondary = secondaryLine(others, pitfallsHere.slice(1));
  if (secondary) story.push(...(story.length > 0 ? [''] : []), secondary);
  if (story.length === 0) return undefined; // the diagnostic says it all
  return { contents: { kind: MarkupKind.Markdown, value: story.join('\n') }, range: innermost };
}

function byStory(a: TrackedFact, b: TrackedFact): number {
  return STORY_ORDER.indexOf(a.fact.kind) - STORY_ORDER.indexOf(b.fact.kind) || (HEAP_RANK[heapClass(a) ?? ''] ?? 0) - (HEAP_RANK[heapClass(b) ?? ''] ?? 0) || size(a.range) - size(b.range);
}

function describeFinding(finding: PitfallFinding): string[] {
  const fix = finding.fixes.length > 0 ? `🔧 Quick fix: ${finding.fixes.map((f) => f.title).join('; ')} ([more](${pitfallDocsUrl(finding.code)}))` : `[more](${pitfallDocsUrl(finding.code)})`;
  return [finding.explanation, '', `${finding.inLoop ? '↻ Inside a loop: this happens on every iteration. ' : ''}${fix}`];
}

/** The headline's title: for a heap fact that costs nothing it must not say "allocates". */
function headlineTitle(tracked: TrackedFact): string {
  if (heapClass(tracked) === 'no-allocation' && tracked.fact.kind === 'escapes-to-heap') return 'Escapes to the heap';
  return titleOf(tracked);
}

function describeFact(tracked: TrackedFact, diagnosed: boolean): string[] {
  const note = classificationNote(tracked.classification);
  const loop = tracked.inLoop && heapClass(tracked) === 'allocates' ? ' — ↻ on every iteration of the loop' : '';
  const subject = tracked.fact.subject || tracked.fact.message;
  // With a diagnostic, its message is the headline and the cause, its related information the chain:
  // the hover adds the advice (and the other facts here), so the two fit one window together.
  const lines = diagnosed ? [] : [`**${headlineTitle(tracked)}** \`${escapeCode(shorten(subject, 60))}\`${loop}${note ? ` — ${note}` : ''}`, '', reasonOf(tracked)];
  if (tracked.profile) lines.push('', profileHoverLine(tracked)!);
  const steps = diagnosed ? [] : chainOf(tracked);
  if (steps.length > 0) {
    lines.push('');
    steps.slice(0, MAX_STEPS).forEach((step, index) => lines.push(`${index + 1}. ${describeStep(step)}`));
    if (steps.length > MAX_STEPS) lines.push(`${MAX_STEPS + 1}. … ${steps.length - MAX_STEPS} more (Show Compiler Report has them all)`);
  }
  // Advice on avoiding an allocation is for allocations: not for an escape that costs nothing or a cold path.
  const advice = heapClass(tracked) === 'no-allocation' || heapClass(tracked) === 'cold' ? undefined : adviceOf(tracked);
  if (advice) lines.push(...(lines.length > 0 ? [''] : []), `💡 ${advice}${tracked.cause ? ` ([more](${causeDocsUrl(tracked.cause)}))` : ''}`);
  if (tracked.stale) lines.push(...(lines.length > 0 ? [''] : []), `⚠️ ${STALE_NOTE}`);
  return lines;
}

/**
 * The chain once: the operations (`from …` steps), without the `flow:` edges between them and without
 * the repeats the compiler prints when a value reaches the heap by several flows.
 */
function chainOf(tracked: TrackedFact): TrackedStep[] {
  const seen = new Set<string>();
  const steps: TrackedStep[] = [];
  for (const step of tracked.steps) {
    if (!step.message.startsWith('from ')) continue;
    const key = `${step.message}@${step.position.line}:${step.position.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    steps.push(step);
  }
  return steps;
}

/** `from \`&p\` (address-of) — [escapes.go:16](…)`: the operation, its kind, where. */
function describeStep(step: TrackedStep): string {
  const parts = /^from (.*) \(([^()]*)\)$/.exec(step.message);
  const text = parts ? `from \`${escapeCode(shorten(parts[1], 60))}\` (${parts[2]})` : `\`${escapeCode(shorten(step.message, 70))}\``;
  return `${text}${stepLink(step)}`;
}

/** The other facts at this place, in one line: `Also here: call inlined ×3 · stays on the stack x`. */
function secondaryLine(others: readonly TrackedFact[], otherFindings: readonly PitfallFinding[]): string | undefined {
  const byTitle = new Map<string, TrackedFact[]>();
  for (const fact of others) byTitle.set(headlineTitle(fact), [...(byTitle.get(headlineTitle(fact)) ?? []), fact]);
  const facts = [...byTitle.values()].map((same) => {
    const names = [...new Set(same.map(secondaryName))];
    return names.length === 1 ? names[0] : `${headlineTitle(same[0]).toLowerCase()} ×${names.length}`;
  });
  const names = [...new Set([...otherFindings.map((f) => f.message.split(':')[0]), ...facts])];
  if (names.length === 0) return undefined;
  const shown = names.slice(0, MAX_SECONDARY).join(' · ');
  return `_Also here: ${escapeMarkdown(shown)}${names.length > MAX_SECONDARY ? ` · +${names.length - MAX_SECONDARY} more` : ''}_`;
}

function secondaryName(tracked: TrackedFact): string {
  const title = headlineTitle(tracked).toLowerCase();
  const subject = tracked.fact.subject ? ` ${shorten(tracked.fact.subject, 24)}` : '';
  const note = heapClass(tracked) === 'no-allocation' ? ' (no allocation)' : heapClass(tracked) === 'cold' ? ' (cold path)' : '';
  return `${title}${subject}${note}`;
}

/** A link to where a step happens, on the current text (edits since the build move it). */
function stepLink(step: TrackedStep): string {
  if (step.position.file.startsWith('<')) return '';
  if (!step.range) return ` — ${path.basename(step.position.file)}`; // an edit touched it: no line to trust
  const line = step.range.start.line + 1;
  const character = step.range.start.character + 1;
  return ` — [${path.basename(step.position.file)}:${line}](${URI.file(step.position.file).toString()}#L${line},${character})`;
}

function size(range: TextRange): number {
  return (range.end.line - range.start.line) * 10_000 + range.end.character - range.start.character;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
