import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { PitfallFinding } from '../pitfalls';
import { kindDocsUrl, pitfallDocsUrl } from '../shared/docs';
import { rangeContains } from '../workspace/rangeTracking';
import { classificationNote } from '../classify/classification';
import type { SeverityName, Settings } from '../shared/settings';
import type { TrackedFact } from '../workspace/trackedFacts';
import { reasonOf, STALE_NOTE } from './describe';
import { loopNote } from '../explain/causes';
import { factSeverity, heapClass, pitfallRelevant } from './factFilter';

export const DIAGNOSTIC_SOURCE = 'Go Escape Hints';

/** At most this many steps as related information (the hover's chain stops at the same number). */
export const MAX_RELATED = 3;

const SEVERITIES: Record<Exclude<SeverityName, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Data carried on each diagnostic so code actions can find their fact or pitfall again. */
export interface DiagnosticData {
  kind: string;
  subject?: string;
  cause?: string;
  pitfall?: string;
}

/** Pitfalls that explain a heap fact better than its plain diagnostic: the fact's own is left out. */
const REPLACING_PITFALLS = new Set(['interface-boxing', 'sync-pool-value']);

/** A pitfall's severity; a boxing finding set to Hint ranks like the allocation it explains: Information in a loop. */
function findingSeverity(finding: PitfallFinding, settings: Settings): Exclude<SeverityName, 'off'> {
  const configured = settings.diagnostics.pitfalls[finding.code] as Exclude<SeverityName, 'off'>;
  return finding.code === 'interface-boxing' && finding.inLoop && configured === 'hint' ? 'information' : configured;
}

/**
 * The Problems-panel view of a document: pitfalls (Warning), allocations in loops (Information), other
 * allocations (Hint); nothing for what costs no allocation or runs only on failure (each configurable).
 * The flow is related information; what happens on every loop iteration comes first.
 */
export function toDiagnostics(facts: readonly TrackedFact[], findings: readonly PitfallFinding[], settings: Settings): Diagnostic[] {
  const shownFindings = findings.filter((f) => !f.quiet && settings.diagnostics.pitfalls[f.code] !== 'off' && pitfallRelevant(f, facts));
  const replaced = shownFindings.filter((f) => REPLACING_PITFALLS.has(f.code)).map((f) => f.range);
  const ranked: { inLoop: boolean; diagnostic: Diagnostic }[] = shownFindings.map((finding) => ({
    inLoop: finding.inLoop,
    diagnostic: {
      range: finding.range,
      severity: SEVERITIES[findingSeverity(finding, settings)],
      source: DIAGNOSTIC_SOURCE,
      code: finding.code,
      codeDescription: { href: pitfallDocsUrl(finding.code) },
      message: finding.message,
      data: { kind: 'pitfall', pitfall: finding.code } satisfies DiagnosticData,
    },
  }));
  for (const tracked of facts) {
    const severity = factSeverity(tracked, settings);
    if (severity === 'off') continue;
    if (replaced.some((r) => rangeContains(r, tracked.range.start) && rangeContains(r, tracked.range.end))) continue;
    const relatedInformation: DiagnosticRelatedInformation[] = [];
    const seen = new Set<string>();
    for (const step of tracked.steps) {
      // `from` steps name the operations, each at its own place; `flow:` lines repeat the next step's place.
      if (!step.range || step.position.file.startsWith('<') || step.message.startsWith('flow:')) continue;
      // The compiler repeats a chain per flow: each step once, and only the first few (the report has them all),
      // so the diagnostic shown with a hover still fits a window.
      const key = `${step.message}@${step.position.file}:${step.position.line}:${step.position.column}`;
      if (seen.has(key) || relatedInformation.length >= MAX_RELATED) continue;
      seen.add(key);
      relatedInformation.push({ location: { uri: URI.file(step.position.file).toString(), range: step.range }, message: step.message });
    }
    const data: DiagnosticData = { kind: tracked.fact.kind, subject: tracked.fact.subject, cause: tracked.cause };
    const allocatesInLoop = tracked.inLoop && heapClass(tracked) === 'allocates';
    const loop = allocatesInLoop ? ` — ${loopNote(tracked.cause)}` : '';
    const note = classificationNote(tracked.classification);
    ranked.push({
      inLoop: allocatesInLoop,
      diagnostic: {
        range: tracked.focus,
        severity: SEVERITIES[severity],
        source: DIAGNOSTIC_SOURCE,
        code: tracked.fact.kind,
        codeDescription: { href: kindDocsUrl(tracked.fact.kind) },
        message: `${tracked.fact.message}${loop}: ${note ? `${note} ` : ''}${reasonOf(tracked)}${directiveNote(tracked)}${tracked.stale ? `\n${STALE_NOTE}` : ''}`,
        relatedInformation: relatedInformation.length > 0 ? relatedInformation : undefined,
        data,
      },
    });
  }
  // Loops first; Array.prototype.sort is stable, so the rest keep the order given.
  return ranked.sort((a, b) => Number(b.inLoop) - Number(a.inLoop)).map((r) => r.diagnostic);
}

/** Generated code: the position the compiler printed, when a `//line` directive renamed it. */
function directiveNote(tracked: TrackedFact): string {
  const directive = tracked.fact.details.lineDirective;
  return directive ? `\n(Position rewritten by //line: the compiler printed ${directive.printed}${directive.placed ? '' : '; shown on the directive'}.)` : '';
}
