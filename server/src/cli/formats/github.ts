import { CAUSE_SUMMARIES } from '../../explain/causes';
import { isPseudoFile } from '../../compiler/positions';
import { displayPath, isCountedHeapAllocation, ReportedFinding } from '../../analysis/report';
import type { FormatInput, Formatted } from './formatInput';

/**
 * GitHub Actions workflow commands: `::warning file=…,line=…,col=…::message`, which the runner turns
 * into annotations on the pull request's diff (for workflows without code scanning).
 */
export function formatGithub(input: FormatInput): Formatted {
  const lines: string[] = [];
  for (const finding of input.findings) {
    if (isPseudoFile(finding.file)) continue;
    const { start, end } = finding.range;
    const properties = [
      `file=${escapeProperty(displayPath(finding.file, input.cwd))}`,
      `line=${start.line + 1}`,
      `endLine=${end.line + 1}`,
      ...(start.line === end.line ? [`col=${start.character + 1}`, `endColumn=${end.character + 1}`] : [`col=${start.character + 1}`]),
      `title=${escapeProperty(titleOf(finding))}`,
    ];
    lines.push(`::${levelOf(finding)} ${properties.join(',')}::${escapeData(messageOf(finding))}`);
  }
  for (const error of input.errors) lines.push(`::error title=go-escape-hints::${escapeData(error.message)}`);
  return { stdout: lines.map((l) => l + '\n').join(''), stderr: [] };
}

function levelOf(finding: ReportedFinding): 'warning' | 'notice' {
  if (finding.pitfall) return finding.pitfall.severity === 'warning' ? 'warning' : 'notice';
  return isCountedHeapAllocation(finding) ? 'warning' : 'notice';
}

function titleOf(finding: ReportedFinding): string {
  if (finding.pitfall) return `pitfall ${finding.pitfall.code}`;
  return `${finding.fact!.fact.kind}${finding.inLoop ? ' (in a loop)' : ''}`;
}

function messageOf(finding: ReportedFinding): string {
  if (finding.pitfall) return finding.pitfall.message;
  const { fact, cause } = finding.fact!;
  return cause ? `${fact.message}: ${CAUSE_SUMMARIES[cause]}` : fact.message;
}

/** The runner's escaping (actions/toolkit's command.ts): data escapes %, CR, LF; properties also : and ,. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
