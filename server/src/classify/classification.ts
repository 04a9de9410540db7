import type { CompilerFact } from '../compiler/facts';
import { HEAP_KINDS } from '../compiler/facts';
import type { Anchor, SourceSyntax } from '../syntax/anchor';
import type { SyntaxNode } from '../syntax/goParser';
import { capturesNothing } from './closures';
import { coldPathOf } from './coldPaths';
import { fileDeclarations, ImportedDeclarations, PackageDeclarations, withPackage } from './declarations';
import { conversionWithoutAllocation } from './interfaceConversion';
import { subjectNode } from './subjectNode';
import { isZeroSizeAllocation } from './zeroSizeAllocation';

/**
 * Why a heap fact costs no allocation in the compiled code (see cmd/compile/internal/walk/convert.go,
 * dataWord): the interface's data word points at read-only data, `zerobase`, `staticuint64s`, or is
 * the value itself.
 */
export type NoAllocationReason = 'constant' | 'zero-size' | 'small-value' | 'read-only-global' | 'pointer-shaped';

export const NO_ALLOCATION_REASONS: readonly NoAllocationReason[] = ['constant', 'zero-size', 'small-value', 'read-only-global', 'pointer-shaped'];

/** Where a cold fact sits: code that runs only when something went wrong. */
export type ColdPathKind = 'error-return' | 'error-value' | 'panic' | 'inlined-panic';

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

/** What classification may look at besides the fact: its anchored node and the file's syntax, and optionally more of the package. */
export interface ClassificationContext {
  anchor: Anchor;
  source: SourceSyntax;
  /**
   * Top-level declarations of the package's other files (`collectDeclarations`): constants and types
   * declared elsewhere in the package. Without it only the fact's own file is read.
   */
  packageDeclarations?: PackageDeclarations;
  /**
   * Imported packages' declarations by package name (`qualifyDeclarations` of each): zero-size types
   * of other packages (`context.backgroundCtx{}`), their constants as Go 1.19 prints them (`time.Second`).
   */
  importedDeclarations?: ImportedDeclarations;
  /** The compiler's version: Go 1.26 keeps constant composite literals in read-only data. Without it, they count as allocating. */
  goVersion?: { major: number; minor: number };
  /** `inlining call to F` facts on the fact's line: names the inlined function a cold fact really sits in. */
  inlinedCallsOnLine?: readonly CompilerFact[];
}

/**
 * Pure: the fact, its anchor and the source in, a verdict out. A heap fact allocates unless the
 * compiler's walk of interface conversions provably needs no allocation for it (see
 * interfaceConversion.ts); when unsure, it allocates. Cold paths: see coldPaths.ts.
 */
export function classifyFact(fact: CompilerFact, context: ClassificationContext): Classification {
  if (!HEAP_KINDS.has(fact.kind)) return { allocates: undefined };
  try {
    return classifyHeapFact(fact, context);
  } catch {
    // Source that does not parse cleanly can leave a field we read missing: say what is safe.
    return { allocates: true };
  }
}

function classifyHeapFact(fact: CompilerFact, context: ClassificationContext): Classification {
  const anchored = anchoredNode(context);
  if (!anchored) return { allocates: true };
  const node = subjectNode(fact, anchored, context.inlinedCallsOnLine ?? []);
  const declarations = withPackage(fileDeclarations(context.source.tree), context.packageDeclarations, context.importedDeclarations);
  const reason = noAllocationReason(fact, node, declarations, context);
  const coldPath = coldPathOf({ fact, node, inlinedCallsOnLine: context.inlinedCallsOnLine ?? [] });
  const classification: Classification = reason ? { allocates: false, noAllocationReason: reason } : { allocates: true };
  if (coldPath) classification.coldPath = coldPath;
  return classification;
}

function noAllocationReason(fact: CompilerFact, node: SyntaxNode, declarations: PackageDeclarations, context: ClassificationContext): NoAllocationReason | undefined {
  if (isZeroSizeAllocation(fact, node, declarations, context.goVersion)) return 'zero-size';
  // A func literal that captures nothing is the function's static funcval (walk/closure.go).
  if (fact.kind === 'escapes-to-heap' && fact.subject === 'func literal' && capturesNothing(node, declarations)) return 'read-only-global';
  return conversionWithoutAllocation({ fact, node, declarations, goVersion: context.goVersion });
}

/** The syntax node the anchor was made from: the node of that type spanning exactly the anchor's range. */
function anchoredNode(context: ClassificationContext): SyntaxNode | undefined {
  const { range, nodeType } = context.anchor;
  const start = { row: range.start.line, column: range.start.character };
  let node: SyntaxNode | null = context.source.tree.rootNode.descendantForPosition(start);
  for (; node; node = node.parent) {
    if (node.startPosition.row !== start.row || node.startPosition.column !== start.column) return undefined;
    if (node.type === nodeType && (node.endPosition.row > range.end.line || (node.endPosition.row === range.end.line && node.endPosition.column >= range.end.character - 1))) return node;
  }
  return undefined;
}

/** A fact that is a real heap allocation on a normal path: what counts, what gets a diagnostic by default. */
export function isCountedAllocation(fact: CompilerFact, classification: Classification): boolean {
  return HEAP_KINDS.has(fact.kind) && classification.allocates === true && !classification.coldPath;
}

const NO_ALLOCATION_WORDS: Record<NoAllocationReason, string> = {
  constant: 'Escapes, but no allocation: a constant is stored as static data.',
  'zero-size': "Escapes, but no allocation: a zero-size value points at the runtime's zerobase.",
  'small-value': "Escapes, but no allocation: a bool or byte points into the runtime's static table of byte values.",
  'read-only-global': 'Escapes, but no allocation: read-only data made at compile time (a literal of constants, or a closure that captures nothing).',
  'pointer-shaped': 'Escapes, but no allocation: a pointer-shaped value is stored in the interface itself.',
};

/** One or two plain sentences for a hover when a heap fact costs nothing or runs only on failure; undefined otherwise. */
export function classificationNote(classification: Classification): string | undefined {
  const cold = classification.coldPath ? `On a cold path: ${classification.coldPath.note}.` : undefined;
  if (classification.allocates === false && classification.noAllocationReason) {
    return cold ? `${NO_ALLOCATION_WORDS[classification.noAllocationReason]} ${cold}` : NO_ALLOCATION_WORDS[classification.noAllocationReason];
  }
  if (classification.allocates === false) return 'Escapes, but no allocation.';
  if (cold) return cold;
  return undefined;
}
