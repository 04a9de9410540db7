import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import * as path from 'path';
import { causeDocsUrl } from '../shared/docs';
import { rangeContains } from '../workspace/rangeTracking';
import type { TrackedFact, TrackedStep } from '../workspace/trackedFacts';
import { adviceOf, reasonOf, STALE_NOTE, titleOf } from './describe';

const HOVER_KINDS_ORDER = ['moved-to-heap', 'escapes-to-heap', 'leaking-param-to-result', 'leaking-param', 'leaking-param-content', 'cannot-inline', 'inlining-call', 'devirtualized', 'can-inline', 'does-not-escape', 'other'];

/** The hover for whatever facts cover `position`: what happened, why in plain words, the flow, advice. */
export function hoverAt(facts: readonly TrackedFact[], position: Position): Hover | undefined {
  const here = facts
    .filter((f) => rangeContains(f.range, position))
    .sort((a, b) => HOVER_KINDS_ORDER.indexOf(a.fact.kind) - HOVER_KINDS_ORDER.indexOf(b.fact.kind));
  if (here.length === 0) return undefined;
  const sections = here.map(describeFact);
  const innermost = here.reduce((a, b) => (size(b) < size(a) ? b : a));
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: innermost.range };
}

function describeFact(tracked: TrackedFact): string {
  const lines = [`**${titleOf(tracked)}** — \`${escapeCode(tracked.fact.subject || tracked.fact.message)}\``, '', reasonOf(tracked)];
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

function size(tracked: TrackedFact): number {
  return (tracked.range.end.line - tracked.range.start.line) * 10_000 + tracked.range.end.character - tracked.range.start.character;
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
