import type { AnchoredFact } from '../analysis/anchoredFacts';
import type { Classification } from '../classify/classification';
import type { CompilerFact, CompilerPosition } from '../compiler/facts';
import { Cause, explanationSteps } from '../explain/causes';
import type { ProfileWeight } from '../profile/attribute';
import type { SourceSyntax, TextRange } from '../syntax/anchor';
import { enclosingLoop } from '../syntax/goSyntax';
import { byteOffsetToUtf16, type LineIndex } from '../syntax/textPositions';
import { shiftRange, TextChange } from './rangeTracking';

/** One explanation step, with its place in the editor when it is known. */
export interface TrackedStep {
  message: string;
  position: CompilerPosition;
  /** Where the step points, as an editor range; undefined once an edit touched it. */
  range?: TextRange;
}

/** A fact as the editor shows it: anchored on the current text and carried through edits. */
export interface TrackedFact {
  fact: CompilerFact;
  cause: Cause | undefined;
  /** Whether it really allocates, and whether it is on a cold path. */
  classification: Classification;
  /** The anchored node (hover, pitfalls). */
  range: TextRange;
  /** Where diagnostics and hints mark it (see Anchor.focus). */
  focus: TextRange;
  steps: TrackedStep[];
  /** The last build failed: this fact comes from the last good build. */
  stale: boolean;
  /** Inside a `for` body of its function: it happens on every iteration. */
  inLoop: boolean;
  /** What loaded profiles measured here (heap facts only, when a profile covers the package). */
  profile?: ProfileWeight;
}

/**
 * Turns anchored facts of one file into tracked facts. Steps in the same file get ranges on its text;
 * steps elsewhere get theirs from `rangeElsewhere`.
 */
export function trackFacts(
  anchored: readonly AnchoredFact[],
  file: string,
  syntax: SourceSyntax,
  rangeElsewhere: (position: CompilerPosition) => TextRange | undefined,
): TrackedFact[] {
  const lines = syntax.lines;
  return anchored.map(({ fact, anchor, cause, classification }) => ({
    fact,
    cause,
    classification,
    range: anchor.range,
    focus: anchor.focus,
    steps: explanationSteps(fact).map((step) => ({
      message: step.message,
      position: step.position,
      // `flow:` lines only repeat the place of the step after them: no range of their own to track.
      range: step.message.startsWith('flow:') ? undefined : step.position.file === file ? pointRange(lines, step.position) : rangeElsewhere(step.position),
    })),
    stale: false,
    inLoop: isInLoop(syntax, anchor.range),
  }));
}

function isInLoop(syntax: SourceSyntax, range: TextRange): boolean {
  const node = syntax.tree.rootNode.descendantForPosition({ row: range.start.line, column: range.start.character });
  return !!node && !!enclosingLoop(node);
}

/** A one-character range at a compiler position (1-based line, 1-based byte column) on `lines`. */
export function pointRange(lines: LineIndex, position: CompilerPosition): TextRange | undefined {
  const row = position.line - 1;
  if (row < 0 || row >= lines.lineCount) return undefined;
  const text = lines.lineText(row);
  const character = position.column === null ? text.length - text.trimStart().length : byteOffsetToUtf16(text, position.column - 1);
  return { start: { line: row, character }, end: { line: row, character: Math.min(character + 1, Math.max(text.length, character + 1)) } };
}

/**
 * Carries facts through one edit: facts below move with the text, facts the edit touches are dropped
 * until the next analysis confirms them, steps the edit touches lose their location.
 */
export function carryThroughChange(facts: readonly TrackedFact[], change: TextChange, file: string | undefined): TrackedFact[] {
  const carried: TrackedFact[] = [];
  for (const tracked of facts) {
    const range = shiftRange(tracked.range, change);
    const focus = range && shiftRange(tracked.focus, change);
    if (!range || !focus) continue;
    // Copy-on-change: a keystroke leaves most facts as they are, and allocating thousands of copies per keystroke is what made typing slow.
    let steps = tracked.steps;
    for (let i = 0; i < tracked.steps.length; i++) {
      const step = tracked.steps[i];
      if (!step.range || step.position.file !== file) continue;
      const moved = shiftRange(step.range, change);
      if (moved === step.range) continue;
      if (steps === tracked.steps) steps = [...tracked.steps];
      steps[i] = { ...step, range: moved };
    }
    carried.push(range === tracked.range && focus === tracked.focus && steps === tracked.steps ? tracked : { ...tracked, range, focus, steps });
  }
  return carried;
}
