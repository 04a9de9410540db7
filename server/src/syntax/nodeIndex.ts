import { Query } from 'web-tree-sitter';
import type { SyntaxNode, Tree } from './goParser';

/**
 * The node types the pitfalls look up. One tree-sitter query captures all of them in a single pass
 * inside WASM; walking the tree from JavaScript instead creates an object per node, which costs
 * tens of milliseconds per walk on a 4,000-line file.
 */
export const INDEXED_TYPES = [
  'assignment_statement', 'break_statement', 'call_expression', 'continue_statement', 'field_declaration', 'for_statement',
  'func_literal', 'goto_statement', 'identifier', 'import_declaration', 'import_spec', 'keyed_element', 'package_clause',
  'package_identifier', 'parameter_declaration', 'range_clause', 'return_statement', 'selector_expression',
  'short_var_declaration', 'slice_expression', 'type_alias', 'type_spec', 'var_spec',
] as const;

export type IndexedType = (typeof INDEXED_TYPES)[number];

const indexes = new WeakMap<Tree, Map<string, SyntaxNode[]>>();
let query: Query | undefined;

/** Every node of `type` in `tree`, in source order (built once per tree, on first use). */
export function nodesOfType(tree: Tree, type: IndexedType): readonly SyntaxNode[] {
  let index = indexes.get(tree);
  if (!index) {
    query ??= new Query(tree.language, INDEXED_TYPES.map((t) => `(${t}) @${t}`).join('\n'));
    index = new Map();
    for (const capture of query.captures(tree.rootNode)) {
      const list = index.get(capture.name);
      if (list) list.push(capture.node);
      else index.set(capture.name, [capture.node]);
    }
    indexes.set(tree, index);
  }
  return index.get(type) ?? [];
}
