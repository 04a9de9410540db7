import type { SourceSyntax, TextRange } from '../syntax/anchor';
import type { SyntaxNode } from '../syntax/goParser';
import type { LineIndex } from '../syntax/textPositions';

/**
 * Where a finding sits in words rather than line numbers: the top-level function that holds it and
 * the text it is about. Both survive unrelated edits (lines inserted above, a function moved), which
 * is what a baseline and SARIF's partial fingerprints need.
 */

/** `Decode`, `Decoder.Read` (pointer or not, type parameters dropped), or `` at package level. Closures count as their function's. */
export function functionNameAt(syntax: SourceSyntax, range: TextRange): string {
  return functionIndex(syntax).nameAt(range);
}

interface FunctionSpan {
  start: number;
  end: number;
  name: string;
}

const indexes = new WeakMap<SourceSyntax, { nameAt(range: TextRange): string }>();

/**
 * The file's top-level functions and methods with their spans, read once per file from the root's
 * children: looking each finding's function up by walking parents crosses into WASM at every step.
 */
function functionIndex(syntax: SourceSyntax): { nameAt(range: TextRange): string } {
  let index = indexes.get(syntax);
  if (index) return index;
  const spans: FunctionSpan[] = [];
  for (const node of syntax.tree.rootNode.namedChildren) {
    if (!node || (node.type !== 'function_declaration' && node.type !== 'method_declaration')) continue;
    spans.push({ start: pointKey(node.startPosition.row, node.startPosition.column), end: pointKey(node.endPosition.row, node.endPosition.column), name: declarationName(node) });
  }
  index = {
    nameAt(range: TextRange): string {
      // web-tree-sitter parses the JS string: its columns are UTF-16 code units, like a range's (see syntax/anchor.ts).
      const at = pointKey(range.start.line, range.start.character);
      let low = 0;
      let high = spans.length - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        if (spans[mid].end <= at) low = mid + 1;
        else if (spans[mid].start > at) high = mid - 1;
        else return spans[mid].name;
      }
      return '';
    },
  };
  indexes.set(syntax, index);
  return index;
}

/** A position as one comparable number (rows stay far below 2^21, columns below 2^31). */
function pointKey(row: number, column: number): number {
  return row * 2 ** 31 + column;
}

function declarationName(named: SyntaxNode): string {
  const name = named.childForFieldName('name')?.text ?? '';
  if (named.type === 'function_declaration') return name;
  const receiverType = named.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration')?.childForFieldName('type');
  return receiverType ? `${baseTypeName(receiverType)}.${name}` : name;
}

function baseTypeName(type: SyntaxNode): string {
  let t: SyntaxNode | null = type;
  while (t && (t.type === 'pointer_type' || t.type === 'parenthesized_type')) t = t.namedChild(0);
  if (t?.type === 'generic_type') t = t.childForFieldName('type');
  return t?.text ?? type.text;
}

const MAX_SUBJECT = 120;

/** The source text of a range, its whitespace runs collapsed to one space and cut at 120 characters. */
export function subjectText(lines: LineIndex, range: TextRange): string {
  const parts: string[] = [];
  for (let line = range.start.line; line <= range.end.line && line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const from = line === range.start.line ? range.start.character : 0;
    const to = line === range.end.line ? range.end.character : text.length;
    parts.push(text.slice(from, to));
    if (parts.join(' ').length > MAX_SUBJECT) break;
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, MAX_SUBJECT);
}
