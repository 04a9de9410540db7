import * as fs from 'fs';
import * as path from 'path';
import { anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import type { SourceSyntax } from '../../server/src/syntax/anchor';
import type { GoParser } from '../../server/src/syntax/goParser';
import { LineIndex } from '../../server/src/syntax/textPositions';
import { trackFacts, TrackedFact } from '../../server/src/workspace/trackedFacts';
import { readRecorded, TESTDATA } from './paths';

/** The Go version whose recordings the go-free unit tests read (scripts/record-compiler-output.sh). */
export const RECORDED_GO = 'go1.26.8';

export interface RecordedFile {
  file: string;
  text: string;
  syntax: SourceSyntax;
  facts: TrackedFact[];
  dispose(): void;
}

/**
 * One fixture file as the server shows it, without running go: the recorded `-m=2` report of its
 * module (`recording`), anchored on the file's text and tracked, as the session does after a build.
 */
export function recordedFile(parser: GoParser, recording: string, fixtureDir: string, fileName: string, text?: string): RecordedFile {
  const dir = path.join(TESTDATA, fixtureDir);
  const file = path.join(dir, fileName);
  const source = text ?? fs.readFileSync(file, 'utf8');
  const syntax: SourceSyntax = { tree: parser.parse(source), lines: new LineIndex(source) };
  const facts = parseCompilerOutput(readRecorded(RECORDED_GO, recording), { baseDir: dir }).facts.filter((f) => f.file === file);
  const tracked = trackFacts(anchorFacts(facts, () => syntax), file, syntax, () => undefined);
  return { file, text: source, syntax, facts: tracked, dispose: () => syntax.tree.delete() };
}
