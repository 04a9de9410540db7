import type { SyntaxNode } from '../syntax/goParser';

/**
 * A Go type as far as the source spells it, reduced to what the compiler's interface conversion
 * looks at (walk/convert.go, dataWord): its size, whether it is a bool or a one-byte integer, and
 * its sole component. Plain data (no tree-sitter nodes), so it outlives the tree it came from.
 */
export type TypeShape =
  | { kind: 'named'; name: string }
  | { kind: 'struct'; fields: TypeShape[] }
  | { kind: 'array'; length: number | undefined; element: TypeShape }
  | { kind: 'pointer' | 'slice' | 'map' | 'chan' | 'func' | 'interface' | 'unknown' };

/** Named types by name (the package's own, unqualified), for resolving `named` shapes. */
export type TypeLookup = (name: string) => TypeShape | undefined;

const UNKNOWN: TypeShape = { kind: 'unknown' };

/** Sizes on the 64-bit targets Go runs on here; only 0, 1 and "at most 1024" are ever decided from them. */
const PREDECLARED_SIZES: Record<string, number> = {
  bool: 1, int8: 1, uint8: 1, byte: 1,
  int16: 2, uint16: 2,
  int32: 4, uint32: 4, rune: 4, float32: 4,
  int64: 8, uint64: 8, float64: 8, complex64: 8, int: 8, uint: 8, uintptr: 8,
  complex128: 16, string: 16, error: 16, any: 16,
};
const ONE_BYTE_INTEGERS = new Set(['int8', 'uint8', 'byte']);
const WORD_SIZES: Partial<Record<TypeShape['kind'], number>> = { pointer: 8, map: 8, chan: 8, func: 8, slice: 24, interface: 16 };
const MAX_DEPTH = 12;

/** The shape of a type node of tree-sitter-go. */
export function shapeOfTypeNode(node: SyntaxNode | null | undefined): TypeShape {
  if (!node) return UNKNOWN;
  switch (node.type) {
    case 'type_identifier':
      return { kind: 'named', name: node.text };
    case 'qualified_type':
      return { kind: 'named', name: node.text.replace(/\s+/g, '') };
    case 'parenthesized_type':
      return shapeOfTypeNode(node.namedChildren[0]);
    case 'pointer_type':
      return { kind: 'pointer' };
    case 'slice_type':
      return { kind: 'slice' };
    case 'map_type':
      return { kind: 'map' };
    case 'channel_type':
      return { kind: 'chan' };
    case 'function_type':
      return { kind: 'func' };
    case 'interface_type':
      return { kind: 'interface' };
    case 'array_type': {
      const length = node.childForFieldName('length');
      const value = length?.type === 'int_literal' ? Number(length.text.replace(/_/g, '')) : NaN;
      return { kind: 'array', length: Number.isSafeInteger(value) ? value : undefined, element: shapeOfTypeNode(node.childForFieldName('element')) };
    }
    case 'struct_type': {
      const fields: TypeShape[] = [];
      const list = node.namedChildren.find((c) => c?.type === 'field_declaration_list');
      for (const field of list?.namedChildren ?? []) {
        if (field?.type !== 'field_declaration') continue;
        const type = field.childForFieldName('type');
        const shape = type ? shapeOfTypeNode(type) : UNKNOWN;
        const names = field.childrenForFieldName('name').filter((n) => n?.type === 'field_identifier').length;
        // An embedded `*T` parses with the star outside the type field.
        const embeddedPointer = names === 0 && field.children.some((c) => c?.type === '*');
        for (let i = 0; i < Math.max(1, names); i++) fields.push(embeddedPointer ? { kind: 'pointer' } : shape);
      }
      return { kind: 'struct', fields };
    }
    default:
      return UNKNOWN;
  }
}

/** A named shape's underlying shape: predeclared names stay `named`, the package's types are looked up. */
function underlying(shape: TypeShape, lookup: TypeLookup, depth: number): TypeShape {
  let current = shape;
  for (let i = depth; current.kind === 'named' && i < MAX_DEPTH; i++) {
    if (current.name in PREDECLARED_SIZES || current.name === 'unsafe.Pointer') return current;
    const next = lookup(current.name);
    if (!next) return UNKNOWN;
    current = next;
  }
  return current.kind === 'named' && !(current.name in PREDECLARED_SIZES) && current.name !== 'unsafe.Pointer' ? UNKNOWN : current;
}

/** The size in bytes, or undefined when the source does not say (a type of another package, a generic). */
export function sizeOf(shape: TypeShape, lookup: TypeLookup, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const type = underlying(shape, lookup, depth);
  if (type.kind === 'named') return type.name === 'unsafe.Pointer' ? 8 : PREDECLARED_SIZES[type.name];
  if (type.kind === 'struct') {
    // Alignment padding only grows a struct, and a struct with a non-zero field is never 0 or 1 byte
    // unless it is exactly one one-byte field, so the sum of the fields decides every question we ask
    // except the 1024-byte bound, where padding is checked by the caller's margin.
    let total = 0;
    for (const field of type.fields) {
      const size = sizeOf(field, lookup, depth + 1);
      if (size === undefined) return undefined;
      total += size;
    }
    return total;
  }
  if (type.kind === 'array') {
    if (type.length === undefined) return undefined;
    if (type.length === 0) return 0;
    const element = sizeOf(type.element, lookup, depth + 1);
    return element === undefined ? undefined : element * type.length;
  }
  return WORD_SIZES[type.kind];
}

/**
 * The compiler's `SoleComponent`: a struct of one field or an array of one element stands for its
 * only component (recursively); anything else is itself.
 */
export function soleComponent(shape: TypeShape, lookup: TypeLookup, depth = 0): TypeShape {
  const type = underlying(shape, lookup, depth);
  if (depth > MAX_DEPTH) return UNKNOWN;
  if (type.kind === 'struct') return type.fields.length === 1 ? soleComponent(type.fields[0], lookup, depth + 1) : type;
  if (type.kind === 'array') return type.length === 1 ? soleComponent(type.element, lookup, depth + 1) : type;
  return type;
}

/**
 * dataWord's `isBool || fromType.Size() == 1 && isInteger` (with isBool/isInteger read off the sole
 * component): the interface points into runtime.staticuint64s, no allocation.
 */
export function isOneByteValue(shape: TypeShape, lookup: TypeLookup): boolean {
  const sole = soleComponent(shape, lookup);
  if (sole.kind !== 'named') return false;
  if (sole.name === 'bool') return true;
  return ONE_BYTE_INTEGERS.has(sole.name) && sizeOf(shape, lookup) === 1;
}

/** dataWord's first case: a zero-size value points at runtime.zerobase. */
export function isZeroSize(shape: TypeShape, lookup: TypeLookup): boolean {
  return sizeOf(shape, lookup) === 0;
}

/** A struct or array type (what the compiler can store as a read-only static composite literal). */
export function isStructOrArray(shape: TypeShape, lookup: TypeLookup): boolean {
  const type = underlying(shape, lookup, 0);
  return type.kind === 'struct' || type.kind === 'array';
}

export function isPredeclaredTypeName(name: string): boolean {
  return name in PREDECLARED_SIZES;
}
