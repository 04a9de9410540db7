import type { TextEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/syntax/textPositions';

/** Applies LSP text edits (non-overlapping, UTF-16 positions) to a text, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const offset = (p: { line: number; character: number }) => lines.starts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}
