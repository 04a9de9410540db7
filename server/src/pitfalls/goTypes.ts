import type { SyntaxNode } from '../syntax/goParser';
import { declaredType, findAll, rootOf } from '../syntax/goSyntax';

const POINTER_FREE_BUILTINS = new Set([
  'bool', 'byte', 'rune', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'float32', 'float64', 'complex64', 'complex128',
]);
const POINTER_BUILTINS = new Set(['string', 'any', 'error']);
/** Types whose values are references (their zero value is `nil`). */
const REFERENCE_TYPES = new Set(['pointer_type', 'map_type', 'channel_type', 'function_type', 'interface_type', 'slice_type']);

/**
 * Whether values of this type hold pointers (so a stale copy keeps memory alive). Undefined when the
 * source in this file does not tell (a type from another file or package).
 */
export function holdsPointers(type: SyntaxNode, depth = 0): boolean | undefined {
  if (depth > 8) return undefined;
  if (REFERENCE_TYPES.has(type.type)) return true;
  switch (type.type) {
    case 'array_type':
      return holdsPointers(type.childForFieldName('element')!, depth + 1);
    case 'struct_type': {
      let unknown = false;
      for (const field of findAll(type, 'field_declaration', (n) => n.parent?.parent?.equals(type) === true)) {
        const fieldType = field.childForFieldName('type');
        const holds = fieldType ? holdsPointers(fieldType, depth + 1) : undefined;
        if (holds) return true;
        if (holds === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    }
    case 'type_identifier': {
      if (POINTER_FREE_BUILTINS.has(type.text)) return false;
      if (POINTER_BUILTINS.has(type.text)) return true;
      const declared = typeDeclaration(type.text, rootOf(type));
      return declared ? holdsPointers(declared, depth + 1) : undefined;
    }
    case 'parenthesized_type':
      return type.namedChildren[0] ? holdsPointers(type.namedChildren[0], depth + 1) : undefined;
    default:
      return undefined;
  }
}

/** The type a `type Name …` declaration in this file stands for. */
export function typeDeclaration(name: string, root: SyntaxNode): SyntaxNode | undefined {
  for (const spec of findAll(root, ['type_spec', 'type_alias'])) {
    if (spec.childForFieldName('name')?.text === name) return spec.childForFieldName('type') ?? undefined;
  }
  return undefined;
}

/** The type of a variable or field expression (`q`, `s.queue`, `s.inner.queue`) when the file says it. */
export function typeOfOperand(expression: SyntaxNode): SyntaxNode | undefined {
  if (expression.type === 'identifier') return declaredType(expression.text, expression);
  if (expression.type !== 'selector_expression') return undefined;
  const operand = expression.childForFieldName('operand');
  const field = expression.childForFieldName('field')?.text;
  if (!operand || !field) return undefined;
  let owner = typeOfOperand(operand);
  if (owner?.type === 'pointer_type') owner = owner.namedChildren[0] ?? undefined;
  if (owner?.type === 'type_identifier') owner = typeDeclaration(owner.text, rootOf(owner));
  if (owner?.type !== 'struct_type') return undefined;
  for (const declaration of findAll(owner, 'field_declaration')) {
    if (declaration.childrenForFieldName('name').some((n) => n?.text === field)) return declaration.childForFieldName('type') ?? undefined;
  }
  return undefined;
}

/** The zero value to write for a pointer-holding element type, when it has a simple literal. */
export function zeroValue(type: SyntaxNode): string | undefined {
  if (REFERENCE_TYPES.has(type.type)) return 'nil';
  switch (type.type) {
    case 'type_identifier': {
      if (type.text === 'string') return '""';
      if (type.text === 'any' || type.text === 'error') return 'nil';
      const declared = typeDeclaration(type.text, rootOf(type));
      if (declared?.type === 'struct_type') return `${type.text}{}`;
      return declared ? zeroValue(declared) : undefined;
    }
    default:
      return undefined;
  }
}
