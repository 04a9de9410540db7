import type { SourceSyntax, TextPosition, TextRange } from '../syntax/anchor';
import type { SyntaxNode } from '../syntax/goParser';

/**
 * What features need to know about the code around a fact: is it a parameter (and a receiver), a
 * variable in a name list, a function's name — and where the declaration's name list or type ends.
 */
export type FactSite =
  | { shape: 'parameter'; receiver: boolean; end: TextPosition; names: number; name: string }
  | { shape: 'variable'; end: TextPosition; names: number; name: string }
  | { shape: 'function'; end: TextPosition }
  | { shape: 'expression' };

const PARAMETER_DECLARATIONS = new Set(['parameter_declaration', 'variadic_parameter_declaration']);
const FUNCTION_DECLARATIONS = new Set(['function_declaration', 'method_declaration']);

export function nodeAt(syntax: SourceSyntax, range: TextRange): SyntaxNode | undefined {
  const node = syntax.tree.rootNode.namedDescendantForPosition(
    { row: range.start.line, column: range.start.character },
    { row: range.end.line, column: Math.max(range.start.character, range.end.character - 1) },
  );
  return node ?? undefined;
}

/** The shape of the code a fact's anchored range covers. */
export function factSite(syntax: SourceSyntax, range: TextRange): FactSite {
  const node = nodeAt(syntax, range);
  if (!node || !/identifier$/.test(node.type)) return { shape: 'expression' };
  const parent = node.parent;
  if (!parent) return { shape: 'expression' };
  if (PARAMETER_DECLARATIONS.has(parent.type)) {
    const list = parent.parent;
    const receiver = !!list && list.parent?.type === 'method_declaration' && !!list.parent.childForFieldName('receiver')?.equals(list);
    const names = parent.childrenForFieldName('name').filter(Boolean).length;
    return { shape: 'parameter', receiver, end: positionOf(parent.endPosition), names, name: node.text };
  }
  if (FUNCTION_DECLARATIONS.has(parent.type) && parent.childForFieldName('name')?.equals(node)) {
    // After the signature: the result, else the parameters; a signature over several lines ends its first line.
    const signatureEnd = parent.childForFieldName('result') ?? parent.childForFieldName('parameters');
    if (signatureEnd && signatureEnd.endPosition.row === node.startPosition.row) return { shape: 'function', end: positionOf(signatureEnd.endPosition) };
    return { shape: 'function', end: { line: node.startPosition.row, character: Number.MAX_SAFE_INTEGER } };
  }
  // `a, b := …`, `for k, v := range …`: the name list is an expression_list on the left.
  if (parent.type === 'expression_list' && parent.parent && ['short_var_declaration', 'range_clause'].includes(parent.parent.type) && parent.parent.childForFieldName('left')?.equals(parent)) {
    return { shape: 'variable', end: positionOf(parent.endPosition), names: parent.namedChildCount, name: node.text };
  }
  // `var a, b T = …`
  if (parent.type === 'var_spec') {
    const names = parent.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
    const last = names[names.length - 1] ?? node;
    return { shape: 'variable', end: positionOf(last.endPosition), names: names.length, name: node.text };
  }
  return { shape: 'expression' };
}

/** The name of the function declaration around a range (`Decode`, `(*decodeState).value`); undefined in a literal or at package level. */
export function functionNameAt(syntax: SourceSyntax, range: TextRange): string | undefined {
  const node = nodeAt(syntax, range);
  for (let n = node?.parent ?? null; n; n = n.parent) {
    if (n.type === 'func_literal') continue; // a closure is reported as its enclosing function's
    if (FUNCTION_DECLARATIONS.has(n.type)) return qualifiedName(n);
  }
  return undefined;
}

/** `Decode` or `(*decodeState).value`, as Go's compiler and pprof name methods. */
export function qualifiedName(declaration: SyntaxNode): string {
  const name = declaration.childForFieldName('name')?.text ?? '?';
  if (declaration.type !== 'method_declaration') return name;
  const receiver = declaration.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  const type = receiver?.childForFieldName('type');
  if (!type) return name;
  const text = type.text.replace(/\[.*\]$/, '');
  return text.startsWith('*') ? `(${text}).${name}` : `${text}.${name}`;
}

/** The name (`Store`, `(*T).Store`) of the function declared around a range; undefined inside a closure, whose parameters no name reaches. */
export function declarationNameAt(syntax: SourceSyntax, range: TextRange): string | undefined {
  const node = nodeAt(syntax, range);
  for (let n = node?.parent ?? null; n; n = n.parent) {
    if (n.type === 'func_literal') return undefined;
    if (FUNCTION_DECLARATIONS.has(n.type)) return qualifiedName(n);
  }
  return undefined;
}

function positionOf(point: { row: number; column: number }): TextPosition {
  return { line: point.row, character: point.column };
}
