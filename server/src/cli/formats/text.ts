import { formatTextFinding } from '../../analysis/report';
import type { FormatInput, Formatted } from './formatInput';

/** `file:line:col: kind: message (cause)` per finding; errors on stderr. */
export function formatText(input: FormatInput): Formatted {
  return {
    stdout: input.findings.map((f) => formatTextFinding(f, input.cwd) + '\n').join(''),
    stderr: input.errors.map((e) => e.message),
  };
}
