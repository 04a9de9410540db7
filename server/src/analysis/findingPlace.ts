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
  let node: SyntaxNode | null = syntax.tree.rootNode.descendantForPosition({ row: range.start.line, column: range.start.character });
  let named: SyntaxNode | undefined;
  for (; node; node = node.parent) {
    if (node.type === 'function_declaration' || node.type === 'method_declaration') named = node;
  }
  if (!named) return '';
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
