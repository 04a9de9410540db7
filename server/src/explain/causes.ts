import type { CompilerFact, CompilerPosition } from '../compiler/facts';
import { HEAP_KINDS, LEAK_KINDS } from '../compiler/facts';

/** Why a value went to the heap (or why a parameter leaks), read from the compiler's flow chain. */
export type Cause =
  | 'interface-boxing'
  | 'closure-capture'
  | 'address-returned'
  | 'non-constant-size'
  | 'too-large-for-stack'
  | 'stored-in-escaping-location'
  | 'passed-to-opaque-call'
  | 'flows-to-result'
  | 'leaks-to-heap'
  | 'unexplained';

export const CAUSE_SUMMARIES: Record<Cause, string> = {
  'interface-boxing': 'converted to an interface (for example a `...any` argument such as fmt.Println\'s), so the value is copied to the heap',
  'closure-capture': 'captured by reference by a closure that outlives the function, so the variable lives on the heap',
  'address-returned': 'its address (or a pointer into it) is returned, so it must outlive the call',
  'non-constant-size': 'its size is not known at compile time, so it cannot be placed on the stack',
  'too-large-for-stack': 'it is too large for the stack, so the compiler allocates it on the heap',
  'stored-in-escaping-location': 'it is stored into something that already lives on the heap (a global, a heap object, a map or a channel)',
  'passed-to-opaque-call': 'it is passed to a call the compiler cannot see through (an interface method, a function value, or a parameter that leaks)',
  'flows-to-result': 'the parameter flows to a result: callers keep what it points to (a sub-slice keeps the whole backing array) alive',
  'leaks-to-heap': 'the parameter is stored somewhere that outlives the call, so every argument passed here escapes',
  unexplained: 'the compiler gave no reason (run with -m=2 for the flow)',
};

export const CAUSE_ADVICE: Record<Cause, string> = {
  'interface-boxing': 'Avoid the interface on hot paths: use a typed function (strconv.Itoa instead of fmt.Sprint), or pass a pointer that already lives on the heap.',
  'closure-capture': 'Pass the value to the closure as a parameter, or copy it into a local declared inside the closure.',
  'address-returned': 'Return the value instead of its address, or let the caller pass in the storage to fill.',
  'non-constant-size': 'Use a constant size (or a fixed-size array) when the bound is known, or reuse a buffer.',
  'too-large-for-stack': 'Reuse one buffer (a field, a sync.Pool) instead of allocating a large one per call.',
  'stored-in-escaping-location': 'Store a copy, or keep the value local; check whether the long-lived holder really needs it.',
  'passed-to-opaque-call': 'Call a concrete function instead of an interface method or function value, so the compiler can see that the value does not escape.',
  'flows-to-result': 'If callers keep the result for long, return a copy (bytes.Clone, strings.Clone) so the large backing array can be freed.',
  'leaks-to-heap': 'Check whether the parameter must be retained; if only part of it is needed, copy that part.',
  unexplained: 'Run the analysis with -m=2 to see the compiler\'s flow.',
};

/** One step of the explanation, positioned, for related information, hovers and the CLI. */
export interface ExplanationStep {
  message: string;
  position: CompilerPosition;
}

/** Expressions whose own evaluation allocates; any other value expression that "escapes to heap" was boxed. */
const ALLOCATING_EXPRESSION = /^(&|make\(|new\(|append\b|func literal|\[|map\[|\.\.\. argument|string\(|\(?\[\]byte\)?\(|\(?\[\]rune\)?\(|\{)/;

/** Reads the cause of a heap or leak fact from its chains; other facts have none. */
export function classifyCause(fact: CompilerFact): Cause | undefined {
  if (!HEAP_KINDS.has(fact.kind) && !LEAK_KINDS.has(fact.kind)) return undefined;
  if (fact.kind === 'leaking-param-to-result') return 'flows-to-result';
  const steps = fact.explanations.flatMap((e) => e.steps);
  const whys = new Set(steps.map((s) => s.why).filter((w): w is string => !!w));
  if (whys.has('captured by a closure')) return 'closure-capture';
  if (whys.has('too large for stack')) return 'too-large-for-stack';
  if (whys.has('non-constant size')) return 'non-constant-size';
  if (whys.has('interface-converted') || isImplicitBoxing(fact)) return 'interface-boxing';
  if (LEAK_KINDS.has(fact.kind)) {
    if (fact.details.leaksTo && /^~r\d+$/.test(fact.details.leaksTo)) return 'flows-to-result';
    return 'leaks-to-heap';
  }
  if (whys.has('return')) return 'address-returned';
  if (whys.has('call parameter')) return 'passed-to-opaque-call';
  if (steps.length > 0) return 'stored-in-escaping-location';
  return 'unexplained';
}

/**
 * A value expression (a variable, a field, a literal, a call result, a struct literal) has no storage
 * of its own to allocate; when the compiler says it "escapes to heap", the allocation is the interface
 * box it was converted into (an `any` parameter, a `...any` argument, an interface assignment).
 * String concatenations are the exception: they build a new string.
 */
export function isImplicitBoxing(fact: CompilerFact): boolean {
  if (fact.kind !== 'escapes-to-heap') return false;
  const subject = fact.subject.trim();
  return !ALLOCATING_EXPRESSION.test(subject) && !/ \+ /.test(subject);
}

/** The chain as positioned steps; a `flow:` line takes the position of the `from` step that follows it. */
export function explanationSteps(fact: CompilerFact): ExplanationStep[] {
  const result: ExplanationStep[] = [];
  for (const explanation of fact.explanations) {
    const positioned: ExplanationStep[] = [];
    let next = positionOf(fact);
    for (let i = explanation.steps.length - 1; i >= 0; i--) {
      const step = explanation.steps[i];
      if (step.position) next = step.position;
      positioned.push({ message: step.message, position: next });
    }
    result.push(...positioned.reverse());
  }
  return result;
}

function positionOf(fact: CompilerFact): CompilerPosition {
  return { file: fact.file, line: fact.line, column: fact.column };
}
