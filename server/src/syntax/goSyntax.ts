import type { SyntaxNode } from './goParser';
import { IndexedType, nodesOfType } from './nodeIndex';
import type { LineIndex } from '../syntax/textPositions';

/** Small helpers over tree-sitter-go nodes: scopes, loops, imports, declared types. */

export const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const LOOP_TYPES = new Set(['for_statement']);

export { rangeOf } from './anchor';

/** The nodes of the given types inside `scope` (itself included) that `accept`, in source order. */
export function findAll(scope: SyntaxNode, types: IndexedType | readonly IndexedType[], accept: (node: SyntaxNode) => boolean = () => true): SyntaxNode[] {
  const wanted = typeof types === 'string' ? [types] : types;
  const found: SyntaxNode[] = [];
  const { startIndex, endIndex } = scope;
  for (const type of wanted) {
    // The index is in source order: start at the scope (binary search), stop past its end. Scanning
    // every node of the file per scope was quadratic (a 20,000-line file took half a minute).
    const nodes = nodesOfType(scope.tree, type);
    for (let i = firstStartingAtOrAfter(nodes, startIndex); i < nodes.length; i++) {
      const node = nodes[i];
      if (node.startIndex > endIndex) break;
      if (node.endIndex <= endIndex && accept(node)) found.push(node);
    }
  }
  if (wanted.length > 1) found.sort((a, b) => a.startIndex - b.startIndex);
  return found;
}

function firstStartingAtOrAfter(nodes: readonly SyntaxNode[], index: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (nodes[middle].startIndex < index) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (FUNCTION_TYPES.has(n.type)) return n;
  return undefined;
}

/** The innermost `for` loop whose body holds `node`, within its function. */
export function enclosingLoop(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent, child: SyntaxNode = node; n; child = n, n = n.parent) {
    if (FUNCTION_TYPES.has(n.type)) return undefined;
    if (LOOP_TYPES.has(n.type) && n.childForFieldName('body')?.equals(child)) return n;
  }
  return undefined;
}

/** Imported package path → the name it is used under in this file (`time` or an alias); `.` and `_` imports are left out. */
export function importNames(root: SyntaxNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const spec of findAll(root, 'import_spec')) {
    const importPath = spec.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '');
    if (!importPath) continue;
    const alias = spec.childForFieldName('name')?.text;
    if (alias === '.' || alias === '_') continue;
    names.set(importPath, alias ?? importPath.split('/').pop()!);
  }
  return names;
}

export function packageName(root: SyntaxNode): string {
  return findAll(root, 'package_identifier', (n) => n.parent?.type === 'package_clause')[0]?.text ?? '';
}

/** Is `node` a call `pkg.Name(…)` of the package imported as `pkgName`? */
export function isPackageCall(node: SyntaxNode, pkgName: string | undefined, name: string): boolean {
  if (node.type !== 'call_expression' || !pkgName) return false;
  const fn = node.childForFieldName('function');
  return fn?.type === 'selector_expression' && fn.childForFieldName('operand')?.type === 'identifier' && fn.childForFieldName('operand')?.text === pkgName && fn.childForFieldName('field')?.text === name;
}

/** The leading whitespace of a line. */
export function indentOf(lines: LineIndex, row: number): string {
  return /^[ \t]*/.exec(lines.lineText(row))![0];
}

/** The statement that holds `node` directly inside a block (a `statement_list`'s child). */
export function enclosingStatement(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.parent?.type === 'statement_list') return n;
  return undefined;
}

/**
 * The declared type of a name visible at `at`: a parameter or result, a `var` with a type, or a
 * `:=` from a composite literal or `make(T, …)`. Undefined when the source does not say for certain.
 */
export function declaredType(name: string, at: SyntaxNode): SyntaxNode | undefined {
  for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
    const found = typeInFunction(name, fn, at);
    if (found !== null) return found;
  }
  const root = rootOf(at);
  for (const spec of findAll(root, 'var_spec', (n) => !enclosingFunction(n))) {
    if (spec.childrenForFieldName('name').some((n) => n?.text === name)) return spec.childForFieldName('type') ?? typeOfValue(spec, name);
  }
  return undefined;
}

/**
 * The name of a variable's declared type when it is a plain named type (`int`, `string`, `MyID`):
 * `declaredType`'s, and `int` for the index of a `for i := range x` over a declared slice, array or
 * string, or over an integer constant (Go 1.22), whose type no node in the source spells.
 */
export function declaredTypeName(name: string, at: SyntaxNode): string | undefined {
  const clause = rangeClauseDeclaring(name, at);
  if (clause && clause.childForFieldName('left')?.namedChildren[0]?.text === name) {
    const ranged = clause.childForFieldName('right');
    if (ranged?.type === 'int_literal') return 'int';
    const rangedType = ranged?.type === 'identifier' ? declaredType(ranged.text, clause) : undefined;
    if (rangedType && (['slice_type', 'array_type'].includes(rangedType.type) || rangedType.text === 'string')) return 'int';
  }
  const type = declaredType(name, at);
  return type?.type === 'type_identifier' ? type.text : undefined;
}

/** The innermost `for … := range` clause around `at` that declares `name`. */
function rangeClauseDeclaring(name: string, at: SyntaxNode): SyntaxNode | undefined {
  for (let n = at.parent; n && !FUNCTION_TYPES.has(n.type); n = n.parent) {
    if (n.type !== 'for_statement') continue;
    const clause = n.namedChildren.find((c) => c?.type === 'range_clause');
    if (clause?.childForFieldName('left')?.namedChildren.some((c) => c?.text === name)) return clause;
  }
  return undefined;
}

/** null: the name is not declared in this function (look further out); undefined: declared, type unknown. */
function typeInFunction(name: string, fn: SyntaxNode, at: SyntaxNode): SyntaxNode | undefined | null {
  for (const list of [fn.childForFieldName('receiver'), fn.childForFieldName('parameters'), fn.childForFieldName('result')]) {
    if (!list || list.type !== 'parameter_list') continue;
    for (const param of list.namedChildren) {
      if (!param || (param.type !== 'parameter_declaration' && param.type !== 'variadic_parameter_declaration')) continue;
      if (param.childrenForFieldName('name').some((n) => n?.text === name)) return param.type === 'variadic_parameter_declaration' ? undefined : param.childForFieldName('type') ?? undefined;
    }
  }
  const body = fn.childForFieldName('body');
  if (!body) return null;
  // The last declaration of the name before `at` within the function (shadowing in inner blocks is rare in the patterns we fix).
  let found: SyntaxNode | undefined | null = null;
  for (const decl of findAll(body, ['var_spec', 'short_var_declaration', 'range_clause'], (n) => n.startIndex < at.startIndex && enclosingFunction(n)?.equals(fn) === true)) {
    if (decl.type === 'range_clause') {
      const loop = decl.parent;
      const inScope = loop?.type === 'for_statement' && at.startIndex < loop.endIndex;
      const left = decl.childForFieldName('left')?.namedChildren ?? [];
      const index = left.findIndex((n) => n?.text === name);
      if (inScope && index >= 0) found = rangeVariableType(decl, index);
      continue;
    }
    if (decl.type === 'var_spec' && decl.childrenForFieldName('name').some((n) => n?.text === name)) found = decl.childForFieldName('type') ?? typeOfValue(decl, name);
    if (decl.type === 'short_var_declaration') {
      const left = decl.childForFieldName('left')?.namedChildren ?? [];
      const index = left.findIndex((n) => n?.text === name);
      if (index >= 0) found = typeOfExpression(decl.childForFieldName('right')?.namedChildren[index] ?? null);
    }
  }
  return found;
}

/**
 * The type of the value variable of `for i, v := range x` over a declared slice or array, or of either
 * variable over a declared map. A slice index is an `int` that no node in the source spells, so it is
 * left unknown, as are strings, channels and integers.
 */
function rangeVariableType(clause: SyntaxNode, position: number): SyntaxNode | undefined {
  const ranged = clause.childForFieldName('right');
  if (!ranged || ranged.type !== 'identifier') return undefined;
  const type = declaredType(ranged.text, clause);
  if (!type || clause.text.startsWith('var ')) return undefined;
  if (type.type === 'slice_type' || type.type === 'array_type') return position === 1 ? type.childForFieldName('element') ?? undefined : undefined;
  if (type.type === 'map_type') return (position === 0 ? type.childForFieldName('key') : type.childForFieldName('value')) ?? undefined;
  return undefined;
}

function typeOfValue(spec: SyntaxNode, name: string): SyntaxNode | undefined {
  const index = spec.childrenForFieldName('name').findIndex((n) => n?.text === name);
  return typeOfExpression(spec.childForFieldName('value')?.namedChildren[index] ?? null);
}

/** `T{…}` → T, `make(T, …)` → T, `new(T)` → undefined (a pointer). */
function typeOfExpression(expression: SyntaxNode | null): SyntaxNode | undefined {
  if (!expression) return undefined;
  if (expression.type === 'composite_literal') return expression.childForFieldName('type') ?? undefined;
  if (expression.type === 'call_expression' && expression.childForFieldName('function')?.text === 'make') {
    return expression.childForFieldName('arguments')?.namedChildren[0] ?? undefined;
  }
  return undefined;
}

export function rootOf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

/** A name not used anywhere in `scope`, starting from `base` (`ticker`, `ticker2`, …). */
export function freshName(base: string, scope: SyntaxNode): string {
  const taken = new Set(findAll(scope, 'identifier').map((n) => n.text));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
