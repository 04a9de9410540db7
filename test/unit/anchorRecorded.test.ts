import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { AnchoredFact, anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import type { TextRange } from '../../server/src/syntax/anchor';
import { GoParser } from '../../server/src/syntax/goParser';
import { byteOffsetToUtf16 } from '../../server/src/syntax/textPositions';
import { readRecorded, recordedMeta, recordedVersions, REPO_ROOT } from '../helpers/paths';

function contains(range: TextRange, line: number, character: number): boolean {
  const afterStart = line > range.start.line || (line === range.start.line && character >= range.start.character);
  const beforeEnd = line < range.end.line || (line === range.end.line && character < range.end.character);
  return afterStart && beforeEnd;
}

/**
 * The go-free twin of anchor.test.ts's "anchoring every fact of real packages": every recorded fact
 * (each Go version's quirks) lands on a node that contains the compiler's position. It reads the
 * recordings of the small fixtures (the standard library's are anchor.test.ts's, with go), so
 * `npm run test:mutation` can run it once per mutant.
 */
describe('anchoring every fact of the recorded reports on their sources', () => {
  for (const version of recordedVersions()) {
    for (const [name, { dir }] of Object.entries(recordedMeta(version).packages)) {
      if (dir.startsWith('$GOROOT') || !fs.existsSync(path.join(REPO_ROOT, 'test/fixtures/compiler-output', version, `${name}.txt`))) continue;
      const source = path.join(REPO_ROOT, dir);
      it(`${version} ${name}: each fact anchors on a node containing its position`, async () => {
        const facts = parseCompilerOutput(readRecorded(version, name), { baseDir: source }).facts.filter((f) => path.dirname(f.file) === source);
        const sources = new DiskSources(await GoParser.load());
        let anchored: AnchoredFact[];
        try {
          anchored = anchorFacts(facts, (file) => sources.get(file));
        } finally {
          sources.dispose();
        }
        assert.ok(facts.length >= 1);
        const unanchored = facts.filter((f) => !anchored.some((a) => a.fact === f));
        assert.deepEqual(unanchored.map((f) => `${path.basename(f.file)}:${f.line}:${f.column} ${f.message}`), [], 'every fact anchors');
        const fileLines = new Map<string, string[]>();
        const lineOf = (file: string, line: number) => {
          if (!fileLines.has(file)) fileLines.set(file, fs.readFileSync(file, 'utf8').split('\n'));
          return fileLines.get(file)![line - 1];
        };
        const misplaced = anchored.filter(({ fact, anchor }) => {
          const lineText = lineOf(fact.file, fact.line);
          const character = byteOffsetToUtf16(lineText, anchor.byteColumn - 1);
          if (fact.column !== null && anchor.byteColumn !== fact.column) return true;
          if (contains(anchor.range, fact.line - 1, character)) return false;
          // A method's position is its receiver's `(`; the anchor is the method's name after it.
          if ((fact.kind === 'can-inline' || fact.kind === 'cannot-inline') && lineText[character] === '(' && anchor.range.start.line === fact.line - 1 && anchor.range.start.character > character) return false;
          // Older compilers put some boxed values elsewhere on their line: the expression that reads like the subject is the truthful anchor.
          const sameLine = anchor.range.start.line === fact.line - 1 && anchor.range.end.line === fact.line - 1;
          const readsLikeSubject = (text: string) => text.replace(/\s+/g, '') === fact.subject.replace(/\s+/g, '');
          return !(sameLine && (fact.kind === 'escapes-to-heap' || fact.kind === 'does-not-escape') && readsLikeSubject(lineText.slice(anchor.range.start.character, anchor.range.end.character)));
        });
        assert.deepEqual(misplaced.map(({ fact, anchor }) => `${path.basename(fact.file)}:${fact.line}:${fact.column} ${fact.kind} ${fact.subject} → ${JSON.stringify(anchor.range)}`), []);
        const marks = anchored.filter(({ anchor }) => {
          const { start, end } = anchor.focus;
          return !(end.line > start.line || end.character > start.character) || start.line !== end.line && anchor.range.start.line === anchor.range.end.line;
        });
        assert.deepEqual(marks.map(({ fact }) => `${fact.line} ${fact.message}`), [], 'a mark is never empty and never wider than its node');
        const wholeLines = anchored.filter(({ fact, anchor }) => {
          const lineText = lineOf(fact.file, fact.line);
          return anchor.range.start.line === anchor.range.end.line && anchor.range.start.character === 0 && anchor.range.end.character === lineText.length && lineText.trim() !== lineText;
        });
        assert.deepEqual(wholeLines.map(({ fact }) => `${fact.line} ${fact.message}`), []);
      });
    }
  }
});
