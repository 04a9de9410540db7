import * as fs from 'fs';
import * as path from 'path';
import { FACT_KINDS, FactKind } from '../compiler/facts';
import { displayPath, isCountedHeapAllocation, ReportedFinding, ruleIdOf } from '../analysis/report';
import { PITFALL_CODES, PitfallCode } from '../pitfalls';
import type { FingerprintParts } from './fingerprint';

/**
 * The baseline gate: record today's findings by fingerprint, and later report only what is new
 * (and what was fixed). See cli/fingerprint.ts for what a fingerprint is made of.
 */

export const BASELINE_VERSION = 1;

export interface BaselineEntry extends FingerprintParts {
  fingerprint: string;
  /** A real heap allocation on a normal path when it was recorded. */
  counted: boolean;
  pitfall: boolean;
  inLoop: boolean;
  /** Where it was, for people reading the file; never used to match. */
  file: string;
  line: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'go-escape-hints';
  findings: BaselineEntry[];
}

export function baselineOf(findings: readonly ReportedFinding[], cwd: string): Baseline {
  const entries = findings.map((f): BaselineEntry => ({
    fingerprint: f.fingerprint,
    package: f.package,
    function: f.function,
    kind: ruleIdOf(f),
    subject: f.subject,
    occurrence: f.occurrence,
    counted: isCountedHeapAllocation(f),
    pitfall: !!f.pitfall,
    inLoop: f.inLoop,
    file: displayPath(f.file, cwd).split(path.sep).join('/'),
    line: f.position.line,
  }));
  // Sorted by what identifies them, so a re-written baseline diffs by what changed, not by where.
  entries.sort((a, b) => a.package.localeCompare(b.package) || a.function.localeCompare(b.function) || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject) || a.occurrence - b.occurrence);
  return { version: BASELINE_VERSION, tool: 'go-escape-hints', findings: entries };
}

export function writeBaseline(file: string, baseline: Baseline): void {
  fs.writeFileSync(file, JSON.stringify(baseline, null, 1) + '\n');
}

/** Reads a baseline file; a missing or malformed one is a message, never a crash. */
export function readBaseline(file: string): { ok: true; baseline: Baseline } | { ok: false; message: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read the baseline ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (write one with --write-baseline)' : (error as Error).message}` };
  }
  let parsed: Partial<Baseline>;
  try {
    parsed = JSON.parse(text) as Partial<Baseline>;
  } catch (error) {
    return { ok: false, message: `the baseline ${file} is not JSON: ${(error as Error).message}` };
  }
  if (parsed?.tool !== 'go-escape-hints' || !Array.isArray(parsed.findings)) return { ok: false, message: `${file} is not a go-escape-hints baseline (write one with --write-baseline)` };
  if (parsed.version !== BASELINE_VERSION) return { ok: false, message: `the baseline ${file} has version ${String(parsed.version)}; this CLI reads version ${BASELINE_VERSION}: write it again with --write-baseline` };
  const findings = parsed.findings.filter((e): e is BaselineEntry => !!e && typeof e.fingerprint === 'string');
  return { ok: true, baseline: { version: BASELINE_VERSION, tool: 'go-escape-hints', findings } };
}

export interface BaselineComparison {
  /** Findings whose fingerprint the baseline does not hold. */
  added: ReportedFinding[];
  /** Baseline entries of analysed packages that no finding matches any more. */
  fixed: BaselineEntry[];
}

/**
 * Compares by fingerprint. Only packages analysed this time can have fixed findings: analysing one
 * package against a module's baseline does not call the rest of the module fixed.
 */
export function compareWithBaseline(
  findings: readonly ReportedFinding[],
  baseline: Baseline,
  analysedPackages: ReadonlySet<string>,
  /** Whether this run looked for the entry's kind at all (`--kinds`, `--no-pitfalls`): what it did not look for is not fixed. */
  lookedFor: (entry: BaselineEntry) => boolean = () => true,
): BaselineComparison {
  const recorded = new Set(baseline.findings.map((e) => e.fingerprint));
  const current = new Set(findings.map((f) => f.fingerprint));
  return {
    added: findings.filter((f) => !recorded.has(f.fingerprint)),
    fixed: baseline.findings.filter((e) => !current.has(e.fingerprint) && analysedPackages.has(e.package) && lookedFor(e)),
  };
}

/** What makes the gate fail (`--fail-on`): counted heap allocations, pitfalls, named pitfalls or fact kinds. */
export interface FailOn {
  heap: boolean;
  allPitfalls: boolean;
  pitfalls: Set<PitfallCode>;
  kinds: Set<FactKind>;
}

export const DEFAULT_FAIL_ON = 'heap,pitfall';

/** Parses `heap,pitfall,time-tick-leak,leaking-param` (or `none`); unknown words are a usage error. */
export function parseFailOn(text: string): FailOn | { error: string } {
  const failOn: FailOn = { heap: false, allPitfalls: false, pitfalls: new Set(), kinds: new Set() };
  for (const word of text.split(',').map((w) => w.trim()).filter(Boolean)) {
    if (word === 'none') continue;
    if (word === 'heap') failOn.heap = true;
    else if (word === 'pitfall' || word === 'pitfalls') failOn.allPitfalls = true;
    else if ((PITFALL_CODES as readonly string[]).includes(word)) failOn.pitfalls.add(word as PitfallCode);
    else if ((FACT_KINDS as readonly string[]).includes(word)) failOn.kinds.add(word as FactKind);
    else return { error: `--fail-on: unknown kind ${word} (use heap, pitfall, none, a pitfall id or a fact kind)` };
  }
  return failOn;
}

export function failsGate(finding: ReportedFinding, failOn: FailOn): boolean {
  if (finding.pitfall) return failOn.allPitfalls || failOn.pitfalls.has(finding.pitfall.code);
  const kind = finding.fact!.fact.kind;
  return failOn.kinds.has(kind) || (failOn.heap && isCountedHeapAllocation(finding));
}

function entryFailsGate(entry: BaselineEntry, failOn: FailOn): boolean {
  if (entry.pitfall) return failOn.allPitfalls || failOn.pitfalls.has(entry.kind as PitfallCode);
  return failOn.kinds.has(entry.kind as FactKind) || (failOn.heap && entry.counted);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 new heap allocations (1 in a loop), 1 fixed since the baseline" — over what the gate watches. */
export function summaryLine(comparison: BaselineComparison, failOn: FailOn, hasBaseline: boolean): string {
  const failing = comparison.added.filter((f) => failsGate(f, failOn));
  const heap = failing.filter((f) => !f.pitfall && isCountedHeapAllocation(f));
  const pitfalls = failing.filter((f) => f.pitfall);
  const others = failing.filter((f) => !f.pitfall && !isCountedHeapAllocation(f));
  const parts: string[] = [];
  if (failOn.heap || heap.length > 0) {
    const inLoop = heap.filter((f) => f.inLoop).length;
    parts.push(`${plural(heap.length, 'new heap allocation')}${inLoop > 0 ? ` (${inLoop} in a loop)` : ''}`);
  }
  if (failOn.allPitfalls || failOn.pitfalls.size > 0 || pitfalls.length > 0) parts.push(plural(pitfalls.length, 'new pitfall'));
  if (others.length > 0) parts.push(plural(others.length, 'other new finding'));
  if (parts.length === 0) parts.push('nothing new the gate watches');
  const fixed = comparison.fixed.filter((e) => entryFailsGate(e, failOn)).length;
  return `${parts.join(', ')}${hasBaseline ? `, ${fixed} fixed since the baseline` : ''}`;
}
