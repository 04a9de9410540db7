import * as crypto from 'crypto';
import { ReportedFinding, ruleIdOf } from '../analysis/report';

/**
 * What identifies a finding across commits: its package, its function, its kind, the text it is
 * about and which occurrence of that text it is in the function. No line numbers and no file name,
 * so inserting lines above, moving a function or renaming its file keeps the fingerprint.
 */
export interface FingerprintParts {
  package: string;
  function: string;
  kind: string;
  subject: string;
  occurrence: number;
}

export function fingerprintOf(parts: FingerprintParts): string {
  const key = [parts.package, parts.function, parts.kind, parts.subject, String(parts.occurrence)].join('\u0000');
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/**
 * Numbers the findings that share package, function, kind and subject in source order (0, 1, …)
 * and sets their fingerprints. `findings` must be in a stable order (file, then position).
 */
export function assignFingerprints(findings: readonly ReportedFinding[]): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const kind = ruleIdOf(finding);
    const group = [finding.package, finding.function, kind, finding.subject].join('\u0000');
    const occurrence = seen.get(group) ?? 0;
    seen.set(group, occurrence + 1);
    finding.occurrence = occurrence;
    finding.fingerprint = fingerprintOf({ package: finding.package, function: finding.function, kind, subject: finding.subject, occurrence });
  }
}
