import type { SyntaxNode } from '../syntax/goParser';

/** A top-level `func` of a file: where it is now and what it says, keyed the way profiles name it. */
export interface Declaration {
  /** `Hot`, `(*T).Write`, `T.String` (type parameters left out), as `parseGoSymbol` gives them. */
  key: string;
  /** 0-based line of the `func` keyword. */
  startLine: number;
  /** 0-based last line. */
  endLine: number;
  text: string;
}

/**
 * The file's top-level functions and methods by key. A key declared twice (`init`) is left out: the
 * profile's numbering cannot be matched to one of them.
 */
export function declarationsOf(root: SyntaxNode): Map<string, Declaration> {
  const found = new Map<string, Declaration>();
  const repeated = new Set<string>();
  for (const node of root.namedChildren) {
    if (!node) continue;
    const key = declarationKey(node);
    if (!key) continue;
    if (found.has(key)) repeated.add(key);
    found.set(key, { key, startLine: node.startPosition.row, endLine: node.endPosition.row, text: node.text });
  }
  for (const key of repeated) found.delete(key);
  return found;
}

/** The declaration (top-level `func`) that holds a 0-based line, if any. */
export function declarationAt(declarations: ReadonlyMap<string, Declaration>, line: number): Declaration | undefined {
  for (const declaration of declarations.values()) if (line >= declaration.startLine && line <= declaration.endLine) return declaration;
  return undefined;
}

function declarationKey(node: SyntaxNode): string | undefined {
  const name = node.childForFieldName('name')?.text;
  if (!name) return undefined;
  if (node.type === 'function_declaration') return name;
  if (node.type !== 'method_declaration') return undefined;
  const receiver = node.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  let type = receiver?.childForFieldName('type');
  if (!type) return undefined;
  let pointer = false;
  while (type.type === 'parenthesized_type' || type.type === 'pointer_type') {
    if (type.type === 'pointer_type') pointer = true;
    const inner: SyntaxNode | null | undefined = type.namedChildren[0];
    if (!inner) return undefined;
    type = inner;
  }
  const typeName = type.type === 'generic_type' ? type.childForFieldName('type')?.text : type.text;
  if (!typeName) return undefined;
  return pointer ? `(*${typeName}).${name}` : `${typeName}.${name}`;
}
