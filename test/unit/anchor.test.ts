import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { AnchoredFact, anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import type { CompilerFact, FactKind } from '../../server/src/compiler/facts';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { anchorFact, TextRange } from '../../server/src/syntax/anchor';
import { GoParser } from '../../server/src/syntax/goParser';
import { byteOffsetToUtf16, LineIndex, utf16OffsetToByte } from '../../server/src/syntax/textPositions';
import { allGos, goroot } from '../helpers/goToolchains';
import { readRecorded, recordedVersions, TESTDATA } from '../helpers/paths';

const ESCAPES_DIR = path.join(TESTDATA, 'escapes');
const ESCAPES_FILE = path.join(ESCAPES_DIR, 'escapes.go');

function textOf(file: string, range: TextRange): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}

function contains(range: TextRange, line: number, character: number): boolean {
  const afterStart = line > range.start.line || (line === range.start.line && character >= range.start.character);
  const beforeEnd = line < range.end.line || (line === range.end.line && character < range.end.character);
  return afterStart && beforeEnd;
}

describe('byte ↔ UTF-16 columns', () => {
  it('counts multi-byte characters and surrogate pairs', () => {
    const line = '\ts := "é🎉x"';
    // bytes: tab(1) s(1) ' '(1) :=(2) ' '(1) "(1) é(2) 🎉(4) x(1)
    assert.equal(byteOffsetToUtf16(line, 7), 7); // é
    assert.equal(byteOffsetToUtf16(line, 9), 8); // 🎉
    assert.equal(byteOffsetToUtf16(line, 13), 10); // x
    assert.equal(utf16OffsetToByte(line, 10), 13);
    assert.equal(byteOffsetToUtf16(line, 999), line.length);
  });

  it('indexes lines with CRLF endings', () => {
    const lines = new LineIndex('a\r\nbé\r\n');
    assert.equal(lines.lineCount, 3);
    assert.equal(lines.lineText(1), 'bé');
  });
});

describe('anchoring the recorded test/testdata/escapes output', () => {
  let parser: GoParser;
  let sources: DiskSources;
  before(async () => {
    parser = await GoParser.load();
    sources = new DiskSources(parser);
  });
  after(() => sources.dispose());

  const expectations: [FactKind, string, string][] = [
    ['moved-to-heap', 'p', 'p'],
    ['escapes-to-heap', '&Point{...}', '&Point{3, 4}'],
    ['escapes-to-heap', 'func literal', 'func() int { count++; return count }'],
    ['escapes-to-heap', '"héllo 🎉"', '"héllo 🎉"'],
    ['escapes-to-heap', 'n', 'n'],
    ['leaking-param-content', 'ps', 'ps'],
    ['inlining-call', 'add', 'add(1, 2)'],
    ['cannot-inline', 'TooComplex', 'TooComplex'],
    ['devirtualized', 's.Area', 's.Area()'],
    ['moved-to-heap', 's', 's'],
    ['moved-to-heap', 'q', 'q'],
    ['moved-to-heap', 'total', 'total'],
  ];

  for (const version of recordedVersions()) {
    for (const [kind, subject, text] of expectations) {
      it(`${version}: ${kind} ${subject} → ${text}`, () => {
        const facts = parseCompilerOutput(readRecorded(version, 'escapes'), { baseDir: ESCAPES_DIR }).facts;
        const fact = facts.find((f) => f.kind === kind && f.subject === subject && f.file === ESCAPES_FILE);
        assert.ok(fact, `${kind} ${subject}`);
        const anchor = anchorFact(fact, sources.get(ESCAPES_FILE)!);
        assert.ok(anchor);
        assert.equal(textOf(ESCAPES_FILE, anchor.range), text);
      });
    }
  }

  it('converts the byte column of a line with non-ASCII text to UTF-16', () => {
    const facts = parseCompilerOutput(readRecorded('go1.26.8', 'escapes'), { baseDir: ESCAPES_DIR }).facts;
    const fact = facts.find((f) => f.kind === 'escapes-to-heap' && f.subject === '"héllo 🎉"')!;
    const anchor = anchorFact(fact, sources.get(ESCAPES_FILE)!)!;
    assert.equal(fact.column, 34);
    assert.equal(anchor.range.start.character, 33);
    assert.equal(anchor.range.end.character, 33 + '"héllo 🎉"'.length); // the emoji is two UTF-16 units
  });

  it('counts a tab as one column', () => {
    const facts = parseCompilerOutput(readRecorded('go1.26.8', 'escapes'), { baseDir: ESCAPES_DIR }).facts;
    const anchor = anchorFact(facts.find((f) => f.subject === 'q' && f.kind === 'moved-to-heap')!, sources.get(ESCAPES_FILE)!)!;
    assert.deepEqual(anchor.range.start, { line: 124, character: 2 });
  });

  it('recovers the column the compiler omitted on a line longer than 255 bytes', () => {
    const facts = parseCompilerOutput(readRecorded('go1.26.8', 'escapes'), { baseDir: ESCAPES_DIR }).facts;
    const fact = facts.find((f) => f.subject === 'total' && f.kind === 'moved-to-heap')!;
    assert.equal(fact.column, null);
    const anchor = anchorFact(fact, sources.get(ESCAPES_FILE)!)!;
    const line = fs.readFileSync(ESCAPES_FILE, 'utf8').split('\n')[129];
    assert.ok(Buffer.byteLength(line) > 255);
    assert.equal(anchor.range.start.character, line.indexOf('total :='));
    assert.equal(anchor.byteColumn, Buffer.byteLength(line.slice(0, line.indexOf('total :='))) + 1);
  });

  it('drops a fact whose position is not in the text (stale output)', () => {
    const fact: CompilerFact = { file: ESCAPES_FILE, line: 9999, column: 1, kind: 'moved-to-heap', message: 'moved to heap: x', subject: 'x', details: {}, explanations: [] };
    assert.equal(anchorFact(fact, sources.get(ESCAPES_FILE)!), undefined);
    assert.equal(anchorFact({ ...fact, line: 15, column: 400 }, sources.get(ESCAPES_FILE)!), undefined);
  });
});

describe('anchoring every fact of real packages', async () => {
  const gos = await allGos();
  for (const [index, go] of gos.entries()) {
    const src = path.join(goroot(go), 'src');
    const dirs = index === 0 ? [ESCAPES_DIR, path.join(src, 'net/http'), path.join(src, 'encoding/json'), path.join(src, 'fmt')] : [ESCAPES_DIR, path.join(src, 'encoding/json')];
    for (const dir of dirs) {
      it(`${go.version.raw} ${path.relative(src, dir).startsWith('..') ? 'testdata/escapes' : path.relative(src, dir)}: each node contains the compiler's position`, async () => {
        const result = await analyzePackage(go, dir);
        assert.ok(result.ok, result.ok ? '' : result.error.message);
        const sources = new DiskSources(await GoParser.load());
        let anchored: AnchoredFact[];
        try {
          anchored = anchorFacts(result.value.facts, (file) => sources.get(file));
        } finally {
          sources.dispose();
        }
        assert.ok(result.value.facts.length > 20);
        const fileLines = new Map<string, string[]>();
        const lineOf = (file: string, line: number) => {
          if (!fileLines.has(file)) fileLines.set(file, fs.readFileSync(file, 'utf8').split('\n'));
          return fileLines.get(file)![line - 1];
        };
        // Every fact anchors, except the copies a generic function's instantiation wrapper reports at the
        // function's own head (its name, or a method's receiver): those are dropped.
        const placed = new Set(anchored.map((a) => a.fact));
        const dropped = result.value.facts.filter((f) => !placed.has(f));
        const notWrapperHeads = dropped.filter((fact) => {
          const head = lineOf(fact.file, fact.line).slice(byteOffsetToUtf16(lineOf(fact.file, fact.line), (fact.column ?? 1) - 1));
          const genericHead = /^[A-Za-z_]\w*\[/.test(head) || /^\([^)]*\[[^)]*\)/.test(head);
          // The wrapper's own `can inline F[int]` goes too; the shape function's `can inline F[go.shape.int]` stays.
          const inlining = fact.kind === 'can-inline' || fact.kind === 'cannot-inline';
          const wrapperOwn = inlining && fact.subject.includes('[') && !fact.subject.includes('go.shape.');
          return !(lineOf(fact.file, fact.line).startsWith('func ') && genericHead && (!inlining || wrapperOwn));
        });
        assert.deepEqual(notWrapperHeads.map((f) => `${path.basename(f.file)}:${f.line}:${f.column} ${f.message}`), [], 'every fact anchors');
        const misplaced = anchored.filter(({ fact, anchor }) => {
          const lineText = lineOf(fact.file, fact.line);
          const character = byteOffsetToUtf16(lineText, anchor.byteColumn - 1);
          if (contains(anchor.range, fact.line - 1, character)) return false;
          // A method's position is its receiver's `(`; the anchor is the method's name after it.
          if ((fact.kind === 'can-inline' || fact.kind === 'cannot-inline') && lineText[character] === '(' && anchor.range.start.line === fact.line - 1 && anchor.range.start.character > character) return false;
          // Older compilers put some boxed values elsewhere on their line (a boxed `...` argument at the call's
          // `(`, a boxed result at the next result); the expression that reads like the subject is the truthful anchor.
          const sameLine = anchor.range.start.line === fact.line - 1 && anchor.range.end.line === fact.line - 1;
          const readsLikeSubject = (text: string) => text.replace(/\s+/g, '') === fact.subject.replace(/\s+/g, '');
          return !(sameLine && (fact.kind === 'escapes-to-heap' || fact.kind === 'does-not-escape') && readsLikeSubject(lineText.slice(anchor.range.start.character, anchor.range.end.character)));
        });
        assert.deepEqual(misplaced.map(({ fact, anchor }) => `${path.basename(fact.file)}:${fact.line}:${fact.column} ${fact.kind} ${fact.subject} → ${JSON.stringify(anchor.range)}`), []);
        const wholeLines = anchored.filter(({ fact, anchor }) => {
          const lineText = lineOf(fact.file, fact.line);
          return anchor.range.start.line === anchor.range.end.line && anchor.range.start.character === 0 && anchor.range.end.character === lineText.length && lineText.trim() !== lineText;
        });
        assert.deepEqual(wholeLines.map(({ fact }) => `${fact.line} ${fact.message}`), []);
      });
    }
  }
});

describe('where an editor marks a multi-line node', () => {
  it('marks a func literal\'s head and a composite literal\'s type, not their bodies', async () => {
    const text = 'package p\n\ntype C struct{ A, B int }\n\nfunc f() (func() int, *C) {\n\tn := 0\n\treturn func() int {\n\t\tn++\n\t\treturn n\n\t}, &C{\n\t\tA: 1,\n\t}\n}\n';
    const parser = await GoParser.load();
    const source = { tree: parser.parse(text), lines: new LineIndex(text) };
    const at = (line: number, column: number, subject: string): CompilerFact => ({ file: '/p/p.go', line, column, kind: 'escapes-to-heap', message: `${subject} escapes to heap`, subject, details: {}, explanations: [] });
    const closure = anchorFact(at(7, 9, 'func literal'), source)!;
    assert.deepEqual(closure.focus, { start: { line: 6, character: 8 }, end: { line: 6, character: 18 } }); // `func() int`
    assert.equal(closure.range.end.line, 9, 'the anchored node is still the whole literal');
    const literal = anchorFact(at(10, 5, '&C{...}'), source)!;
    assert.deepEqual(literal.focus, { start: { line: 9, character: 4 }, end: { line: 9, character: 6 } }); // `&C`
    source.tree.delete();
  });
});
