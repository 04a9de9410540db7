import type { CompilerFact } from '../compiler/facts';
import type { SyntaxNode } from '../syntax/goParser';
import type { PackageDeclarations } from './declarations';
import { resolveLocalName } from './localNames';
import { lookupIn } from './interfaceConversion';
import { isZeroSize, shapeOfTypeNode, TypeShape } from './typeShapes';

/**
 * A heap object of size zero is never allocated: the compiler's `newObject` (ssagen/ssa.go, Go 1.19
 * to 1.26) returns the address of `runtime.zerobase` for it. That covers `&T{}` and `new(T)` of a
 * zero-size T, the empty backing array of `[]T{}`, and a zero-size variable moved to the heap.
 */
export function isZeroSizeAllocation(fact: CompilerFact, node: SyntaxNode, declarations: PackageDeclarations): boolean {
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
