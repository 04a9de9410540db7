import { Classification, classifyFact } from '../classify/classification';
import type { ImportedDeclarations, PackageDeclarations } from '../classify/declarations';
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

/** What classification may know beyond each fact's own file (both optional: without them it reads only that file). */
export interface AnchorOptions {
  /** The package's top-level declarations (`collectDeclarations` over its files): constants and types of other files. */
  packageDeclarations?: PackageDeclarations;
  /** Imported packages' declarations by package name (`qualifyDeclarations`): other packages' zero-size types and constants. */
  importedDeclarations?: ImportedDeclarations;
  /** The compiler's version (`GoVersion` has the same fields). */
  goVersion?: { major: number; minor: number };
}

/**
 * Anchors facts file by file. `sourceFor` returns the parsed file (or undefined when it cannot be
 * read); facts that do not land on the text are dropped rather than shown in the wrong place.
 */
export function anchorFacts(facts: readonly CompilerFact[], sourceFor: (file: string) => SourceSyntax | undefined, options: AnchorOptions = {}): AnchoredFact[] {
  const anchored: AnchoredFact[] = [];
  const inlinedCalls = inlinedCallsByLine(facts);
  for (const fact of facts) {
    const source = sourceFor(fact.file);
    if (!source) continue;
    const anchor = anchorFact(fact, source);
    if (!anchor) continue;
    const inlinedCallsOnLine = inlinedCalls.get(`${fact.file}:${fact.line}`);
    const classification = classifyFact(fact, { anchor, source, inlinedCallsOnLine, ...options });
    anchored.push({ fact, anchor, cause: classifyCause(fact), classification });
  }
  return anchored;
}

/** `inlining call to F` facts by file and line: a cold fact inside inlined code names its function. */
function inlinedCallsByLine(facts: readonly CompilerFact[]): Map<string, CompilerFact[]> {
  const byLine = new Map<string, CompilerFact[]>();
  for (const fact of facts) {
    if (fact.kind !== 'inlining-call') continue;
    const key = `${fact.file}:${fact.line}`;
    const list = byLine.get(key);
    if (list) list.push(fact);
    else byLine.set(key, [fact]);
  }
  return byLine;
}
