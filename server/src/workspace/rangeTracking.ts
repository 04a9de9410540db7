import type { TextPosition, TextRange } from '../syntax/anchor';

/** One LSP incremental change: the text in `range` (before the change) becomes `text`. */
export interface TextChange {
  range: TextRange;
  text: string;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Moves a range through one edit. Returns undefined when the edit touches the range's text — the
 * node it marked may no longer be what the compiler described — so the caller drops what it marked
 * until the next analysis confirms it. Pure and O(1).
 */
export function shiftRange(range: TextRange, change: TextChange): TextRange | undefined {
  const { start: editStart, end: editEnd } = change.range;
  if (comparePositions(editEnd, range.start) < 0) {
    // On a later line, an edit that keeps the line count moves nothing: the same object, no allocation.
    if (range.start.line > editEnd.line && countLines(change.text) === editEnd.line - editStart.line) return range;
    return shiftAfterEdit(range, change);
  }
  if (comparePositions(editStart, range.end) > 0) return range;
  // The edit ends exactly where the range starts, or starts exactly where it ends: only harmless
  // when no word character joins the node (typing `x` right after `p` turns it into `px`).
  if (comparePositions(editEnd, range.start) === 0 && comparePositions(editStart, editEnd) === 0 && !endsWithWordChar(change.text)) {
    return shiftAfterEdit(range, change);
  }
  if (comparePositions(editStart, range.end) === 0 && comparePositions(editStart, editEnd) === 0 && !startsWithWordChar(change.text)) {
    return range;
  }
  return undefined;
}

function shiftAfterEdit(range: TextRange, change: TextChange): TextRange {
  return { start: shiftPosition(range.start, change), end: shiftPosition(range.end, change) };
}

/** A position at or after the edit's end, moved by the edit. */
export function shiftPosition(position: TextPosition, change: TextChange): TextPosition {
  const { start, end } = change.range;
  const insertedLines = countLines(change.text);
  const lastLineLength = change.text.length - (change.text.lastIndexOf('\n') + 1);
  if (position.line > end.line) return { line: position.line + insertedLines - (end.line - start.line), character: position.character };
  // On the edit's last line: the part after the edit keeps its distance from the edit's end.
  const newEndCharacter = insertedLines === 0 ? start.character + change.text.length : lastLineLength;
  return { line: start.line + insertedLines, character: newEndCharacter + (position.character - end.character) };
}

export function comparePositions(a: TextPosition, b: TextPosition): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(range: TextRange, position: TextPosition): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function endsWithWordChar(text: string): boolean {
  return text.length > 0 && WORD_CHAR.test(text[text.length - 1]);
}

function startsWithWordChar(text: string): boolean {
  return text.length > 0 && WORD_CHAR.test(text[0]);
}
