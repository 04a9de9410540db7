import type { CompilerFact, CompilerPosition } from '../compiler/facts';
import { detectPitfalls, PitfallCode, PitfallFinding } from '../pitfalls';
import type { GoVersionNumber } from '../pitfalls/types';
import type { SourceSyntax, TextRange } from '../syntax/anchor';
import type { SyntaxNode } from '../syntax/goParser';
import { TrackedFact, trackFacts } from '../workspace/trackedFacts';
import { AnchoredFact, anchorFacts, AnchorOptions } from './anchoredFacts';

/** What is known of one file's package besides its own text: the inputs of its pitfalls. */
export interface FileFindingsRequest {
  file: string;
  syntax: SourceSyntax;
  /** The compiler's facts about this file. */
  facts: readonly CompilerFact[];
  /** Where an explanation step in another file points (undefined when that file cannot be read). */
  rangeElsewhere(position: CompilerPosition): TextRange | undefined;
  /** The main module's `go` directive. */
  goVersion: GoVersionNumber | undefined;
  /** Whether `name` appears in another file of the package. */
  mentionedInOtherFiles(name: string): boolean;
  /** Which pitfalls run (all off: none). */
  pitfalls: Record<PitfallCode, boolean>;
  log(message: string): void;
  /** What classification may know beyond the file (the compiler's version, declarations elsewhere). */
  anchorOptions?: AnchorOptions;
}

export interface FileFindings {
  anchored: AnchoredFact[];
  tracked: TrackedFact[];
  pitfalls: PitfallFinding[];
}

/**
 * One file's findings: its facts anchored on the syntax, tracked (steps placed, loops marked), and
 * the pitfalls detected on them. The language server and the CLI both call this, so an editor and a
 * CI run report the same things.
 */
export function fileFindings(request: FileFindingsRequest): FileFindings {
  const { file, syntax } = request;
  const anchored = anchorFacts(request.facts, () => syntax, request.anchorOptions);
  const tracked = trackFacts(anchored, file, syntax, request.rangeElsewhere);
  const pitfalls = detectPitfalls(
    {
      file,
      syntax,
      facts: tracked,
      packageName: packageClauseName(syntax.tree.rootNode),
      isTestFile: file.endsWith('_test.go'),
      goVersion: request.goVersion,
      mentionedInOtherFiles: request.mentionedInOtherFiles,
    },
    request.pitfalls,
    request.log,
  );
  return { anchored, tracked, pitfalls };
}

/**
 * The package clause's name, from the root's first children: the clause comes before any
 * declaration, so this reads a few nodes where a search of every package identifier reads them all.
 */
function packageClauseName(root: SyntaxNode): string {
  for (const child of root.namedChildren) {
    if (child?.type === 'package_clause') return child.namedChildren.find((n) => n?.type === 'package_identifier')?.text ?? '';
    if (child && child.type !== 'comment') break;
  }
  return '';
}
