import type { JsonBaselineSummary, ReportedFinding } from '../../analysis/report';
import type { GoError } from '../../go/errors';

/** What every output format is given: the findings to show (only the new ones under --baseline) and the run's errors. */
export interface FormatInput {
  findings: readonly ReportedFinding[];
  errors: readonly GoError[];
  goVersion: string | null;
  cwd: string;
  baseline?: JsonBaselineSummary;
}

/** A format's output: what goes to stdout, and lines for stderr (people's messages). */
export interface Formatted {
  stdout: string;
  stderr: string[];
}
