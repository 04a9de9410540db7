import type { SyntaxNode } from '../syntax/goParser';
import { LineIndex, utf16OffsetToByte } from '../syntax/textPositions';
import { ok, Result } from './errors';
import type { GoToolchain } from './toolchain';
import { HelperPosition, runTypesHelper, TypesHelperOptions } from './typesHelper';

/**
 * "What is the type of the expression here?", asked of the types helper (go/types on the package as
 * the compiler saw it), batched per file. Pitfalls use the answers where the source does not spell a
 * type next to the value (a struct field, a method result, a named type).
 */

/** An expression's extent as the compiler prints positions (1-based line, 1-based byte column). */
export interface ExpressionSpan {
  start: HelperPosition;
  end: HelperPosition;
}

export interface ExpressionQuery {
  file: string;
  ranges: ExpressionSpan[];
}

export interface ExpressionType {
  file: string;
  range: ExpressionSpan;
  /** The type as Go writes it, qualified by package name outside the package (`User`, `time.Duration`). */
  type: string;
  /** Its underlying type (`string` for `type Name string`). */
  underlying: string;
  /** The underlying basic kind (`int64`, `string`, `byte`, `untyped int`); absent when not basic. */
  basic?: string;
  /** An interface type: what fmt prints depends on the dynamic value. */
  interface?: boolean;
  /** The constant value in Go syntax, when the expression is constant. */
  constant?: string;
  /** Methods that change how fmt prints the value (String, Error, Format, GoString), on T or *T. */
  methods?: string[];
  /** A slice's element type, and whether it holds pointers (what a popped slot keeps alive). */
  element?: string;
  elementPointers?: boolean;
}

/** The span of a syntax node in the helper's terms (tree-sitter columns here are UTF-16 units). */
export function spanOfNode(node: SyntaxNode, lines: LineIndex): ExpressionSpan {
  const at = (row: number, column: number): HelperPosition => ({ line: row + 1, column: utf16OffsetToByte(lines.lineText(row), column) + 1 });
  return { start: at(node.startPosition.row, node.startPosition.column), end: at(node.endPosition.row, node.endPosition.column) };
}

function spanKey(file: string, span: ExpressionSpan): string {
  return `${file}\0${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

/** The answers of one query, looked up by syntax node. */
export class ExpressionTypes {
  private readonly byKey = new Map<string, ExpressionType>();

  constructor(answers: readonly ExpressionType[]) {
    for (const answer of answers) this.byKey.set(spanKey(answer.file, answer.range), answer);
  }

  /** The type of the expression `node` spans in `file` (whose text `lines` indexes), if the helper knew it. */
  typeOf(file: string, node: SyntaxNode, lines: LineIndex): ExpressionType | undefined {
    return this.byKey.get(spanKey(file, spanOfNode(node, lines)));
  }

  get size(): number {
    return this.byKey.size;
  }
}

export interface ExpressionTypesRequest {
  dir: string;
  tags?: readonly string[];
  tests?: boolean;
  /** A `-overlay` file with the editor's unsaved contents (the same the compiler saw). */
  overlay?: string;
  queries: readonly ExpressionQuery[];
}

/** Runs the types helper for these expressions only (cancellable through `options.signal`). */
export async function queryExpressionTypes(toolchain: GoToolchain, request: ExpressionTypesRequest, options: TypesHelperOptions = {}): Promise<Result<ExpressionTypes>> {
  const queries = request.queries.filter((q) => q.ranges.length > 0);
  if (queries.length === 0) return ok(new ExpressionTypes([]));
  const result = await runTypesHelper(toolchain, { dir: request.dir, tags: request.tags, tests: request.tests, overlay: request.overlay, expressionTypes: queries }, options);
  if (!result.ok) return result;
  return ok(new ExpressionTypes(result.value.expressions ?? []));
}
