import type { SyntaxNode } from '../syntax/goParser';
import { enclosingFunction, enclosingLoop, findAll, indentOf, rangeOf } from '../syntax/goSyntax';
import { holdsPointers, typeOfOperand, zeroValue } from './goTypes';
import { atLeast, Pitfall, PitfallContext, PitfallFinding, PitfallFix } from './types';

/**
 * `q = q[1:]` pops the head of a queue but leaves it in the backing array: with pointer elements, the
 * popped values stay reachable until the array is reallocated. Clearing the slot first frees them.
 */
export const QueueReslicePitfall: Pitfall = {
  code: 'queue-reslice-leak',
  detect(context: PitfallContext): PitfallFinding[] {
    const findings: PitfallFinding[] = [];
    for (const statement of findAll(context.syntax.tree.rootNode, 'assignment_statement')) {
      const popped = poppedQueue(statement);
      if (!popped) continue;
      const { target, count } = popped;
      // A local or a parameter dies with the call (and a parameter's array is the caller's, not ours to clear): only long-lived queues leak.
      if (target.type === 'identifier' && !isPackageLevel(target)) continue;
      if (clearedBefore(statement, target.text, count)) continue;
      const sliceType = typeOfOperand(target);
      const element = sliceType?.type === 'slice_type' ? sliceType.childForFieldName('element') ?? undefined : undefined;
      // The file spells the element type, or the types helper knows it (a field of a struct declared elsewhere).
      const typed = element ? undefined : context.expressionTypes?.(target);
      const elementText = element?.text ?? typed?.element;
      if (!elementText || (element ? holdsPointers(element) !== true : typed?.elementPointers !== true)) continue;
      findings.push({
        code: 'queue-reslice-leak',
        range: rangeOf(statement),
        message: `${statement.text} keeps the popped element${count === '1' ? '' : 's'} reachable in the backing array`,
        explanation: [
          '**Reslicing a queue keeps popped elements alive**',
          '',
          `\`${target.text}\` holds \`${elementText}\` values, which point to other memory. After \`${statement.text}\` the popped slot${count === '1' ? ' is' : 's are'} still in the backing array, so the garbage collector keeps what ${count === '1' ? 'it points' : 'they point'} to until the array is reallocated.`,
          '',
          'Clear the slot before reslicing.',
        ].join('\n'),
        severity: 'information',
        fixes: clearFix(statement, target.text, count, element, context),
        inLoop: !!enclosingLoop(statement),
      });
    }
    return findings;
  },
};

/** The queues popped in this file whose element type the source does not spell: the types helper is asked. */
export function untypedPopTargets(root: SyntaxNode): SyntaxNode[] {
  const targets: SyntaxNode[] = [];
  for (const statement of findAll(root, 'assignment_statement')) {
    const popped = poppedQueue(statement);
    if (!popped || (popped.target.type === 'identifier' && !isPackageLevel(popped.target))) continue;
    if (typeOfOperand(popped.target)?.type !== 'slice_type') targets.push(popped.target);
  }
  return targets;
}

/** An earlier statement of the same block already clears the slots: `clear(X[:N])`, or `X[0] = …` when N is 1. */
function clearedBefore(statement: SyntaxNode, target: string, count: string): boolean {
  const squash = (text: string) => text.replace(/\s+/g, '');
  for (let previous = statement.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
    const text = squash(previous.text);
    if (text === `clear(${squash(target)}[:${squash(count)}])`) return true;
    if (count === '1' && previous.type === 'assignment_statement' && squash(previous.childForFieldName('left')?.text ?? '') === `${squash(target)}[0]`) return true;
  }
  return false;
}

/** `X = X[N:]` (one target, one slice with only a start bound). */
function poppedQueue(statement: SyntaxNode): { target: SyntaxNode; count: string } | undefined {
  if (statement.childForFieldName('operator')?.text !== '=') return undefined;
  const left = statement.childForFieldName('left')?.namedChildren ?? [];
  const right = statement.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== 1 || right.length !== 1 || !left[0] || right[0]?.type !== 'slice_expression') return undefined;
  const slice = right[0];
  const start = slice.childForFieldName('start');
  if (!start || slice.childForFieldName('end') || slice.childForFieldName('capacity')) return undefined;
  if (slice.childForFieldName('operand')?.text !== left[0].text) return undefined;
  if (left[0].type !== 'identifier' && left[0].type !== 'selector_expression') return undefined;
  return { target: left[0], count: start.text };
}

function clearFix(statement: SyntaxNode, target: string, count: string, element: SyntaxNode | undefined, context: PitfallContext): PitfallFix[] {
  if (statement.parent?.type !== 'statement_list') return [];
  const indent = indentOf(context.syntax.lines, statement.startPosition.row);
  const at = { line: statement.startPosition.row, character: statement.startPosition.column };
  let clearing: string | undefined;
  if (atLeast(context.goVersion, 1, 21)) clearing = `clear(${target}[:${count}])`;
  else if (count === '1' && element) {
    const zero = zeroValue(element);
    if (zero) clearing = `${target}[0] = ${zero}`;
  }
  if (!clearing) return [];
  return [{ title: `Clear the popped slot first: ${clearing}`, preferred: true, edits: [{ range: { start: at, end: at }, newText: `${clearing}\n${indent}` }] }];
}

/** An identifier its function does not declare (parameter, receiver, result, `var`, `:=`, range variable) is package-level. */
function isPackageLevel(identifier: SyntaxNode): boolean {
  const name = identifier.text;
  for (let fn = enclosingFunction(identifier); fn; fn = enclosingFunction(fn)) {
    const declares = (n: SyntaxNode) => {
      if (n.type === 'var_spec' || n.type === 'parameter_declaration') return n.childrenForFieldName('name').some((i) => i?.text === name);
      if (n.type === 'short_var_declaration' || n.type === 'range_clause') return n.childForFieldName('left')?.namedChildren.some((i) => i?.text === name) === true;
      return false;
    };
    if (findAll(fn, ['var_spec', 'parameter_declaration', 'short_var_declaration', 'range_clause'], declares).length > 0) return false;
  }
  return true;
}
