import { CodeAction, CodeActionKind, Diagnostic, Range } from 'vscode-languageserver';
import type { PitfallFinding } from '../pitfalls';
import { comparePositions } from '../workspace/rangeTracking';

/** Quick fixes for the pitfalls that overlap `range`, each tied to its diagnostic when the client sent it. */
export function codeActionsFor(uri: string, findings: readonly PitfallFinding[], range: Range, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (comparePositions(finding.range.end, range.start) < 0 || comparePositions(range.end, finding.range.start) < 0) continue;
    const diagnostic = diagnostics.find((d) => d.code === finding.code && comparePositions(d.range.start, finding.range.start) === 0 && comparePositions(d.range.end, finding.range.end) === 0);
    for (const fix of finding.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred,
        diagnostics: diagnostic ? [diagnostic] : undefined,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
  }
  return actions;
}
