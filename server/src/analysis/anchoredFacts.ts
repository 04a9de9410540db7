import { Classification, classifyFact } from '../classify/classification';
import type { CompilerFact } from '../compiler/facts';
import { Cause, classifyCause } from '../explain/causes';
import { Anchor, anchorFact, SourceSyntax } from '../syntax/anchor';

/** A compiler fact placed on the syntax node it is about, with its cause. */
export interface AnchoredFact {
  fact: CompilerFact;
  anchor: Anchor;
  cause: Cause | undefined;
  /** Whether it really allocates, and whether it is on a cold path (the classify stage). */
  classification: Classification;
}

/**
 * Anchors facts file by file. `sourceFor` returns the parsed file (or undefined when it cannot be
 * read); facts that do not land on the text are dropped rather than shown in the wrong place.
 */
export function anchorFacts(facts: readonly CompilerFact[], sourceFor: (file: string) => SourceSyntax | undefined): AnchoredFact[] {
  const anchored: AnchoredFact[] = [];
  for (const fact of facts) {
    const source = sourceFor(fact.file);
    if (!source) continue;
    const anchor = anchorFact(fact, source);
    if (anchor) anchored.push({ fact, anchor, cause: classifyCause(fact), classification: classifyFact(fact, { anchor, source }) });
  }
  return anchored;
}
