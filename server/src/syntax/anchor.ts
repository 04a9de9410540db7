import type { CompilerFact } from '../compiler/facts';
import type { Point, SyntaxNode, Tree } from './goParser';
import { byteOffsetToUtf16, LineIndex, utf16OffsetToByte } from './textPositions';

/** 0-based line, 0-based UTF-16 character: the shape LSP uses. */
export interface TextPosition {
  line: number;
  character: number;
}
export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export interface Anchor {
  range: TextRange;
  /** The tree-sitter node type the fact was anchored to (for tests and pitfalls). */
  nodeType: string;
  /** 1-based byte column used: the compiler's, or one recovered from the subject when the compiler omitted it. */
  byteColumn: number;
}

/** A parsed Go source file: what anchoring needs to map compiler positions onto syntax. */
export interface SourceSyntax {
  tree: Tree;
  lines: LineIndex;
}

const FUNCTION_NODES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const STATEMENT_NODES = /(_statement|_declaration|^block|^source_file|^statement_list|_clause)$/;
const IDENTIFIER_NODES = new Set(['identifier', 'field_identifier', 'type_identifier', 'package_identifier']);

/**
 * Finds the syntax node the compiler means by a fact, and returns its range.
 * Returns undefined when the position is not in the file (stale output, or a file that changed).
 */
export function anchorFact(fact: CompilerFact, source: SourceSyntax): Anchor | undefined {
  const row = fact.line - 1;
  if (row < 0 || row >= source.lines.lineCount) return undefined;
  const lineText = source.lines.lineText(row);
  const byteColumn = fact.column ?? recoverByteColumn(lineText, fact);
  const character = byteOffsetToUtf16(lineText, byteColumn - 1);
  if (fact.column !== null && utf16OffsetToByte(lineText, character) !== byteColumn - 1 && byteColumn - 1 !== Buffer.byteLength(lineText)) {
    return undefined; // the column falls inside a character or past the line: this output is not about this text
  }
  const point: Point = { row, column: character };
  const node = pickNode(fact, source.tree.rootNode, point);
  if (!node) return undefined;
  return { range: nodeRange(node), nodeType: node.type, byteColumn };
}

function pickNode(fact: CompilerFact, root: SyntaxNode, point: Point): SyntaxNode | undefined {
  const smallest = root.descendantForPosition(point);
  if (!smallest) return undefined;
  switch (fact.kind) {
    case 'can-inline':
    case 'cannot-inline':
      return functionName(smallest) ?? namedOrSelf(smallest);
    case 'inlining-call':
    case 'devirtualized':
      return callAt(smallest, point) ?? namedOrSelf(smallest);
    case 'moved-to-heap':
    case 'leaking-param':
    case 'leaking-param-content':
    case 'leaking-param-to-result':
      return identifierNamed(fact.subject, smallest, point) ?? namedOrSelf(smallest);
    case 'escapes-to-heap':
    case 'does-not-escape':
      return expressionFor(fact.subject, smallest, point) ?? namedOrSelf(smallest);
    case 'other':
      if (fact.details.capture) return identifierNamed(fact.subject, smallest, point) ?? namedOrSelf(smallest);
      return namedOrSelf(smallest);
  }
}

/** `can inline f` points at the name (or a method's receiver, or a literal's `func`); inside a body it names a wrapper such as `f.deferwrap1`. */
function functionName(start: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = start; n; n = n.parent) {
    if (n.type === 'block') return undefined;
    if (FUNCTION_NODES.has(n.type)) return n.childForFieldName('name') ?? n.child(0) ?? n;
  }
  return undefined;
}

/** The compiler's column for a call points at its `(`. */
function callAt(start: SyntaxNode, point: Point): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = start; n; n = n.parent) {
    if (n.type === 'argument_list' && samePoint(n.startPosition, point) && n.parent?.type === 'call_expression') return n.parent;
    if (n.type === 'call_expression') return n;
    if (STATEMENT_NODES.test(n.type)) return undefined;
  }
  return undefined;
}

function identifierNamed(subject: string, start: SyntaxNode, point: Point): SyntaxNode | undefined {
  const name = subject.replace(/^.*\./, ''); // `pkg.x` in generic instantiations
  if (IDENTIFIER_NODES.has(start.type) && start.text === name) return start;
  // The position is on the line but not on the name (older compilers, recovered columns): look around.
  const scope = enclosingStatement(start);
  return findDescendant(scope, (n) => IDENTIFIER_NODES.has(n.type) && n.text === name && n.startPosition.row === point.row, point);
}

/** For `EXPR escapes to heap`: the expression that starts at the column and reads like the compiler's rendering. */
function expressionFor(subject: string, start: SyntaxNode, point: Point): SyntaxNode | undefined {
  if (subject === 'func literal') return ancestorOfType(start, 'func_literal');
  if (subject === '... argument') {
    const list = ancestorOfType(start, 'argument_list');
    return list && samePoint(list.startPosition, point) ? list : list?.parent ?? undefined;
  }
  const wanted = normalizeExpression(subject);
  let best: SyntaxNode | undefined;
  let bestScore = 0;
  for (let n: SyntaxNode | null = start; n && samePoint(n.startPosition, point); n = n.parent) {
    if (!n.isNamed || STATEMENT_NODES.test(n.type)) continue;
    const score = matchScore(normalizeExpression(n.text), wanted);
    if (score > bestScore) {
      best = n;
      bestScore = score;
    }
  }
  if (best && bestScore >= Math.min(wanted.length, 1)) return best;
  // Older compilers put boxed arguments at the call's `(`: find the argument that reads like the subject.
  const scope = start.parent ?? start;
  return findDescendant(scope, (n) => n.isNamed && matchScore(normalizeExpression(n.text), wanted) === wanted.length, point);
}

/** Length of the common prefix, where the compiler's `...` elides the rest (`&T{...}`, `[]int{...}`). */
function matchScore(nodeText: string, subject: string): number {
  const elision = subject.indexOf('...');
  const comparable = elision >= 0 && !subject.startsWith('...') ? subject.slice(0, elision) : subject;
  let i = 0;
  while (i < comparable.length && i < nodeText.length && comparable.charCodeAt(i) === nodeText.charCodeAt(i)) i++;
  if (i === comparable.length && elision >= 0) return subject.length; // matched all the compiler printed
  if (i === subject.length && nodeText.length === subject.length) return subject.length;
  return i === subject.length ? i - 1 : i; // a longer node that merely starts like the subject ranks below an exact one
}

function normalizeExpression(text: string): string {
  return text.replace(/\s+/g, '');
}

function findDescendant(scope: SyntaxNode, accept: (n: SyntaxNode) => boolean, near: Point): SyntaxNode | undefined {
  let best: SyntaxNode | undefined;
  let bestDistance = Infinity;
  const cursor = scope.walk();
  let descend = true;
  for (;;) {
    const n = cursor.currentNode;
    if (descend && n.startPosition.row <= near.row && n.endPosition.row >= near.row) {
      if (accept(n)) {
        const distance = Math.abs(n.startPosition.column - near.column) + (n.startPosition.row === near.row ? 0 : 10_000);
        if (distance < bestDistance) {
          best = n;
          bestDistance = distance;
        }
      }
      if (cursor.gotoFirstChild()) continue;
    }
    descend = true;
    if (cursor.gotoNextSibling()) continue;
    let climbed = false;
    while (cursor.gotoParent()) {
      if (cursor.currentNode.equals(scope)) break;
      if (cursor.gotoNextSibling()) {
        climbed = true;
        break;
      }
    }
    if (!climbed) break;
  }
  cursor.delete();
  return best;
}

function enclosingStatement(start: SyntaxNode): SyntaxNode {
  let n: SyntaxNode = start;
  while (n.parent && !/(_statement|_declaration|^parameter_list)$/.test(n.type)) n = n.parent;
  return n;
}

function ancestorOfType(start: SyntaxNode, type: string): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = start; n; n = n.parent) if (n.type === type) return n;
  return undefined;
}

function namedOrSelf(node: SyntaxNode): SyntaxNode {
  if (node.isNamed) return node;
  return node.parent && !STATEMENT_NODES.test(node.parent.type) ? node.parent : node;
}

function samePoint(a: Point, b: Point): boolean {
  return a.row === b.row && a.column === b.column;
}

export function nodeRange(node: SyntaxNode): TextRange {
  const start = { line: node.startPosition.row, character: node.startPosition.column };
  let end = { line: node.endPosition.row, character: node.endPosition.column };
  if (end.line === start.line && end.character <= start.character) end = { line: start.line, character: start.character + 1 };
  return { start, end };
}

/**
 * Lines longer than 255 bytes lose their column in the text output; the subject named in the
 * message is on that line, so find it there. Returns a 1-based byte column.
 */
export function recoverByteColumn(lineText: string, fact: CompilerFact): number {
  const subject = fact.kind === 'inlining-call' || fact.kind === 'devirtualized' ? '' : fact.subject.replace(/^.*\.(?=[A-Za-z_]\w*$)/, '');
  let index = -1;
  if (/^[A-Za-z_]\w*$/.test(subject)) {
    const word = new RegExp(`(?<![\\w.])${subject}(?!\\w)`).exec(lineText);
    index = word ? word.index : -1;
  } else if (subject) {
    const elided = subject.split('...')[0].replace(/\s+/g, '');
    index = elided ? lineText.indexOf(elided.slice(0, Math.min(elided.length, 12))) : -1;
  }
  if (index < 0) index = lineText.length - lineText.trimStart().length;
  return utf16OffsetToByte(lineText, index) + 1;
}
