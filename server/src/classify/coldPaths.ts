import type { CompilerFact } from '../compiler/facts';
import type { SyntaxNode } from '../syntax/goParser';
import { FUNCTION_TYPES } from '../syntax/goSyntax';
import type { ColdPath } from './classification';

/** What the cold-path rules look at: the fact, its anchored node, and the inlining facts reported on its line. */
export interface ColdPathContext {
  fact: CompilerFact;
  node: SyntaxNode;
  /** `inlining call to F` facts of the same file and line (the compiler reports inlined code at the call). */
  inlinedCallsOnLine: readonly CompilerFact[];
}

/**
 * Where a heap fact runs only when something went wrong:
 * - in the argument of `panic(…)` in the source;
 * - on the panic path of a function inlined at the fact's position (`rv.IsNil()` reports
 *   `&reflect.ValueError{...} escapes to heap` at the call): the compiler's explanation ends in
 *   `from panic(…) (call parameter)` while the source there has no panic;
 * - in the error a `return` hands back (`return nil, fmt.Errorf(…)`), or anywhere in the branch of
 *   `if err != nil { … }`;
 * - in an error being built (`fmt.Errorf(…)`, `errors.New(…)`) wherever it goes next
 *   (`d.saveError(fmt.Errorf(…))`): Go code builds an error value when something failed.
 */
export function coldPathOf(context: ColdPathContext): ColdPath | undefined {
  const { node } = context;
  if (insidePanicArgument(node)) return { kind: 'panic', note: 'in the argument of panic(…), which runs only when the program is about to panic' };
  if (flowsIntoPanic(context.fact)) {
    const callee = inlinedCallee(context);
    return { kind: 'inlined-panic', note: callee ? `inside the inlined ${callee}, on its panic path` : 'inside a function inlined here, on its panic path' };
  }
  const errorReturn = insideErrorReturn(node);
  if (errorReturn) return { kind: 'error-return', note: errorReturn };
  const constructor = errorConstructorAround(node);
  if (constructor) return { kind: 'error-value', note: `in the error ${constructor}(…) builds, which Go code builds only when something failed` };
  return undefined;
}

/** The functions that build an error value from their arguments. */
const ERROR_CONSTRUCTORS = new Set(['fmt.Errorf', 'errors.New']);

/** `fmt.Errorf` or `errors.New` when `node` is that call or inside it; undefined otherwise. */
function errorConstructorAround(node: SyntaxNode): string | undefined {
  for (const n of [node, ...ancestorsInFunction(node)]) {
    if (n.type !== 'call_expression') continue;
    const callee = n.childForFieldName('function');
    if (callee?.type === 'selector_expression' && ERROR_CONSTRUCTORS.has(callee.text)) return callee.text;
  }
  return undefined;
}

/** The ancestors of `node` up to (not including) its enclosing function. */
function* ancestorsInFunction(node: SyntaxNode): Generator<SyntaxNode> {
  for (let n = node.parent; n; n = n.parent) {
    if (FUNCTION_TYPES.has(n.type)) return;
    yield n;
  }
}

function insidePanicArgument(node: SyntaxNode): boolean {
  for (const n of [node, ...ancestorsInFunction(node)]) {
    if (n.type !== 'call_expression') continue;
    const callee = n.childForFieldName('function');
    if (callee?.type === 'identifier' && callee.text === 'panic' && n.childForFieldName('arguments')?.startIndex !== undefined && n.childForFieldName('arguments')!.startIndex <= node.startIndex) return true;
  }
  return false;
}

/**
 * The -m=2 explanation shows the fact's value passed straight to `panic` (`from panic(&reflect.ValueError{...})
 * (call parameter)`): the value is built for the panic, not merely a variable that also reaches one.
 */
function flowsIntoPanic(fact: CompilerFact): boolean {
  const subject = fact.subject.replace(/\s+/g, '');
  for (const explanation of fact.explanations) {
    for (const step of explanation.steps) {
      if (step.kind !== 'from' || step.why !== 'call parameter' || !step.expression?.startsWith('panic(')) continue;
      if (step.expression.replace(/\s+/g, '').includes(subject)) return true;
    }
  }
  return false;
}

/** The function inlined at the fact's position: the `inlining call to F` at the same column, else the only one on the line. */
function inlinedCallee(context: ColdPathContext): string | undefined {
  const calls = context.inlinedCallsOnLine;
  const same = calls.find((c) => c.column !== null && c.column === context.fact.column);
  if (same) return same.subject;
  const names = new Set(calls.map((c) => c.subject));
  return names.size === 1 ? [...names][0] : undefined;
}

const ERROR_NAME = /^err|[eE]rr$|Error$/;

/** In the error value of a `return`, or in the branch of `if err != nil`: the note to show, else undefined. */
function insideErrorReturn(node: SyntaxNode): string | undefined {
  let child = node;
  for (const n of ancestorsInFunction(node)) {
    if (n.type === 'return_statement' && isErrorSlot(n, node)) return 'in the error this return hands back, which is built only when the function fails';
    if (n.type === 'if_statement' && n.childForFieldName('consequence')?.equals(child) && testsErrorNotNil(n.childForFieldName('condition'))) {
      return 'in the `if err != nil` branch, which runs only when an error occurred';
    }
    child = n;
  }
  return undefined;
}

/** `node` is inside the last value a return hands back, that result's type is `error`, and the value is not `nil`. */
function isErrorSlot(ret: SyntaxNode, node: SyntaxNode): boolean {
  const list = ret.namedChildren.find((c) => c?.type === 'expression_list');
  if (!list) return false;
  const values = list.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const last = values[values.length - 1];
  if (!last || last.type === 'nil' || node.startIndex < last.startIndex || node.endIndex > last.endIndex) return false;
  return lastResultIsError(ret, values.length);
}

/** The enclosing function's results: as many as the return has values, the last one `error`. */
function lastResultIsError(ret: SyntaxNode, count: number): boolean {
  let fn: SyntaxNode | null = ret.parent;
  while (fn && !FUNCTION_TYPES.has(fn.type)) fn = fn.parent;
  const result = fn?.childForFieldName('result');
  if (!result) return false;
  if (result.type !== 'parameter_list') return count === 1 && result.text === 'error';
  const types: string[] = [];
  for (const param of result.namedChildren) {
    if (param?.type !== 'parameter_declaration') continue;
    const names = Math.max(1, param.childrenForFieldName('name').length);
    for (let i = 0; i < names; i++) types.push(param.childForFieldName('type')?.text ?? '');
  }
  return types.length === count && types[types.length - 1] === 'error';
}

/** `err != nil`, alone or as one side of `&&` / `||`. */
function testsErrorNotNil(condition: SyntaxNode | null): boolean {
  if (!condition) return false;
  if (condition.type === 'parenthesized_expression') return testsErrorNotNil(condition.namedChildren[0]);
  if (condition.type !== 'binary_expression') return false;
  const operator = condition.childForFieldName('operator')?.type;
  const left = condition.childForFieldName('left');
  const right = condition.childForFieldName('right');
  if (operator === '&&') return testsErrorNotNil(left) || testsErrorNotNil(right);
  if (operator !== '!=') return false;
  const named = left?.type === 'nil' ? right : right?.type === 'nil' ? left : undefined;
  return !!named && named.type === 'identifier' && ERROR_NAME.test(named.text);
}
