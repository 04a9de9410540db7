import type { SyntaxNode } from '../syntax/goParser';
import { declaredType, enclosingLoop, findAll, rangeOf } from '../syntax/goSyntax';
import type { Pitfall, PitfallContext, PitfallFinding, PitfallFix } from './types';

/**
 * `var out []T` (or `[]T{}`, `make([]T, 0)`) followed by a `for … range xs` loop that appends to it
 * once per iteration, unconditionally: the slice grows (and reallocates) log₂(n) times where one
 * `make([]T, 0, len(xs))` would do.
 */
export const SlicePreallocationPitfall: Pitfall = {
  code: 'slice-preallocation',
  detect(context: PitfallContext): PitfallFinding[] {
    const findings: PitfallFinding[] = [];
    for (const loop of findAll(context.syntax.tree.rootNode, 'for_statement')) {
      const clause = loop.namedChildren.find((c) => c?.type === 'range_clause');
      const ranged = clause?.childForFieldName('right');
      if (!clause || !ranged || !hasLength(ranged)) continue;
      const appended = unconditionalAppendTarget(loop);
      if (!appended) continue;
      const declaration = emptyDeclarationBefore(loop, appended);
      if (!declaration) continue;
      const edit = { range: rangeOf(declaration.node), newText: `${appended} := make(${declaration.type}, 0, len(${ranged.text}))` };
      findings.push({
        code: 'slice-preallocation',
        range: rangeOf(declaration.node),
        message: `${appended} grows one append at a time; it could be allocated once with len(${ranged.text})`,
        explanation: [
          '**Slice could be preallocated**',
          '',
          `The loop over \`${ranged.text}\` appends to \`${appended}\` exactly once per iteration, so its final length is \`len(${ranged.text})\`. Starting from an empty slice, \`append\` reallocates and copies about log₂(n) times.`,
          '',
          `\`make(${declaration.type}, 0, len(${ranged.text}))\` allocates once.`,
        ].join('\n'),
        severity: 'hint',
        fixes: [{ title: `Preallocate: make(${declaration.type}, 0, len(${ranged.text}))`, preferred: true, edits: [edit] } satisfies PitfallFix],
        inLoop: !!enclosingLoop(declaration.node),
      });
    }
    return findings;
  },
};

/** `len(x)` is right only for a slice, array, map or string — not a channel or an integer. */
function hasLength(ranged: SyntaxNode): boolean {
  if (ranged.type !== 'identifier') return false;
  const type = declaredType(ranged.text, ranged);
  return !!type && ['slice_type', 'array_type', 'map_type'].includes(type.type);
}

/** The one slice the loop body appends to, as a direct statement `s = append(s, …)` with no way to skip it. */
function unconditionalAppendTarget(loop: SyntaxNode): string | undefined {
  const statements = loop.childForFieldName('body')?.namedChildren.find((c) => c?.type === 'statement_list')?.namedChildren ?? [];
  const appends = statements.filter((s): s is SyntaxNode => !!s && isSelfAppend(s));
  if (appends.length !== 1) return undefined;
  const target = appends[0].childForFieldName('left')!.namedChildren[0]!.text;
  const body = loop.childForFieldName('body')!;
  const skips = findAll(body, ['continue_statement', 'break_statement', 'return_statement', 'goto_statement']);
  const otherAppends = findAll(body, 'call_expression', (n) => n.childForFieldName('function')?.text === 'append' && n.childForFieldName('arguments')?.namedChildren[0]?.text === target);
  if (skips.length > 0 || otherAppends.length !== 1) return undefined;
  return target;
}

function isSelfAppend(statement: SyntaxNode): boolean {
  if (statement.type !== 'assignment_statement' || statement.childForFieldName('operator')?.text !== '=') return false;
  const left = statement.childForFieldName('left')?.namedChildren ?? [];
  const right = statement.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== 1 || right.length !== 1 || left[0]?.type !== 'identifier') return false;
  const call = right[0];
  const args = call?.childForFieldName('arguments')?.namedChildren ?? [];
  // One element appended (`append(s, x)`), not a spread (`append(s, xs...)`), which adds many.
  return call?.type === 'call_expression' && call.childForFieldName('function')?.text === 'append' && args.length === 2 && args[0]?.text === left[0].text && !call.childForFieldName('arguments')!.text.includes('...');
}

/**
 * An earlier statement of the loop's block declaring `name` empty, with its slice type; the statements
 * between must not mention `name` (nothing else may have filled it).
 */
function emptyDeclarationBefore(loop: SyntaxNode, name: string): { node: SyntaxNode; type: string } | undefined {
  const mentions = new RegExp(`\\b${name}\\b`);
  for (let previous = loop.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
    if (previous.type === 'comment') continue;
    const declaration = emptyDeclaration(previous, name);
    if (declaration) return declaration;
    if (mentions.test(previous.text)) return undefined;
  }
  return undefined;
}

/** `var name []T`, `name := []T{}` or `name := make([]T, 0)`. */
function emptyDeclaration(previous: SyntaxNode, name: string): { node: SyntaxNode; type: string } | undefined {
  if (previous.type === 'var_declaration') {
    const specs = previous.namedChildren.filter((c) => c?.type === 'var_spec');
    const spec = specs[0];
    if (specs.length !== 1 || !spec || spec.childrenForFieldName('name').length !== 1 || spec.childrenForFieldName('name')[0]?.text !== name) return undefined;
    const type = spec.childForFieldName('type');
    if (type?.type !== 'slice_type' || spec.childForFieldName('value')) return undefined;
    return { node: previous, type: type.text };
  }
  if (previous.type === 'short_var_declaration') {
    const left = previous.childForFieldName('left')?.namedChildren ?? [];
    const right = previous.childForFieldName('right')?.namedChildren ?? [];
    if (left.length !== 1 || left[0]?.text !== name || right.length !== 1 || !right[0]) return undefined;
    const value = right[0];
    if (value.type === 'composite_literal' && value.childForFieldName('type')?.type === 'slice_type' && value.childForFieldName('body')?.namedChildren.length === 0) {
      return { node: previous, type: value.childForFieldName('type')!.text };
    }
    const args = value.childForFieldName('arguments')?.namedChildren ?? [];
    if (value.type === 'call_expression' && value.childForFieldName('function')?.text === 'make' && args.length === 2 && args[0]?.type === 'slice_type' && args[1]?.text === '0') {
      return { node: previous, type: args[0].text };
    }
  }
  return undefined;
}
