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
  /**
   * Where an editor should mark the fact: the node itself when it fits on one line; for a multi-line
   * func or composite literal its head (`func() int`, `&Config`), for a multi-line call its callee —
   * a squiggle over a whole closure body says less, not more.
   */
  focus: TextRange;
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
  return { range: nodeRange(node), focus: focusRange(node), nodeType: node.type, byteColumn };
}

function focusRange(node: SyntaxNode): TextRange {
  const range = nodeRange(node);
  if (range.start.line === range.end.line) return range;
  const literal = node.type === 'unary_expression' ? node.childForFieldName('operand') : node;
  const body = literal?.type === 'func_literal' || literal?.type === 'composite_literal' ? literal.childForFieldName('body') : undefined;
  const head = body ? { row: body.startPosition.row, column: body.startPosition.column } : node.type === 'call_expression' ? node.childForFieldName('function')?.endPosition : undefined;
  if (!head || head.row !== range.start.line || head.column <= range.start.character) return range;
  const spaceBeforeBody = body && node.text.charAt(body.startIndex - node.startIndex - 1) === ' ';
  const end = spaceBeforeBody ? head.column - 1 : head.column; // `func() int`, not `func() int `
  return { start: range.start, end: { line: range.start.line, character: end } };
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
      return identifierAt(fact.subject, smallest) ?? callAt(smallest, point) ?? namedOrSelf(smallest);
    case 'escapes-to-heap':
    case 'does-not-escape':
      return expressionFor(fact.subject, smallest, point) ?? namedOrSelf(smallest);
    case 'bounds-check':
    case 'nil-check':
      return checkedExpression(smallest) ?? namedOrSelf(smallest);
    case 'other':
      if (fact.details.capture) return identifierAt(fact.subject, smallest) ?? callAt(smallest, point) ?? namedOrSelf(smallest);
      return namedOrSelf(smallest);
  }
}

/** A bounds check is reported at the `[` of its index or slice expression, a nil check at the `.`, `*` or `[` of its dereference. */
function checkedExpression(start: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = start; n; n = n.parent) {
    if (STATEMENT_NODES.test(n.type)) return undefined;
    if (CHECKED_NODES.has(n.type)) return n;
  }
  return undefined;
}

const CHECKED_NODES = new Set(['index_expression', 'slice_expression', 'selector_expression', 'unary_expression']);

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

/**
 * The variable or parameter named by the fact, when it is at the position. A name that is not there
 * belongs to code inlined at this spot (the compiler reports it at the call site), and searching the
 * line for the same name would find an unrelated identifier.
 */
function identifierAt(subject: string, start: SyntaxNode): SyntaxNode | undefined {
  return IDENTIFIER_NODES.has(start.type) && start.text === subject ? start : undefined;
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
  for (const candidate of expressionCandidates(start, point)) {
    const score = matchScore(normalizeExpression(candidate.text), wanted);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best) return best;
  // Older compilers put boxed arguments at the call's `(`: find the argument that reads like the subject.
  const scope = start.parent ?? start;
  return findDescendant(scope, (n) => n.isNamed && matchScore(normalizeExpression(n.text), wanted) >= 2, point);
}

/**
 * Named expressions that start at the column, smallest first. The compiler puts calls and composite
 * literals at their `(` or `{` (`make([]int, n)` at the paren, `T{...}` at the brace), so those
 * count as starting at the column too.
 */
function expressionCandidates(start: SyntaxNode, point: Point): SyntaxNode[] {
  const candidates: SyntaxNode[] = [];
  for (let n: SyntaxNode | null = start; n && samePoint(n.startPosition, point); n = n.parent) {
    if (STATEMENT_NODES.test(n.type)) break;
    if (n.isNamed) candidates.push(n);
    if ((n.type === 'argument_list' || n.type === 'literal_value') && n.parent) candidates.push(n.parent);
  }
  return candidates;
}

/**
 * How well a node's text reads like the compiler's rendering of an expression: 3 for the same text,
 * 2 when it matches all the compiler printed before its `...` elision (`&T{...}`), otherwise the
 * fraction of the subject that is a common prefix (the compiler folds constants: `1<<17` → `131072`).
 */
function matchScore(nodeText: string, subject: string): number {
  if (nodeText === subject) return 3;
  const elision = subject.indexOf('...');
  if (elision > 0 && nodeText.startsWith(subject.slice(0, elision))) return 2;
  let i = 0;
  while (i < subject.length && i < nodeText.length && subject.charCodeAt(i) === nodeText.charCodeAt(i)) i++;
  return i / (subject.length + 1);
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

/** A node's exact range (for edits). */
export function rangeOf(node: SyntaxNode): TextRange {
  return { start: { line: node.startPosition.row, character: node.startPosition.column }, end: { line: node.endPosition.row, character: node.endPosition.column } };
}

/** A node's range for marking it: never zero-width. */
export function nodeRange(node: SyntaxNode): TextRange {
  const { start, end } = rangeOf(node);
  if (end.line === start.line && end.character <= start.character) return { start, end: { line: start.line, character: start.character + 1 } };
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
