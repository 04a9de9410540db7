import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { kindDocsUrl } from '../shared/docs';
import type { SeverityName, Settings } from '../shared/settings';
import type { TrackedFact } from '../workspace/trackedFacts';
import { reasonOf, STALE_NOTE } from './describe';

export const DIAGNOSTIC_SOURCE = 'Go Escape Hints';

const SEVERITIES: Record<Exclude<SeverityName, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Data carried on each diagnostic so code actions can find their fact again. */
export interface DiagnosticData {
  kind: string;
  subject: string;
  cause?: string;
}

/** The Problems-panel view of a document's facts: severity per kind, the flow as related information. */
export function toDiagnostics(facts: readonly TrackedFact[], settings: Settings): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const tracked of facts) {
    const severity = settings.diagnostics.severity[tracked.fact.kind];
    if (severity === 'off') continue;
    const relatedInformation: DiagnosticRelatedInformation[] = [];
    for (const step of tracked.steps) {
      // `from` steps name the operations, each at its own place; `flow:` lines repeat the next step's place.
      if (!step.range || step.position.file.startsWith('<') || step.message.startsWith('flow:')) continue;
      relatedInformation.push({ location: { uri: URI.file(step.position.file).toString(), range: step.range }, message: step.message });
    }
    const data: DiagnosticData = { kind: tracked.fact.kind, subject: tracked.fact.subject, cause: tracked.cause };
    diagnostics.push({
      range: tracked.range,
      severity: SEVERITIES[severity],
      source: DIAGNOSTIC_SOURCE,
      code: tracked.fact.kind,
      codeDescription: { href: kindDocsUrl(tracked.fact.kind) },
      message: `${tracked.fact.message}: ${reasonOf(tracked)}${tracked.stale ? `\n${STALE_NOTE}` : ''}`,
      relatedInformation: relatedInformation.length > 0 ? relatedInformation : undefined,
      data,
    });
  }
  return diagnostics;
}
