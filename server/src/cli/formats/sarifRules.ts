import type { FactKind } from '../../compiler/facts';
import type { PitfallCode } from '../../pitfalls';

/** One SARIF rule's words: a short name, one sentence, and what to do (the README has the rest). */
export interface RuleText {
  name: string;
  short: string;
  help: string;
}

export const FACT_RULES: Record<FactKind, RuleText> = {
  'moved-to-heap': { name: 'MovedToHeap', short: 'A variable lives on the heap.', help: 'The compiler moved this variable to the heap because a reference to it outlives the function. Keep its address from escaping (do not return it, store it in a global or a heap object, or capture it in a closure that outlives the call).' },
  'escapes-to-heap': { name: 'EscapesToHeap', short: 'Evaluating this expression allocates on the heap.', help: 'The value escapes: it is boxed into an interface, captured, returned by address, or too large or of unknown size for the stack. The explanation (codeFlows) shows the compiler\'s reasoning step by step.' },
  'does-not-escape': { name: 'DoesNotEscape', short: 'The value stays on the stack.', help: 'The compiler proved it does not outlive the function: no heap allocation.' },
  'leaking-param': { name: 'LeakingParam', short: 'The parameter\'s value outlives the call.', help: 'Callers passing a pointer here make what it points to escape. Avoid storing the parameter where it outlives the call.' },
  'leaking-param-content': { name: 'LeakingParamContent', short: 'What the parameter points to outlives the call.', help: 'The content the parameter points to is stored somewhere that outlives the call, so callers\' values escape.' },
  'leaking-param-to-result': { name: 'LeakingParamToResult', short: 'The parameter flows to a result.', help: 'A result aliases the parameter (often a sub-slice): callers keep its backing array alive as long as the result lives.' },
  'can-inline': { name: 'CanInline', short: 'The function can be inlined.', help: 'Its inlining cost is within the budget: calls to it are copied into the caller.' },
  'cannot-inline': { name: 'CannotInline', short: 'The function cannot be inlined.', help: 'The compiler gives the reason; for budget overruns, moving a rarely taken branch into its own function often makes it inlinable.' },
  'inlining-call': { name: 'InliningCall', short: 'The call is inlined.', help: 'The callee\'s body is copied here: no call overhead, and its values can stay on this stack.' },
  devirtualized: { name: 'InterfaceCallDevirtualized', short: 'An interface call was devirtualized.', help: 'The compiler knows the dynamic type and calls the method directly.' },
  'bounds-check': { name: 'BoundsCheckKept', short: 'An index or slice bounds check the compiler kept.', help: 'The compiler could not prove the index or slice bounds in range. Check the length once before the loop, re-slice to a known length, or range over the slice.' },
  'nil-check': { name: 'NilCheckKept', short: 'A nil check the compiler kept.', help: 'The compiler could not prove the pointer non-nil nor fold the check into a memory access. Check it once before the loop.' },
  other: { name: 'CompilerNote', short: 'Another compiler note.', help: 'Closure captures and informational notes of the escape analysis.' },
};

export const PITFALL_RULES: Record<PitfallCode, RuleText> = {
  'time-tick-leak': { name: 'TimeTickLeak', short: 'time.Tick leaks its ticker.', help: 'Before Go 1.23 an unstopped ticker is never garbage-collected. Use time.NewTicker and defer ticker.Stop().' },
  'sub-slice-pinning': { name: 'SubSlicePinning', short: 'A sub-slice pins its backing array.', help: 'The small slice keeps the whole backing array alive. Copy it (bytes.Clone, strings.Clone, slices.Clone).' },
  'queue-reslice-leak': { name: 'QueueResliceLeak', short: 'Popping a queue keeps the element alive.', help: 'The popped slots stay in the backing array. Clear them first (clear(q[:n]) or q[0] = nil).' },
  'interface-boxing': { name: 'InterfaceBoxing', short: 'A value is boxed into an interface.', help: 'Every conversion to an interface allocates. Use a typed function instead (strconv.Itoa for fmt.Sprint of an int).' },
  'sync-pool-value': { name: 'SyncPoolValue', short: 'A non-pointer value in a sync.Pool.', help: 'Putting a slice or struct into a sync.Pool allocates on every Put. Pool pointers (*[]byte, *T).' },
  'slice-preallocation': { name: 'SlicePreallocation', short: 'A slice that could be preallocated.', help: 'The slice reallocates and copies about log2(n) times. Preallocate: make([]T, 0, len(xs)).' },
  'struct-padding': { name: 'StructPadding', short: 'Reordering the fields would make the struct smaller.', help: 'Padding between fields wastes at least a word per value. Order fields by alignment, largest first (the editor\'s quick fix does it, keeping comments and tags).' },
};
