import { formatTextFinding } from '../../analysis/report';
import type { FormatInput, Formatted } from './formatInput';

/** `file:line:col: kind: message (cause)` per finding (with --profile: a totals header, heaviest first); errors on stderr. */
export function formatText(input: FormatInput): Formatted {
  return {
    stdout: (input.profiles?.textLines?.(input.findings, (f) => formatTextFinding(f, input.cwd)) ?? input.findings.map((f) => formatTextFinding(f, input.cwd))).map((line) => line + '\n').join(''),
    stderr: input.errors.map((e) => e.message),
  };
}
