import type { TextRange } from '../syntax/anchor';
import type { SourceSyntax } from '../syntax/anchor';
import type { TrackedFact } from '../workspace/trackedFacts';
import type { ExpressionType } from '../go/expressionTypes';
import type { SyntaxNode } from '../syntax/goParser';

export type PitfallCode =
  | 'time-tick-leak'
  | 'sub-slice-pinning'
  | 'queue-reslice-leak'
  | 'interface-boxing'
  | 'sync-pool-value'
  | 'slice-preallocation'
  /** Found by the types helper, not by a detector here (see features/structLayout.ts). */
  | 'struct-padding';

export const PITFALL_CODES: readonly PitfallCode[] = ['time-tick-leak', 'sub-slice-pinning', 'queue-reslice-leak', 'interface-boxing', 'sync-pool-value', 'slice-preallocation', 'struct-padding'];

export interface GoVersionNumber {
  major: number;
  minor: number;
}

/** What a pitfall may look at: one file's syntax and facts, and what is known of its package. */
export interface PitfallContext {
  file: string;
  syntax: SourceSyntax;
  facts: readonly TrackedFact[];
  /** The package clause's name (`main` for commands). */
  packageName: string;
  isTestFile: boolean;
  /** The main module's `go` directive; undefined when unknown (treated as older than any feature). */
  goVersion: GoVersionNumber | undefined;
  /** Whether `name` appears in another file of the package (a fix must not break code it cannot see). */
  mentionedInOtherFiles(name: string): boolean;
  /** The type of the expression a node spans, from the types helper (go/types); absent until it answers. */
  expressionTypes?: (node: SyntaxNode) => ExpressionType | undefined;
}

export interface TextEdit {
  range: TextRange;
  newText: string;
}

export interface PitfallFix {
  title: string;
  edits: TextEdit[];
  /** The one obvious fix (VS Code applies it with the "auto fix" keybinding). */
  preferred: boolean;
}

export interface PitfallFinding {
  code: PitfallCode;
  range: TextRange;
  /** One line naming the pitfall, for the Problems panel. */
  message: string;
  /** Markdown for the hover: what, why it matters, what to do. */
  explanation: string;
  severity: 'warning' | 'information' | 'hint';
  fixes: PitfallFix[];
  /** Inside a loop: it happens on every iteration (ranked first). */
  inLoop: boolean;
  /** Explained in the hover with its fix, but no diagnostic or hint: whether it matters is the caller's call. */
  quiet?: boolean;
}

export interface Pitfall {
  code: PitfallCode;
  detect(context: PitfallContext): PitfallFinding[];
}

export function atLeast(version: GoVersionNumber | undefined, major: number, minor: number): boolean {
  return !!version && (version.major > major || (version.major === major && version.minor >= minor));
}
