import type { CompilerFact } from '../compiler/facts';
import { directiveCommentOn, nodeByRole } from './roleAnchor';
import { calleeName, dictionaryCallee, matchScore, normalizeExpression, withoutCompilerConversions } from './subjectMatch';
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
  if (fact.column === null) return anchorWithoutColumn(fact, source, row, lineText);
  const byteColumn = fact.column;
  const character = byteOffsetToUtf16(lineText, byteColumn - 1);
  if (utf16OffsetToByte(lineText, character) !== byteColumn - 1 && byteColumn - 1 !== Buffer.byteLength(lineText)) {
    return undefined; // the column falls inside a character or past the line: this output is not about this text
  }
  const point: Point = { row, column: character };
  if (isInstantiationWrapperFact(fact, source.tree.rootNode, point)) return undefined;
  const node = pickNode(fact, source.tree.rootNode, point);
  if (!node) return undefined;
  return { range: nodeRange(node), focus: focusRange(node), nodeType: node.type, byteColumn };
}

/**
 * A line longer than 255 bytes has no column in the compiler's output. The fact is anchored by its
 * subject's role on the line — the declaration of `x` for `moved to heap: x`, the n-th `&T{...}` in
 * source order for the n-th such fact (the compiler reports a batch's values in source order) — and
 * never on a plain text match, which can be inside a string or a comment.
 */
function anchorWithoutColumn(fact: CompilerFact, source: SourceSyntax, row: number, lineText: string): Anchor | undefined {
  // Printed under a `//line` name that no single line answers to: shown on the directive itself, never on a guessed line.
  const node = fact.details.lineDirective?.placed === false ? directiveCommentOn(source.tree.rootNode, row) : nodeByRole(fact, source.tree.rootNode, row);
  if (!node) return undefined;
  const character = node.startPosition.row === row ? node.startPosition.column : 0;
  return { range: nodeRange(node), focus: focusRange(node), nodeType: node.type, byteColumn: utf16OffsetToByte(lineText, character) + 1 };
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
function expressionFor(compilerSubject: string, start: SyntaxNode, point: Point): SyntaxNode | undefined {
  const subject = withoutCompilerConversions(compilerSubject);
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
  // The compiler puts a binary expression at its operator (`"a"+"b"` at the `+`, folded to `"ab"`).
  if (!start.isNamed && start.parent?.type === 'binary_expression' && start.parent.childForFieldName('operator')?.equals(start)) return start.parent;
  const dictionaryCall = dictionaryCallee(subject);
  if (dictionaryCall) return calleeCallIn(enclosingStatementOf(start) ?? start, dictionaryCall);
  return argumentFor(subject, wanted, start, point);
}

/**
 * A value reported at a call's argument list rather than at itself. Older compilers put boxed
 * arguments at the call's `(` or at its first argument: the argument that reads like the subject is
 * meant. A subject that is none of the arguments is the parameter of a callee inlined here (zap's
 * `Complex128(key, *val)` reports Complex128's `val` at the `(`): the argument passed for that
 * parameter when the callee is declared in this file, else the call — never a same-named identifier
 * of the caller, which is another variable.
 */
function argumentFor(subject: string, wanted: string, start: SyntaxNode, point: Point): SyntaxNode | undefined {
  const list = ancestorOfType(start, 'argument_list', STATEMENT_NODES);
  if (!list) return undefined;
  const args = list.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment');
  let best: SyntaxNode | undefined;
  let bestScore = 1;
  for (const arg of args) {
    const score = matchScore(normalizeExpression(arg.text), wanted);
    if (score > bestScore || (score === bestScore && best && Math.abs(arg.startPosition.column - point.column) < Math.abs(best.startPosition.column - point.column))) {
      best = arg;
      bestScore = score;
    }
  }
  if (best) return best;
  const call = list.parent?.type === 'call_expression' ? list.parent : undefined;
  if (!call) return undefined;
  const index = IDENTIFIER.test(subject) ? parameterIndex(call, subject) : undefined;
  return (index !== undefined ? args[index] : undefined) ?? call;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The position of parameter `name` of the function `call` calls, when this file declares it (one declaration of that name). */
function parameterIndex(call: SyntaxNode, name: string): number | undefined {
  const callee = call.childForFieldName('function');
  const called = calleeName(call);
  if (!called) return undefined;
  const root = rootOf(call);
  const declarations = root.namedChildren.filter((n) => (n?.type === 'function_declaration' || (n?.type === 'method_declaration' && callee?.type === 'selector_expression')) && n.childForFieldName('name')?.text === called);
  if (declarations.length !== 1) return undefined;
  let index = 0;
  for (const param of declarations[0]!.childForFieldName('parameters')?.namedChildren ?? []) {
    if (param?.type !== 'parameter_declaration') return undefined; // variadic: its arguments are gathered into a slice
    const names = param.childrenForFieldName('name');
    if (names.length === 0) {
      index++;
      continue;
    }
    for (const n of names) {
      if (n?.text === name) return index;
      index++;
    }
  }
  return undefined;
}

/** The first call in `scope` whose callee is named `name` (`Name(…)`, `x.Name(…)`, `Name[T](…)`). */
function calleeCallIn(scope: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const call of scope.descendantsOfType('call_expression')) {
    if (call && calleeName(call) === name) return call;
  }
  return undefined;
}

function enclosingStatementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.parent?.type === 'statement_list' || n.parent?.type === 'block') return n;
  return undefined;
}

function rootOf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

/**
 * Since go1.21 a generic function's instantiation wrapper (`NewBox[int]`, which calls or inlines the
 * shape function `NewBox[go.shape.int]`) reports the facts of the inlined body at the function's own
 * position, its name (a method's receiver). The same facts are reported at their real sites in the
 * shape function: the wrapper's copies are dropped, not put on the name.
 */
function isInstantiationWrapperFact(fact: CompilerFact, root: SyntaxNode, point: Point): boolean {
  // The wrapper's own `can inline NewBox[int]` (its cost is the wrapper's, and it says "inlinable" even when
  // the function is not) is dropped; the shape function's `can inline NewBox[go.shape.int]` is the function's.
  if ((fact.kind === 'can-inline' || fact.kind === 'cannot-inline') && (!fact.subject.includes('[') || fact.subject.includes('go.shape.'))) return false;
  for (let n: SyntaxNode | null = root.descendantForPosition(point); n; n = n.parent) {
    if (n.type === 'block') return false;
    if (n.type === 'function_declaration' || n.type === 'method_declaration') {
      const head = n.type === 'method_declaration' ? n.childForFieldName('receiver') : n.childForFieldName('name');
      return !!head && samePoint(head.startPosition, point) && (n.childForFieldName('type_parameters') !== null || isGenericReceiver(head));
    }
  }
  return false;
}

/** `(b *Box[T])`: a method of a generic type. */
function isGenericReceiver(receiver: SyntaxNode): boolean {
  return /\[/.test(receiver.text);
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

function ancestorOfType(start: SyntaxNode, type: string, stopAt?: RegExp): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = start; n; n = n.parent) {
    if (n.type === type) return n;
    if (stopAt?.test(n.type)) return undefined;
  }
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
