import type { JsonBaselineSummary, ReportedFinding } from '../../analysis/report';
import type { GoError } from '../../go/errors';
import type { CliProfiles } from '../../profile/cliProfiles';

/** What every output format is given: the findings to show (only the new ones under --baseline) and the run's errors. */
export interface FormatInput {
  findings: readonly ReportedFinding[];
  errors: readonly GoError[];
  goVersion: string | null;
  cwd: string;
  baseline?: JsonBaselineSummary;
  /** With --profile: a heap finding's weight (JSON), and the text report's order and header. */
  profiles?: CliProfiles;
}

/** A format's output: what goes to stdout, and lines for stderr (people's messages). */
export interface Formatted {
  stdout: string;
  stderr: string[];
}
