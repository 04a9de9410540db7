import * as fs from 'fs';
import type { GoParser } from '../syntax/goParser';
import { Declaration, declarationsOf } from './declarations';
import type { ProfileSummary } from './profileSummary';

/**
 * What a file looked like when a profile was taken: its text on disk, if the file has not been written
 * since (the profiled binary was built from disk). Read once per profile and file and kept, so that
 * saving an edit later does not make the edited text look like the profiled one.
 */
export class ProfiledTexts {
  private readonly byProfile = new WeakMap<ProfileSummary, Map<string, ReadonlyMap<string, Declaration> | undefined>>();

  constructor(private readonly parser: GoParser) {}

  declarationsThen(summary: ProfileSummary, file: string): ReadonlyMap<string, Declaration> | undefined {
    let files = this.byProfile.get(summary);
    if (!files) {
      files = new Map();
      this.byProfile.set(summary, files);
    }
    if (!files.has(file)) files.set(file, this.read(summary, file));
    return files.get(file);
  }

  private read(summary: ProfileSummary, file: string): ReadonlyMap<string, Declaration> | undefined {
    try {
      if (!unchangedSince(file, summary)) return undefined;
      const tree = this.parser.parse(fs.readFileSync(file, 'utf8'));
      try {
        return declarationsOf(tree.rootNode);
      } finally {
        tree.delete();
      }
    } catch {
      return undefined;
    }
  }
}

/** Whether the file on disk is older than the profile (a profile that does not say when it was taken is trusted). */
export function unchangedSince(file: string, summary: ProfileSummary): boolean {
  try {
    return summary.timeMs === undefined || fs.statSync(file).mtimeMs <= summary.timeMs;
  } catch {
    return false;
  }
}
