import { JsonReport, toJson } from '../../analysis/report';
import type { JsonProfileWeight } from '../../profile/cliProfiles';
import type { FormatInput, Formatted } from './formatInput';

/** The stable JSON contract (README "JSON output"). */
export function formatJson(input: FormatInput): Formatted {
  const report: JsonReport = { go: { version: input.goVersion }, findings: input.findings.map((f) => withProfile(toJson(f), input.profiles?.jsonWeight(f))), errors: [...input.errors] };
  if (input.baseline) report.baseline = input.baseline;
  return { stdout: JSON.stringify(report, null, 2) + '\n', stderr: [] };
}

function withProfile<T extends object>(json: T, profile: JsonProfileWeight | undefined): T | (T & { profile: JsonProfileWeight }) {
  return profile ? { ...json, profile } : json;
}
