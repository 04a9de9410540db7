import type { SyntaxNode } from '../syntax/goParser';
import { FUNCTION_TYPES } from '../syntax/goSyntax';
import { shapeOfTypeNode, TypeShape } from './typeShapes';

/** What a name means at a point inside a function: a local constant, or a variable with the shape its declaration spells. */
export type LocalName = { kind: 'const' } | { kind: 'var'; type: TypeShape | undefined };

const SCOPE_TYPES = new Set([
  'block', 'for_statement', 'if_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement',
  'expression_case', 'type_case', 'default_case', 'communication_case', 'func_literal', 'function_declaration', 'method_declaration',
]);

/**
 * The innermost declaration of `name` visible at `at` inside its enclosing functions, or undefined
 * when none of them declares it (then it is the package's, or another package's).
 */
export function resolveLocalName(name: string, at: SyntaxNode): LocalName | undefined {
  return resolveWithOwner(name, at)?.meaning;
}

/** Like `resolveLocalName`, with the function whose parameters or body declare the name. */
export function resolveWithOwner(name: string, at: SyntaxNode): { meaning: LocalName; owner: SyntaxNode } | undefined {
  for (let fn = enclosingFunctionOf(at); fn; fn = enclosingFunctionOf(fn)) {
    const found = declarationIn(fn, name, at);
    if (found) return { meaning: found, owner: fn };
  }
  return undefined;
}

function enclosingFunctionOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (FUNCTION_TYPES.has(n.type)) return n;
  return undefined;
}

function declarationIn(fn: SyntaxNode, name: string, at: SyntaxNode): LocalName | undefined {
  let best: { start: number; meaning: LocalName } | undefined;
  const consider = (decl: SyntaxNode, meaning: LocalName) => {
    if (decl.startIndex >= at.startIndex || !inScope(decl, at)) return;
    if (!best || decl.startIndex > best.start) best = { start: decl.startIndex, meaning };
  };
  const body = fn.childForFieldName('body');
  if (body) {
    const cursor = body.walk();
    // Pre-order walk of the body, not entering nested function literals (their names are not ours).
    let descend = true;
    for (;;) {
      const n = cursor.currentNode;
      if (descend && n.startIndex < at.startIndex) {
        declarationMeaning(n, name, consider);
        if (n.type !== 'func_literal' && cursor.gotoFirstChild()) continue;
      }
      descend = true;
      if (cursor.gotoNextSibling()) continue;
      let climbed = false;
      while (cursor.gotoParent()) {
        if (cursor.currentNode.equals(body)) break;
        if (cursor.gotoNextSibling()) {
          climbed = true;
          break;
        }
      }
      if (!climbed) break;
    }
    cursor.delete();
  }
  if (best) return best.meaning;
  for (const list of [fn.childForFieldName('receiver'), fn.childForFieldName('parameters'), fn.childForFieldName('result')]) {
    if (list?.type !== 'parameter_list') continue;
    for (const param of list.namedChildren) {
      if (!param || !param.childrenForFieldName('name').some((n) => n?.text === name)) continue;
      return { kind: 'var', type: param.type === 'parameter_declaration' ? shapeOfTypeNode(param.childForFieldName('type')) : { kind: 'slice' } };
    }
  }
  return undefined;
}

function declarationMeaning(n: SyntaxNode, name: string, consider: (decl: SyntaxNode, meaning: LocalName) => void): void {
  switch (n.type) {
    case 'const_spec':
      if (n.childrenForFieldName('name').some((c) => c?.text === name)) consider(n, { kind: 'const' });
      return;
    case 'var_spec':
      if (n.childrenForFieldName('name').some((c) => c?.text === name)) {
        const type = n.childForFieldName('type');
        consider(n, { kind: 'var', type: type ? shapeOfTypeNode(type) : undefined });
      }
      return;
    case 'short_var_declaration': {
      const left = n.childForFieldName('left')?.namedChildren ?? [];
      const index = left.findIndex((c) => c?.text === name);
      if (index < 0) return;
      const value = n.childForFieldName('right')?.namedChildren[index];
      const type = value?.type === 'composite_literal' ? shapeOfTypeNode(value.childForFieldName('type')) : undefined;
      consider(n, { kind: 'var', type });
      return;
    }
    case 'range_clause':
    case 'type_switch_statement':
    case 'labeled_statement':
      if ((n.type === 'range_clause' ? n.childForFieldName('left') : n.type === 'type_switch_statement' ? n.childForFieldName('alias') : null)?.namedChildren.some((c) => c?.text === name)) {
        consider(n, { kind: 'var', type: undefined });
      }
      return;
    case 'parameter_declaration':
    case 'variadic_parameter_declaration':
      // A nested function literal's parameters are skipped with the literal; these are a function type's, which declare nothing.
      return;
  }
}

/** Is the declaration's scope (its innermost block or statement) around `at`? */
function inScope(decl: SyntaxNode, at: SyntaxNode): boolean {
  let scope: SyntaxNode | null = decl.type === 'range_clause' ? decl.parent : decl.parent;
  while (scope && !SCOPE_TYPES.has(scope.type)) scope = scope.parent;
  return !!scope && scope.startIndex <= at.startIndex && at.endIndex <= scope.endIndex;
}

/**
 * Type names that mean something else than the package's type of that name around `at`: type
 * parameters of the enclosing functions and of a generic method's receiver, and types declared
 * inside those functions. Looking them up in the package would take the wrong type.
 */
export function shadowedTypeNames(at: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (let fn = enclosingFunctionOf(at); fn; fn = enclosingFunctionOf(fn)) {
    for (const declaration of fn.childForFieldName('type_parameters')?.namedChildren ?? []) {
      for (const name of declaration?.childrenForFieldName('name') ?? []) if (name) names.add(name.text);
    }
    const receiver = fn.childForFieldName('receiver');
    if (receiver) for (const match of receiver.text.matchAll(/\[([^\]]*)\]/g)) for (const name of match[1].split(',')) names.add(name.trim().split(/\s+/)[0]);
    const body = fn.childForFieldName('body');
    if (body) for (const match of body.text.matchAll(/\btype\s+([A-Za-z_]\w*)/g)) names.add(match[1]);
  }
  return names;
}
