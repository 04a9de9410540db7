import * as path from 'path';
import { isPseudoFile } from '../compiler/positions';
import { CAUSE_SUMMARIES, explanationSteps } from '../explain/causes';
import type { GoError } from '../go/errors';
import type { AnchoredFact } from './anchoredFacts';

/** The CLI's `--format json` contract (documented in the README). Changing a field name is a breaking change. */
export interface JsonReport {
  go: { version: string | null };
  findings: JsonFinding[];
  errors: GoError[];
}

export interface JsonFinding {
  file: string;
  position: { line: number; column: number | null };
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  kind: string;
  message: string;
  cause: string | null;
  explanation: { message: string; file: string; position: { line: number; column: number | null } }[];
}

export function toJsonFinding({ fact, anchor, cause }: AnchoredFact): JsonFinding {
  return {
    file: fact.file,
    position: { line: fact.line, column: fact.column },
    range: anchor.range,
    kind: fact.kind,
    message: fact.message,
    cause: cause ?? null,
    explanation: explanationSteps(fact).map((step) => ({
      message: step.message,
      file: step.position.file,
      position: { line: step.position.line, column: step.position.column },
    })),
  };
}

/** `file:line:col: kind: message (cause)` — the shape terminals and editors already link. */
export function formatTextFinding(finding: AnchoredFact, cwd: string): string {
  const { fact, anchor, cause } = finding;
  const file = isPseudoFile(fact.file) ? fact.file : path.relative(cwd, fact.file) || fact.file;
  const column = fact.column ?? anchor.byteColumn;
  const why = cause ? ` (${CAUSE_SUMMARIES[cause]})` : '';
  return `${file}:${fact.line}:${column}: ${fact.kind}: ${fact.message}${why}`;
}

/** Stable order: by file, then position, then kind. */
export function compareFindings(a: AnchoredFact, b: AnchoredFact): number {
  return (
    a.fact.file.localeCompare(b.fact.file) ||
    a.anchor.range.start.line - b.anchor.range.start.line ||
    a.anchor.range.start.character - b.anchor.range.start.character ||
    a.fact.kind.localeCompare(b.fact.kind)
  );
}
