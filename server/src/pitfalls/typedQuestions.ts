import type { SyntaxNode } from '../syntax/goParser';
import { findAll, importNames, rangeOf } from '../syntax/goSyntax';
import { comparePositions } from '../workspace/rangeTracking';
import { argumentsOf, fmtFunctionOf, REWRITTEN_FUNCTIONS, rewriteFmtCall } from './sprintfRewrite';
import { sourceArgumentType } from './interfaceBoxing';
import { putOperands } from './syncPoolValue';
import { untypedPopTargets } from './queueReslice';
import type { PitfallFinding } from './types';

/**
 * The expressions whose types the typed pitfalls want from the types helper in this file: the
 * arguments of `fmt.Sprint`/`Sprintf`/`Sprintln` calls (the boxing rewrite needs them all), and the
 * operand of `x.Put(…)` calls (is it a sync.Pool?), and queues popped with `q = q[1:]` whose element
 * type the file does not spell. Given the findings made without types, only
 * the calls where types can still change something: a boxed argument left without a fix.
 */
export function expressionsToType(root: SyntaxNode, untypedFindings?: readonly PitfallFinding[]): SyntaxNode[] {
  const open = untypedFindings?.filter((f) => f.code === 'interface-boxing' && f.fixes.length === 0);
  const wanted = (call: SyntaxNode) => {
    if (!open) return true;
    const { start, end } = rangeOf(call);
    return open.some((f) => comparePositions(start, f.range.start) <= 0 && comparePositions(f.range.end, end) <= 0);
  };
  const nodes: SyntaxNode[] = [...untypedPopTargets(root), ...putOperands(root).filter((operand) => operand.parent?.parent && wanted(operand.parent.parent))];
  const fmtName = importNames(root).get('fmt');
  if (!fmtName) return nodes;
  for (const call of findAll(root, 'call_expression')) {
    const name = fmtFunctionOf(call, fmtName);
    if (!name || !REWRITTEN_FUNCTIONS.has(name) || !wanted(call)) continue;
    // Asked only when a missing type is what stands in the way (not a width, a float, an evaluation order).
    const untyped = untypedFindings ? rewriteFmtCall(call, fmtName, sourceArgumentType) : undefined;
    if (!untyped || (!untyped.ok && untyped.unknownType)) nodes.push(...argumentsOf(call));
  }
  return nodes;
}
