import type { CompilerFact } from '../compiler/facts';
import { HEAP_KINDS } from '../compiler/facts';
import type { Anchor, SourceSyntax } from '../syntax/anchor';

/**
 * Why a heap fact costs no allocation in the compiled code (see cmd/compile/internal/walk/convert.go,
 * dataWord): the interface's data word points at read-only data, `zerobase`, `staticuint64s`, or is
 * the value itself.
 */
export type NoAllocationReason = 'constant' | 'zero-size' | 'small-value' | 'read-only-global' | 'pointer-shaped';

export const NO_ALLOCATION_REASONS: readonly NoAllocationReason[] = ['constant', 'zero-size', 'small-value', 'read-only-global', 'pointer-shaped'];

/** Where a cold fact sits: code that runs only when something went wrong. */
export type ColdPathKind = 'error-return' | 'panic' | 'inlined-panic';

export interface ColdPath {
  kind: ColdPathKind;
  /** Plain words on where the allocation really is, e.g. "inside the inlined reflect.Value.IsNil, on its panic path". */
  note: string;
}

/** The classify stage's verdict on one fact: does the program allocate here, and is it a cold path? */
export interface Classification {
  /** For heap facts (`moved-to-heap`, `escapes-to-heap`): whether the compiled code allocates. Undefined for other kinds. */
  allocates: boolean | undefined;
  /** When `allocates` is false: why not. */
  noAllocationReason?: NoAllocationReason;
  /** Set when the fact is on an error or panic path. */
  coldPath?: ColdPath;
}

/** What classification may look at besides the fact: its anchored node and the file's syntax. */
export interface ClassificationContext {
  anchor: Anchor;
  source: SourceSyntax;
}

/**
 * Pure: the fact, its anchor and the source in, a verdict out. Placeholder rules until the classify
 * stage lands: every heap fact allocates, nothing is cold.
 */
export function classifyFact(fact: CompilerFact, _context: ClassificationContext): Classification {
  return { allocates: HEAP_KINDS.has(fact.kind) ? true : undefined };
}

/** A fact that is a real heap allocation on a normal path: what counts, what gets a diagnostic by default. */
export function isCountedAllocation(fact: CompilerFact, classification: Classification): boolean {
  return HEAP_KINDS.has(fact.kind) && classification.allocates === true && !classification.coldPath;
}

/** One plain sentence for a hover when a heap fact costs nothing or runs only on failure; undefined otherwise. */
export function classificationNote(classification: Classification): string | undefined {
  if (classification.allocates === false) return 'Escapes, but no allocation.';
  if (classification.coldPath) return `On a cold path: ${classification.coldPath.note}.`;
  return undefined;
}
