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

  /** Applies LSP changes in order; a change without a range replaces the whole text. */
  applyChanges(changes: readonly (TextChange | { text: string })[], version: number): void {
    for (const change of changes) {
      if (!('range' in change)) {
        this.document = TextDocument.update(this.document, [{ text: change.text }], version);
        this.tree?.delete();
        this.tree = undefined;
        continue;
      }
      const startIndex = this.document.offsetAt(change.range.start);
      const oldEndIndex = this.document.offsetAt(change.range.end);
      this.document = TextDocument.update(this.document, [change], version);
      const newEnd = this.document.positionAt(startIndex + change.text.length);
      this.tree?.edit({
        startIndex,
        oldEndIndex,
        newEndIndex: startIndex + change.text.length,
        startPosition: { row: change.range.start.line, column: change.range.start.character },
        oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
        newEndPosition: { row: newEnd.line, column: newEnd.character },
      });
    }
    this.treeIsStale = true;
    this.lines = undefined;
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
