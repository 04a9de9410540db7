import { JsonReport, toJson } from '../../analysis/report';
import type { FormatInput, Formatted } from './formatInput';

/** The stable JSON contract (README "JSON output"). */
export function formatJson(input: FormatInput): Formatted {
  const report: JsonReport = { go: { version: input.goVersion }, findings: input.findings.map(toJson), errors: [...input.errors] };
  if (input.baseline) report.baseline = input.baseline;
  return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: [] };
}
