import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import * as path from 'path';
import { HEAP_KINDS } from '../compiler/facts';
import type { PitfallFinding } from '../pitfalls';
import { causeDocsUrl, pitfallDocsUrl } from '../shared/docs';
import type { TextRange } from '../syntax/anchor';
import { rangeContains } from '../workspace/rangeTracking';
import type { TrackedFact, TrackedStep } from '../workspace/trackedFacts';
import { adviceOf, reasonOf, STALE_NOTE, titleOf } from './describe';

const HOVER_KINDS_ORDER = ['moved-to-heap', 'escapes-to-heap', 'leaking-param-to-result', 'leaking-param', 'leaking-param-content', 'cannot-inline', 'inlining-call', 'devirtualized', 'bounds-check', 'nil-check', 'can-inline', 'does-not-escape', 'other'];

/** The hover for whatever pitfalls and facts cover `position`: what happened, why in plain words, the flow, advice. */
export function hoverAt(facts: readonly TrackedFact[], findings: readonly PitfallFinding[], position: Position): Hover | undefined {
  const pitfallsHere = findings.filter((f) => rangeContains(f.range, position));
  const here = facts
    .filter((f) => rangeContains(f.range, position))
    .sort((a, b) => HOVER_KINDS_ORDER.indexOf(a.fact.kind) - HOVER_KINDS_ORDER.indexOf(b.fact.kind));
  if (here.length === 0 && pitfallsHere.length === 0) return undefined;
  const sections = [...pitfallsHere.map(describeFinding), ...here.map(describeFact)];
  const ranges = [...pitfallsHere.map((f) => f.range), ...here.map((f) => f.range)];
  const innermost = ranges.reduce((a, b) => (size(b) < size(a) ? b : a));
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: innermost };
}

function describeFinding(finding: PitfallFinding): string {
  const fix = finding.fixes.length > 0 ? `\n\n🔧 Quick fix: ${finding.fixes.map((f) => f.title).join('; ')} ([more](${pitfallDocsUrl(finding.code)}))` : `\n\n[more](${pitfallDocsUrl(finding.code)})`;
  return `${finding.explanation}${finding.inLoop ? '\n\n↻ Inside a loop: this happens on every iteration.' : ''}${fix}`;
}

function describeFact(tracked: TrackedFact): string {
  const lines = [`**${titleOf(tracked)}** — \`${escapeCode(tracked.fact.subject || tracked.fact.message)}\``, '', reasonOf(tracked)];
  if (tracked.inLoop && HEAP_KINDS.has(tracked.fact.kind)) lines.push('', '↻ Inside a loop: it allocates on every iteration.');
  const steps = tracked.steps.filter((s) => s.message.startsWith('from ') || s.message.startsWith('flow:'));
  if (steps.length > 0) {
    lines.push('', 'How the compiler got there:', '');
    steps.forEach((step, index) => lines.push(`${index + 1}. \`${escapeCode(step.message)}\`${stepLink(step)}`));
  }
  const advice = adviceOf(tracked);
  if (advice) lines.push('', `💡 ${advice}${tracked.cause ? ` ([more](${causeDocsUrl(tracked.cause)}))` : ''}`);
  lines.push('', `_Compiler: ${escapeMarkdown(tracked.fact.message)}_`);
  if (tracked.stale) lines.push('', `⚠️ ${STALE_NOTE}`);
  return lines.join('\n');
}

/** A link to where a step happens, on the current text (edits since the build move it); flow lines have none. */
function stepLink(step: TrackedStep): string {
  if (step.message.startsWith('flow:') || step.position.file.startsWith('<')) return '';
  if (!step.range) return ` — ${path.basename(step.position.file)}`; // an edit touched it: no line to trust
  const line = step.range.start.line + 1;
  const character = step.range.start.character + 1;
  return ` — [${path.basename(step.position.file)}:${line}](${URI.file(step.position.file).toString()}#L${line},${character})`;
}

function size(range: TextRange): number {
  return (range.end.line - range.start.line) * 10_000 + range.end.character - range.start.character;
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
