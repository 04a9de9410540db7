import type { SyntaxNode } from '../syntax/goParser';
import { findAll, rangeOf } from '../syntax/goSyntax';
import type { TextEdit } from './types';

/**
 * The edit that adds and removes imports while keeping the file gofmt-clean: the import
 * declarations are rewritten as one block, keeping each spec's own line (comments, aliases), with
 * new standard-library paths added in sorted order to the first group.
 */
export function importEdit(root: SyntaxNode, add: readonly string[], remove: readonly string[] = []): TextEdit | undefined {
  const declarations = findAll(root, 'import_declaration');
  const present = new Set(findAll(root, 'import_spec').map((s) => unquote(s.childForFieldName('path')?.text ?? '')));
  const toAdd = [...new Set(add)].filter((p) => !present.has(p)).sort();
  const toRemove = new Set(remove.filter((p) => present.has(p)));
  if (toAdd.length === 0 && toRemove.size === 0) return undefined;

  if (declarations.length === 0) {
    const pkg = findAll(root, 'package_clause')[0];
    if (!pkg) return undefined;
    const end = rangeOf(pkg).end;
    return { range: { start: end, end }, newText: `\n\n${renderImports([toAdd.map((p) => `"${p}"`)])}` };
  }

  // Groups of spec lines (a blank line separates groups in a parenthesised list).
  const groups: string[][] = [];
  for (const declaration of declarations) {
    const list = declaration.namedChildren.find((c) => c?.type === 'import_spec_list');
    if (!list) {
      const spec = declaration.namedChildren.find((c) => c?.type === 'import_spec');
      if (spec) groups.push([spec.text]);
      continue;
    }
    let group: string[] = [];
    let lastRow = -1;
    for (const child of list.namedChildren) {
      if (!child) continue;
      if (lastRow >= 0 && child.startPosition.row > lastRow + 1 && group.length > 0) {
        groups.push(group);
        group = [];
      }
      if (child.type === 'comment' && group.length > 0 && child.startPosition.row === lastRow) group[group.length - 1] += ' ' + child.text;
      else group.push(child.text);
      lastRow = child.endPosition.row;
    }
    if (group.length > 0) groups.push(group);
  }
  const kept = groups
    .map((group) => group.filter((line) => !toRemove.has(unquote(/"[^"]*"|`[^`]*`/.exec(line)?.[0] ?? ''))))
    .filter((group) => group.length > 0);
  if (toAdd.length > 0) {
    const first = kept[0] ?? [];
    if (kept.length === 0) kept.push(first);
    for (const importPath of toAdd) {
      const line = `"${importPath}"`;
      const at = first.findIndex((existing) => pathOf(existing) > importPath);
      first.splice(at < 0 ? first.length : at, 0, line);
    }
  }
  const start = rangeOf(declarations[0]).start;
  const end = rangeOf(declarations[declarations.length - 1]).end;
  return { range: { start, end }, newText: kept.length === 0 ? '' : renderImports(kept) };
}

function renderImports(groups: string[][]): string {
  const specs = groups.flat();
  if (specs.length === 1 && groups.length === 1 && !specs[0].includes('//')) return `import ${specs[0]}`;
  return `import (\n${groups.map((g) => g.map((line) => `\t${line}`).join('\n')).join('\n\n')}\n)`;
}

function pathOf(specLine: string): string {
  return unquote(/"[^"]*"|`[^`]*`/.exec(specLine)?.[0] ?? '');
}

function unquote(text: string): string {
  return text.replace(/^["`]|["`]$/g, '');
}

/** Whether `pkgName.` is still used in `root` outside the given ranges (which a fix replaces). */
export function stillUsesPackage(root: SyntaxNode, pkgName: string, replaced: readonly { startIndex: number; endIndex: number }[]): boolean {
  return findAll(root, 'selector_expression', (n) => n.childForFieldName('operand')?.type === 'identifier' && n.childForFieldName('operand')?.text === pkgName).some(
    (n) => !replaced.some((r) => n.startIndex >= r.startIndex && n.endIndex <= r.endIndex),
  );
}
