import * as path from 'path';
import { Classification, isCountedAllocation } from '../classify/classification';
import { HEAP_KINDS } from '../compiler/facts';
import { isPseudoFile } from '../compiler/positions';
import { CAUSE_SUMMARIES, explanationSteps } from '../explain/causes';
import type { GoError } from '../go/errors';
import type { PitfallCode, PitfallFinding } from '../pitfalls';
import type { TextRange } from '../syntax/anchor';
import type { TrackedFact } from '../workspace/trackedFacts';
import type { AnchoredFact } from './anchoredFacts';

/**
 * One thing the CLI reports: a compiler fact anchored on the code, or a pitfall found on it. Every
 * output format (text, JSON, SARIF, GitHub annotations) and the baseline read these.
 */
export interface ReportedFinding {
  file: string;
  /** 1-based line, 1-based byte column (the compiler's for facts; null when it omitted it). */
  position: { line: number; column: number | null };
  /** 0-based line, 0-based UTF-16 character (LSP's convention). */
  range: TextRange;
  /** The package's import path ('' when unknown, e.g. a saved log). */
  package: string;
  /** The top-level function holding it (`T.Method` for methods), '' at package level. */
  function: string;
  /** The text it is about, whitespace collapsed: part of its fingerprint. */
  subject: string;
  /** Inside a `for` body: it happens on every iteration. */
  inLoop: boolean;
  /** Set by fingerprinting (cli/fingerprint.ts): the how-many-th finding of its kind on this subject in its function. */
  occurrence: number;
  fingerprint: string;
  fact?: AnchoredFact & { tracked: TrackedFact };
  pitfall?: PitfallFinding;
}

/** A fact kind (`moved-to-heap`, …) or a pitfall id (`time-tick-leak`, …): SARIF's rule id, the baseline's kind. */
export function ruleIdOf(finding: ReportedFinding): string {
  return finding.pitfall ? finding.pitfall.code : finding.fact!.fact.kind;
}

/** A real heap allocation on a normal path (the classify stage's verdict): what the baseline gate counts by default. */
export function isCountedHeapAllocation(finding: ReportedFinding): boolean {
  return !!finding.fact && isCountedAllocation(finding.fact.fact, finding.fact.classification);
}

/** The CLI's `--format json` contract (documented in the README). Changing a field name is a breaking change. */
export interface JsonReport {
  go: { version: string | null };
  findings: (JsonFinding | JsonPitfallFinding)[];
  errors: GoError[];
  /** With `--baseline`: what changed since it was written (the findings above are the new ones). */
  baseline?: JsonBaselineSummary;
}

export interface JsonBaselineSummary {
  file: string;
  new: number;
  fixed: { package: string; function: string; kind: string; subject: string; occurrence: number }[];
  summary: string;
}

interface JsonPlace {
  file: string;
  position: { line: number; column: number | null };
  range: TextRange;
  package: string;
  function: string;
  inLoop: boolean;
  fingerprint: string;
}

export interface JsonFinding extends JsonPlace {
  kind: string;
  message: string;
  cause: string | null;
  explanation: { message: string; file: string; position: { line: number; column: number | null } }[];
  /** Heap kinds only: whether the compiled code allocates. */
  allocates?: boolean;
  /** Heap kinds only, when `allocates` is false: why not. */
  noAllocationReason?: string;
  /** Heap kinds only: on an error or panic path. */
  coldPath?: boolean;
}

export interface JsonPitfallFinding extends JsonPlace {
  kind: 'pitfall';
  id: PitfallCode;
  message: string;
  severity: PitfallFinding['severity'];
  /** Markdown: what, why it matters, what to do. */
  help: string;
  fixes: { title: string; preferred: boolean; edits: { range: TextRange; newText: string }[] }[];
}

export function toJson(finding: ReportedFinding): JsonFinding | JsonPitfallFinding {
  const place: JsonPlace = {
    file: finding.file,
    position: finding.position,
    range: finding.range,
    package: finding.package,
    function: finding.function,
    inLoop: finding.inLoop,
    fingerprint: finding.fingerprint,
  };
  if (finding.pitfall) {
    const p = finding.pitfall;
    return { ...place, kind: 'pitfall', id: p.code, message: p.message, severity: p.severity, help: p.explanation, fixes: p.fixes.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits.map((e) => ({ range: e.range, newText: e.newText })) })) };
  }
  const { fact, cause, classification } = finding.fact!;
  return {
    ...place,
    kind: fact.kind,
    message: fact.message,
    cause: cause ?? null,
    explanation: explanationSteps(fact).map((step) => ({
      message: step.message,
      file: step.position.file,
      position: { line: step.position.line, column: step.position.column },
    })),
    ...(HEAP_KINDS.has(fact.kind) ? heapFields(classification) : {}),
  };
}

function heapFields(classification: Classification): Pick<JsonFinding, 'allocates' | 'noAllocationReason' | 'coldPath'> {
  const allocates = classification.allocates !== false;
  return {
    allocates,
    ...(allocates ? {} : { noAllocationReason: classification.noAllocationReason ?? 'unknown' }),
    coldPath: !!classification.coldPath,
  };
}

/** A path as people read it: relative to `cwd` when inside it. */
export function displayPath(file: string, cwd: string): string {
  if (isPseudoFile(file)) return file;
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** `file:line:col: kind: message (cause)` — the shape terminals and editors already link. Pitfalls read `pitfall ID: message`. */
export function formatTextFinding(finding: ReportedFinding, cwd: string): string {
  const file = displayPath(finding.file, cwd);
  const at = `${file}:${finding.position.line}:${finding.position.column ?? (finding.fact?.anchor.byteColumn ?? 1)}`;
  if (finding.pitfall) return `${at}: pitfall ${finding.pitfall.code}: ${finding.pitfall.message}`;
  const { fact, cause } = finding.fact!;
  const why = cause ? ` (${CAUSE_SUMMARIES[cause]})` : '';
  return `${at}: ${fact.kind}: ${fact.message}${why}`;
}

/** Stable order: by file, then position, then facts before pitfalls, then kind. */
export function compareFindings(a: ReportedFinding, b: ReportedFinding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    Number(!!a.pitfall) - Number(!!b.pitfall) ||
    ruleIdOf(a).localeCompare(ruleIdOf(b))
  );
}
