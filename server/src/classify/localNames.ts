import { Query } from 'web-tree-sitter';
import type { SyntaxNode, Tree } from '../syntax/goParser';
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

/** A declaration in a function body: the names it introduces and what each means. */
interface BodyDeclaration {
  node: SyntaxNode;
  meanings: Map<string, LocalName>;
}

const DECLARATION_TYPES = ['const_spec', 'var_spec', 'short_var_declaration', 'range_clause', 'type_switch_statement', 'receive_statement'];
let declarationQuery: Query | undefined;

/**
 * Every function's body declarations by the function's start, found in one query pass per tree
 * (inside WASM: walking big functions from JavaScript node by node costs far more) and kept per
 * tree, since a file's facts ask about the same functions.
 */
const bodyIndex = new WeakMap<Tree, Map<number, BodyDeclaration[]>>();

function bodyDeclarations(fn: SyntaxNode): readonly BodyDeclaration[] {
  let byFunction = bodyIndex.get(fn.tree);
  if (!byFunction) {
    byFunction = new Map();
    declarationQuery ??= new Query(fn.tree.language, DECLARATION_TYPES.map((t) => `(${t}) @${t}`).join('\n'));
    for (const capture of declarationQuery.captures(fn.tree.rootNode)) {
      const meanings = declarationMeanings(capture.node);
      const owner = meanings && enclosingFunctionOf(capture.node);
      if (!owner) continue;
      const list = byFunction.get(owner.startIndex);
      if (list) list.push({ node: capture.node, meanings: meanings! });
      else byFunction.set(owner.startIndex, [{ node: capture.node, meanings: meanings! }]);
    }
    bodyIndex.set(fn.tree, byFunction);
  }
  return byFunction.get(fn.startIndex) ?? [];
}

function declarationIn(fn: SyntaxNode, name: string, at: SyntaxNode): LocalName | undefined {
  let best: { start: number; meaning: LocalName } | undefined;
  for (const declaration of bodyDeclarations(fn)) {
    const meaning = declaration.meanings.get(name);
    if (!meaning || declaration.node.startIndex >= at.startIndex || (best && declaration.node.startIndex <= best.start)) continue;
    if (inScope(declaration.node, at)) best = { start: declaration.node.startIndex, meaning };
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

/** The names a declaration node introduces, or undefined when it is not one. */
function declarationMeanings(n: SyntaxNode): Map<string, LocalName> | undefined {
  switch (n.type) {
    case 'const_spec':
      return new Map(n.childrenForFieldName('name').filter((c) => c?.type === 'identifier').map((c) => [c!.text, { kind: 'const' } as LocalName]));
    case 'var_spec': {
      const typeNode = n.childForFieldName('type');
      const type = typeNode ? shapeOfTypeNode(typeNode) : undefined;
      return new Map(n.childrenForFieldName('name').filter((c) => c?.type === 'identifier').map((c) => [c!.text, { kind: 'var', type } as LocalName]));
    }
    case 'short_var_declaration': {
      const values = n.childForFieldName('right')?.namedChildren ?? [];
      const meanings = new Map<string, LocalName>();
      (n.childForFieldName('left')?.namedChildren ?? []).forEach((c, i) => {
        const value = values[i];
        if (c) meanings.set(c.text, { kind: 'var', type: values.length === 1 && (n.childForFieldName('left')?.namedChildCount ?? 0) > 1 ? undefined : shapeOfValue(value) });
      });
      return meanings;
    }
    case 'range_clause':
    case 'type_switch_statement': {
      const names = n.type === 'range_clause' ? n.childForFieldName('left') : n.childForFieldName('alias');
      // `for k = range m` assigns variables declared elsewhere.
      if (!names || (n.type === 'range_clause' && !n.children.some((c) => c?.type === ':='))) return undefined;
      return new Map(names.namedChildren.filter((c) => !!c).map((c) => [c!.text, { kind: 'var', type: undefined } as LocalName]));
    }
    case 'receive_statement': {
      // `case v, ok := <-ch:` declares v and ok (with `=` it assigns: resolving them as unknown variables is safe).
      const left = n.childForFieldName('left');
      if (!left || !n.children.some((c) => c?.type === ':=')) return undefined;
      return new Map(left.namedChildren.filter((c) => !!c).map((c) => [c!.text, { kind: 'var', type: undefined } as LocalName]));
    }
  }
  return undefined;
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);
const ONE_BYTE_CONVERSIONS = new Set(['bool', 'byte', 'uint8', 'int8']);

/**
 * The type `x := value` gives x, where the source spells it: a composite literal's type, a bool from
 * a comparison or `!`, a one-byte conversion (`byte(c)`). Anything else stays unknown.
 */
function shapeOfValue(value: SyntaxNode | null | undefined): TypeShape | undefined {
  if (!value) return undefined;
  switch (value.type) {
    case 'composite_literal':
      return shapeOfTypeNode(value.childForFieldName('type'));
    case 'true':
    case 'false':
      return { kind: 'named', name: 'bool' };
    case 'parenthesized_expression':
      return shapeOfValue(value.namedChildren[0]);
    case 'unary_expression':
      return value.child(0)?.type === '!' ? { kind: 'named', name: 'bool' } : undefined;
    case 'binary_expression':
      return COMPARISONS.has(value.childForFieldName('operator')?.type ?? '') ? { kind: 'named', name: 'bool' } : undefined;
    case 'call_expression': {
      const callee = value.childForFieldName('function');
      const conversion = callee?.type === 'identifier' && ONE_BYTE_CONVERSIONS.has(callee.text) && value.childForFieldName('arguments')?.namedChildCount === 1;
      // (No check for a local `byte` shadowing the type: this runs while the declarations index is built.)
      return conversion ? { kind: 'named', name: callee!.text } : undefined;
    }
  }
  return undefined;
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
