import { HEAP_KINDS } from '../compiler/facts';
import type { SourceSyntax } from '../syntax/anchor';
import type { GoParser } from '../syntax/goParser';
import type { TrackedFact } from '../workspace/trackedFacts';
import { weighFile } from './attribute';
import { declarationsOf } from './declarations';
import { ProfiledTexts } from './profiledTexts';
import type { ProfileSummary } from './profileSummary';

/**
 * The editor's profiles and the one thing done with them: putting a weight on each heap fact a
 * document shows. Profiles come in named sets (one per workspace folder's settings, the files loaded
 * by command, the last benchmark run), each replaced whole when it is reloaded.
 */
export class ProfileWeigher {
  private readonly sets = new Map<string, ProfileSummary[]>();
  private readonly texts: ProfiledTexts;

  constructor(parser: GoParser) {
    this.texts = new ProfiledTexts(parser);
  }

  /** Replaces one set of profiles (an empty list removes it). */
  setProfiles(origin: string, summaries: readonly ProfileSummary[]): void {
    if (summaries.length === 0) this.sets.delete(origin);
    else this.sets.set(origin, [...summaries]);
  }

  profiles(): ProfileSummary[] {
    return [...this.sets.values()].flat();
  }

  /** The facts with weights on their heap facts (and none left from profiles no longer loaded). */
  weigh(file: string, syntax: () => SourceSyntax, facts: readonly TrackedFact[]): TrackedFact[] {
    const summaries = this.profiles();
    const heap = facts.filter((f) => HEAP_KINDS.has(f.fact.kind));
    if (summaries.length === 0 || heap.length === 0) return facts.some((f) => f.profile) ? facts.map(withoutWeight) : (facts as TrackedFact[]);
    const weights = weighFile(
      summaries,
      { file, now: declarationsOf(syntax().tree.rootNode), factLines: heap.map((f) => f.range.start.line) },
      (summary) => this.texts.declarationsThen(summary, file),
    );
    const byFact = new Map(heap.map((fact, index) => [fact, weights[index]]));
    return facts.map((fact) => {
      const profile = byFact.get(fact);
      return profile ? { ...fact, profile } : withoutWeight(fact);
    });
  }
}

function withoutWeight(fact: TrackedFact): TrackedFact {
  if (!fact.profile) return fact;
  const { profile: _dropped, ...rest } = fact;
  return rest;
}
