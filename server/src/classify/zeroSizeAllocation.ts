import type { CompilerFact } from '../compiler/facts';
import type { SyntaxNode } from '../syntax/goParser';
import type { PackageDeclarations } from './declarations';
import { resolveLocalName } from './localNames';
import { lookupIn } from './interfaceConversion';
import { isZeroSize, shapeOfTypeNode, TypeShape } from './typeShapes';

/**
 * A heap object of size zero is never allocated: the compiler's `newObject` (ssagen/ssa.go, Go 1.19
 * to 1.26) returns the address of `runtime.zerobase` for it. That covers `&T{}` and `new(T)` of a
 * zero-size T, the empty backing array of `[]T{}`, and a zero-size variable moved to the heap. And
 * since Go 1.23 (at the latest) an SSA rule turns `makeslice` with constant zero length and capacity
 * into the address of zerobase (ssa/_gen/generic.rules): `make([]T, 0)` allocates nothing.
 */
export function isZeroSizeAllocation(fact: CompilerFact, node: SyntaxNode, declarations: PackageDeclarations, goVersion?: { major: number; minor: number }): boolean {
  if (fact.kind === 'escapes-to-heap' && isEmptyMake(fact.subject, node, goVersion)) return true;
  const lookup = lookupIn(declarations, node);
  const shape = fact.kind === 'moved-to-heap' ? declaredShape(fact.subject, node) : allocatedShape(fact.subject, node);
  return !!shape && isZeroSize(shape, lookup);
}

/** The type of the object `&T{…}`, `new(T)` or `[]T{}` allocates, when the node is one of them and reads like the subject. */
function allocatedShape(subject: string, node: SyntaxNode): TypeShape | undefined {
  const wanted = subject.replace(/\s+/g, '');
  if (node.type === 'unary_expression' && node.child(0)?.type === '&' && wanted.startsWith('&')) {
    const literal = node.childForFieldName('operand');
    if (literal?.type !== 'composite_literal') return undefined;
    return shapeOfTypeNode(literal.childForFieldName('type'));
  }
  if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'new' && wanted.startsWith('new(') && !resolveLocalName('new', node)) {
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    return args.length === 1 ? shapeOfTypeNode(args[0]) : undefined;
  }
  if (node.type === 'composite_literal' && node.childForFieldName('type')?.type === 'slice_type' && node.childForFieldName('body')?.namedChildCount === 0 && wanted.endsWith('{}')) {
    return { kind: 'array', length: 0, element: { kind: 'unknown' } };
  }
  return undefined;
}

/** `moved to heap: x` is anchored on x's declaration: a parameter's or a `var x T`'s type. */
function declaredShape(name: string, node: SyntaxNode): TypeShape | undefined {
  if (node.text !== name) return undefined;
  const declaration = node.parent;
  if (declaration?.type === 'parameter_declaration' || declaration?.type === 'var_spec') {
    const type = declaration.childForFieldName('type');
    return type ? shapeOfTypeNode(type) : undefined;
  }
  return undefined;
}

/** `make([]T, 0)` or `make([]T, 0, 0)`, as the source writes it and the compiler prints it, on Go 1.23 or later. */
function isEmptyMake(subject: string, node: SyntaxNode, goVersion: { major: number; minor: number } | undefined): boolean {
  if (!goVersion || goVersion.major !== 1 || goVersion.minor < 23) return false;
  if (!/^make\(\[\][^,]*, 0(, 0)?\)$/.test(subject.trim())) return false;
  if (node.type !== 'call_expression' || node.childForFieldName('function')?.text !== 'make' || resolveLocalName('make', node)) return false;
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  return args[0]?.type === 'slice_type' && args.slice(1).length >= 1 && args.slice(1).every((a) => a?.type === 'int_literal' && Number(a.text) === 0);
}
