import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { SourceSyntax } from '../syntax/anchor';
import type { GoParser, Tree } from '../syntax/goParser';
import { LineIndex } from '../syntax/textPositions';
import type { TextChange } from './rangeTracking';

/**
 * An open Go file: its text, version and tree-sitter tree. Edits are applied to the tree with
 * `tree.edit()` at once; the reparse (incremental, from the edited tree) waits until someone needs
 * the syntax, so typing costs no parse per keystroke.
 */
export class GoDocument {
  private document: TextDocument;
  private tree: Tree | undefined;
  private treeIsStale = true;
  private lines: LineIndex | undefined;

  constructor(readonly uri: string, languageId: string, version: number, text: string, private readonly parser: GoParser) {
    this.document = TextDocument.create(uri, languageId, version, text);
  }

  get languageId(): string {
    return this.document.languageId;
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  /** The file's path, or undefined for untitled and other non-file documents. */
  get filePath(): string | undefined {
    const uri = URI.parse(this.uri);
    return uri.scheme === 'file' ? uri.fsPath : undefined;
  }

  /** Reopened with the same text: only the version starts again. */
  reopen(version: number): void {
    this.document = TextDocument.create(this.uri, this.document.languageId, version, this.document.getText());
  }

  /**
   * Applies LSP changes in order; a change without a range replaces the whole text. Each range is
   * first made well-formed the way the text model reads it (positions past a line's end or the last
   * line clamped, a reversed range swapped), so the text, the tree's edit and the facts carried
   * through it all see the same change. Returns the changes as applied and what had to be corrected.
   */
  applyChanges(changes: readonly (TextChange | { text: string })[], version: number): { applied: (TextChange | { text: string })[]; corrections: string[] } {
    const applied: (TextChange | { text: string })[] = [];
    const corrections: string[] = [];
    for (const change of changes) {
      if (!('range' in change)) {
        this.document = TextDocument.update(this.document, [{ text: change.text }], version);
        this.tree?.delete();
        this.tree = undefined;
        applied.push(change);
        continue;
      }
      let startIndex = this.document.offsetAt(change.range.start);
      let oldEndIndex = this.document.offsetAt(change.range.end);
      if (startIndex > oldEndIndex) {
        corrections.push(`reversed range ${showRange(change.range)} (end before start): applied as its start and end swapped`);
        [startIndex, oldEndIndex] = [oldEndIndex, startIndex];
      }
      const range = { start: this.document.positionAt(startIndex), end: this.document.positionAt(oldEndIndex) };
      const clamped = [change.range.start, change.range.end].some((p) => !samePosition(p, range.start) && !samePosition(p, range.end));
      if (clamped) corrections.push(`range ${showRange(change.range)} is outside the document (${this.document.lineCount} lines): applied as ${showRange(range)}`);
      const wellFormed = { range, text: change.text };
      this.document = TextDocument.update(this.document, [wellFormed], version);
      const newEnd = this.document.positionAt(startIndex + change.text.length);
      this.tree?.edit({
        startIndex,
        oldEndIndex,
        newEndIndex: startIndex + change.text.length,
        startPosition: { row: range.start.line, column: range.start.character },
        oldEndPosition: { row: range.end.line, column: range.end.character },
        newEndPosition: { row: newEnd.line, column: newEnd.character },
      });
      applied.push(wellFormed);
    }
    this.treeIsStale = true;
    this.lines = undefined;
    return { applied, corrections };
  }

  /** The current syntax (parsed incrementally on first use after edits). */
  syntax(): SourceSyntax {
    if (this.treeIsStale || !this.tree) {
      const next = this.parser.parse(this.text, this.tree);
      this.tree?.delete();
      this.tree = next;
      this.treeIsStale = false;
    }
    this.lines ??= new LineIndex(this.text);
    return { tree: this.tree, lines: this.lines };
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}

function samePosition(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line === b.line && a.character === b.character;
}

function showRange(range: TextChange['range']): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
