import type { CompilerFact, CompilerPosition } from '../compiler/facts';
import { HEAP_KINDS, LEAK_KINDS } from '../compiler/facts';
import { shapeNeutral } from '../compiler/shapes';

/** Why a value went to the heap (or why a parameter leaks), read from the compiler's flow chain. */
export type Cause =
  | 'interface-boxing'
  | 'closure-capture'
  | 'address-returned'
  | 'append-growth'
  | 'non-constant-size'
  | 'too-large-for-stack'
  | 'stored-in-escaping-location'
  | 'passed-to-opaque-call'
  | 'flows-to-result'
  | 'leaks-to-heap'
  | 'unexplained';

export const CAUSES: readonly Cause[] = [
  'interface-boxing',
  'closure-capture',
  'address-returned',
  'append-growth',
  'non-constant-size',
  'too-large-for-stack',
  'stored-in-escaping-location',
  'passed-to-opaque-call',
  'flows-to-result',
  'leaks-to-heap',
  'unexplained',
];

export const CAUSE_SUMMARIES: Record<Cause, string> = {
  'interface-boxing': 'converted to an interface (an `any` parameter, a `...any` argument such as fmt.Println\'s), so the value is copied into a new heap box',
  'closure-capture': 'captured by a closure that outlives the function, so it must live on the heap',
  'address-returned': 'its address (or a slice, map or closure that refers to it) is returned, so it must outlive the call',
  'append-growth': 'when append finds the slice full it allocates a larger backing array on the heap; in a loop that happens about log2(n) times for n appends (capacity doubles while small, then grows by about 1.25×), not on every iteration',
  'non-constant-size': 'its size is not known at compile time, so it cannot be placed on the stack',
  'too-large-for-stack': 'it is too large for the stack, so the compiler allocates it on the heap',
  'stored-in-escaping-location': 'it is stored into something that already lives on the heap (a global, a heap object, a map, a channel, or a slice\'s backing array)',
  'passed-to-opaque-call': 'it is passed to a function whose parameter leaks: the callee keeps it, or the compiler cannot see the callee (an interface method or a function value)',
  'flows-to-result': 'the parameter flows to a result: callers keep what it points to (a sub-slice keeps the whole backing array) alive',
  'leaks-to-heap': 'the parameter is stored somewhere that outlives the call, so every argument passed here escapes',
  unexplained: 'the compiler printed no flow for it (plain -m output has none)',
};

export const CAUSE_ADVICE: Record<Cause, string> = {
  'interface-boxing': 'Avoid the interface on hot paths: use a typed function (strconv.Itoa instead of fmt.Sprint), or pass a pointer that already lives on the heap.',
  'closure-capture': 'Pass the value to the closure as a parameter, or copy it into a local declared inside the closure.',
  'address-returned': 'Return the value instead of its address when callers only read it; for a buffer, let the caller pass in the storage to fill so it can be reused.',
  'append-growth': 'Preallocate when the final length is known or can be bounded: make([]T, 0, n), then append; or reuse a slice across calls (s = s[:0]).',
  'non-constant-size': 'Use a constant size (or a fixed-size array) when the bound is known, or reuse a buffer.',
  'too-large-for-stack': 'Reuse one buffer (a field, a sync.Pool) instead of allocating a large one per call.',
  'stored-in-escaping-location': 'Store a copy, or keep the value local; check whether the long-lived holder really needs it.',
  'passed-to-opaque-call': 'Call a concrete function whose parameter does not leak, instead of an interface method or a function value, so the compiler can see that the value does not escape.',
  'flows-to-result': 'If callers keep the result for long, return a copy (bytes.Clone, strings.Clone) so the large backing array can be freed.',
  'leaks-to-heap': 'Check whether the parameter must be retained; if only part of it is needed, copy that part.',
  unexplained: 'Rebuild with -gcflags=-m=2 to see the compiler\'s flow.',
};

/**
 * How a heap fact inside a loop should be worded: most allocate on every iteration, but append
 * reallocates only when the slice is full, a logarithmic number of times.
 */
export function loopNote(cause: Cause | undefined): string {
  return cause === 'append-growth' ? 'in a loop, append grows the array about log2(n) times, not on every iteration' : 'allocates on every iteration of the loop';
}

/** One step of the explanation, positioned, for related information, hovers and the CLI. */
export interface ExplanationStep {
  message: string;
  position: CompilerPosition;
}

/** Expressions whose own evaluation allocates; any other value expression that "escapes to heap" was boxed. */
const ALLOCATING_EXPRESSION = /^(&|make\(|new\(|append\b|func literal|\[|map\[|\.\.\. argument|string\(|\(?\[\]byte\)?\(|\(?\[\]rune\)?\(|\{)/;

/**
 * Expressions that are (or make) a reference to a new object: a pointer, a slice's or a map's storage, a
 * closure. Converting one to an interface copies nothing (the interface holds the reference), so for
 * them `interface-converted` in the chain is not the allocation's cause: where the interface goes is.
 */
const REFERENCE_EXPRESSION = /^(&|make\(|new\(|append\b|func literal|\[\]|map\[)/;

/** Reads the cause of a heap or leak fact from its chains; other facts have none. */
export function classifyCause(fact: CompilerFact): Cause | undefined {
  if (!HEAP_KINDS.has(fact.kind) && !LEAK_KINDS.has(fact.kind)) return undefined;
  if (fact.kind === 'leaking-param-to-result') return 'flows-to-result';
  if (LEAK_KINDS.has(fact.kind)) {
    // A leak is about where the parameter's value goes, not about an allocation of its own.
    if (fact.details.leaksTo && /^~r\d+$/.test(fact.details.leaksTo)) return 'flows-to-result';
    return 'leaks-to-heap';
  }
  const subject = fact.subject.trim();
  if (subject === 'append' || subject.startsWith('append(')) return 'append-growth';
  const steps = fact.explanations.flatMap((e) => e.steps);
  const whys = new Set(steps.map((s) => s.why).filter((w): w is string => !!w));
  if (whys.has('too large for stack')) return 'too-large-for-stack';
  if (whys.has('non-constant size')) return 'non-constant-size';
  if (whys.has('captured by a closure')) return 'closure-capture';
  if (isImplicitBoxing(fact) || (whys.has('interface-converted') && !REFERENCE_EXPRESSION.test(subject))) return 'interface-boxing';
  if (whys.has('return')) return 'address-returned';
  // Appending a pointer stores it into the slice's backing array; append is not an opaque call.
  const calls = steps.filter((s) => s.why === 'call parameter');
  if (calls.length > 0 && calls.some((s) => !s.expression?.startsWith('append('))) return 'passed-to-opaque-call';
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

/**
 * The compiler's internal names in plain words, for hovers, diagnostics and the CLI: `~r0` → "result 1",
 * `{storage for ... argument}` → "the slice holding the variadic arguments", `{heap}` → "the heap",
 * `go.shape.int` → `int`. Text without internal names comes back unchanged.
 */
export function plainSubject(text: string): string {
  const words = text
    .replace(/\{storage for \.\.\. argument\}/g, 'the slice holding the variadic arguments')
    .replace(/&\{storage for ([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g, 'the address of the storage of $1')
    .replace(/\{storage for ([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g, 'the storage of $1')
    .replace(/\{heap\}/g, 'the heap')
    .replace(/\{temp\}/g, 'a temporary')
    .replace(/(^|[^\w.])~r(\d+)\b/g, (_, before: string, n: string) => `${before}result ${Number(n) + 1}`)
    .replace(/(^|[^\w.])~R(\d+)\b/g, (_, before: string, n: string) => `${before}the inlined call's result ${Number(n) + 1}`)
    .replace(/(^|[^\w])\.autotmp_\d+\b/g, '$1a temporary')
    .replace(/^\.\.\. argument$/, 'the variadic arguments');
  return shapeNeutral(words, (shape) => shape);
}

/** Plain words for a `(why)` of a `from` step; `spill` is the compiler's word for giving a value its own storage. */
export const STEP_WHY_WORDS: Readonly<Record<string, string>> = {
  spill: 'given its own storage',
  'address-of': 'its address is taken',
  'interface-converted': 'converted to an interface',
  'call parameter': 'passed as an argument',
  'captured by a closure': 'captured by a closure',
  'slice-literal-element': 'an element of a slice literal',
  'struct literal element': 'a field of a struct literal',
  'assign-pair': 'assigned (an inlined call\'s parameter or result)',
  'dot of pointer': 'a field read through a pointer',
  'key of map put': 'a key stored in a map',
  'value of map put': 'a value stored in a map',
  'too large for stack': 'too large for the stack',
  'non-constant size': 'its size is not constant',
};

/**
 * One `-m=2` step in plain words: internal names rendered (plainSubject) and the `(why)` explained,
 * e.g. `from &T{...} (spill)` → `from &T{...} (given its own storage)`, `flow: ~r0 ← &p` → `flow: result 1 ← &p`.
 */
export function plainStepMessage(message: string): string {
  const why = /^(from .*) \(([^()]*)\)$/s.exec(message);
  if (why) return `${plainSubject(why[1])} (${STEP_WHY_WORDS[why[2]] ?? why[2]})`;
  return plainSubject(message);
}
