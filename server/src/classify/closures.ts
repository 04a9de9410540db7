import type { SyntaxNode } from '../syntax/goParser';
import { importNames, rootOf } from '../syntax/goSyntax';
import type { PackageDeclarations } from './declarations';
import { resolveWithOwner } from './localNames';

/** Names every Go file sees: builtin functions, types and constants. */
const PREDECLARED = new Set([
  'append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover',
  'any', 'bool', 'byte', 'comparable', 'complex64', 'complex128', 'error', 'float32', 'float64', 'int', 'int8', 'int16', 'int32', 'int64', 'rune', 'string',
  'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'true', 'false', 'iota', 'nil', '_',
]);

/**
 * A func literal that captures no variable is not a closure at run time: the compiler uses the
 * function's static funcval (walk/closure.go: `if !clofn.IsClosure()` / `IsTrivialClosure`, Go 1.19
 * to 1.26), so "func literal escapes to heap" allocates nothing. Every name the literal uses must be
 * declared inside it, or be provably the package's, an import's or a builtin; a name we cannot place
 * counts as captured.
 */
export function capturesNothing(literal: SyntaxNode, declarations: PackageDeclarations): boolean {
  if (literal.type !== 'func_literal' || insideGeneric(literal)) return false;
  const imports = new Set(importNames(rootOf(literal)).values());
  const cursor = literal.walk();
  let captured = false;
  let descend = true;
  for (;;) {
    const n = cursor.currentNode;
    if (descend && n.type === 'identifier' && !placedOutsideFunctions(n, literal, declarations, imports)) {
      captured = true;
      break;
    }
    if (descend && cursor.gotoFirstChild()) continue;
    descend = true;
    if (cursor.gotoNextSibling()) continue;
    let climbed = false;
    while (cursor.gotoParent()) {
      if (cursor.currentNode.equals(literal)) break;
      if (cursor.gotoNextSibling()) {
        climbed = true;
        break;
      }
    }
    if (!climbed) break;
  }
  cursor.delete();
  return !captured;
}

/** The identifier is declared inside the literal, or is a package-level, imported or predeclared name not shadowed by an enclosing function. */
function placedOutsideFunctions(identifier: SyntaxNode, literal: SyntaxNode, declarations: PackageDeclarations, imports: ReadonlySet<string>): boolean {
  const name = identifier.text;
  // The name a declaration inside the literal introduces (`x := …`, `var x`) is not a use of an outer x.
  if (declaredHere(identifier)) return true;
  const local = resolveWithOwner(name, identifier);
  if (local) return local.owner.startIndex >= literal.startIndex && local.owner.endIndex <= literal.endIndex;
  // A keyed field (`T{Name: …}`) is not a variable.
  const parent = identifier.parent;
  if (parent?.type === 'keyed_element' && parent.namedChildren[0]?.equals(identifier)) return true;
  if (parent?.type === 'literal_element' && parent.parent?.type === 'keyed_element' && parent.parent.namedChildren[0]?.equals(parent)) return true;
  return declarations.names.has(name) || imports.has(name) || PREDECLARED.has(name);
}

/** The identifier is the name a declaration introduces (its first appearance, which resolution starts after). */
function declaredHere(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (['parameter_declaration', 'variadic_parameter_declaration', 'var_spec', 'const_spec'].includes(parent.type)) {
    return parent.childrenForFieldName('name').some((n) => n?.equals(identifier));
  }
  if (parent.type === 'expression_list') {
    const statement = parent.parent;
    if (statement?.type === 'short_var_declaration' && statement.childForFieldName('left')?.equals(parent)) return true;
    if (statement?.type === 'range_clause' && statement.childForFieldName('left')?.equals(parent) && statement.children.some((c) => c?.type === ':=')) return true;
    if (statement?.type === 'receive_statement' && statement.childForFieldName('left')?.equals(parent) && statement.children.some((c) => c?.type === ':=')) return true;
    if (statement?.type === 'type_switch_statement' && statement.childForFieldName('alias')?.equals(parent)) return true;
  }
  return false;
}

/** In a generic function a literal may need the instantiation's dictionary, which it captures: leave those allocating. */
function insideGeneric(literal: SyntaxNode): boolean {
  for (let n = literal.parent; n; n = n.parent) {
    if ((n.type === 'function_declaration' || n.type === 'method_declaration') && (n.childForFieldName('type_parameters') || /\[/.test(n.childForFieldName('receiver')?.text ?? ''))) return true;
  }
  return false;
}
