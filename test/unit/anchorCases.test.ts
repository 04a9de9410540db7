import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { AnchoredFact, anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { HEAP_KINDS } from '../../server/src/compiler/facts';
import { GoParser } from '../../server/src/syntax/goParser';
import type { TextRange } from '../../server/src/syntax/anchor';
import type { GoToolchain } from '../../server/src/go/toolchain';
import { allGos } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';

/** Anchors that cannot be wrong, on real compiler output of every installed Go: long lines, generics, inlined parameters. */

function textAt(file: string, range: TextRange): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return range.start.line === range.end.line ? lines[range.start.line].slice(range.start.character, range.end.character) : `${lines[range.start.line].slice(range.start.character)}…`;
}

async function anchoredOf(go: GoToolchain, name: string, sources: DiskSources): Promise<AnchoredFact[]> {
  const result = await analyzePackage(go, path.join(TESTDATA, name));
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return anchorFacts(result.value.facts, (file) => sources.get(file));
}

/** `line: text` of each anchored fact of `kind` about `subject`, in source order. */
function sites(anchored: AnchoredFact[], kind: string, subject: (s: string) => boolean, line?: number): string[] {
  return anchored
    .filter((a) => a.fact.kind === kind && subject(a.fact.subject) && (line === undefined || a.fact.line === line))
    .sort((a, b) => a.anchor.range.start.line - b.anchor.range.start.line || a.anchor.range.start.character - b.anchor.range.start.character)
    .map((a) => `${a.anchor.range.start.line + 1}: ${textAt(a.fact.file, a.anchor.range)}`);
}

describe('anchors that cannot be wrong', async () => {
  const gos = await allGos();
  let sources: DiskSources;
  before(async () => {
    sources = new DiskSources(await GoParser.load());
  });
  after(() => sources.dispose());

  for (const go of gos) {
    describe(`${go.version.raw}: lines longer than 255 bytes (no column)`, () => {
      const file = path.join(TESTDATA, 'longlines/long.go');
      let anchored: AnchoredFact[];
      before(async () => {
        anchored = await anchoredOf(go, 'longlines', sources);
        assert.ok(anchored.some((a) => a.fact.column === null), 'the fixture must make the compiler omit columns');
      });

      it('two allocations on one line stay two, each on its own literal', () => {
        assert.deepEqual(sites(anchored, 'escapes-to-heap', (s) => s === '&T{...}', 12), ['12: &T{1}', '12: &T{2}']);
      });

      it('the n-th fact about `&T{...}` lands on the n-th `&T{…}` of the line, escaping or not', () => {
        assert.deepEqual(sites(anchored, 'escapes-to-heap', (s) => s === '&T{...}', 29), ['29: &T{t.n}', '29: &T{u.n}']);
        assert.deepEqual(sites(anchored, 'does-not-escape', (s) => s === '&T{...}', 29), ['29: &T{1}']);
      });

      it('`moved to heap: x` lands on the declaration of x, not on the `x` inside a string before it', () => {
        const line = fs.readFileSync(file, 'utf8').split('\n')[15];
        const moved = anchored.filter((a) => a.fact.kind === 'moved-to-heap' && a.fact.subject === 'x');
        assert.equal(moved.length, 1);
        assert.equal(moved[0].anchor.range.start.character, line.indexOf('x := 1;'));
        assert.equal(moved[0].anchor.byteColumn, Buffer.byteLength(line.slice(0, line.indexOf('x := 1;'))) + 1);
      });

      it('a captured variable lands on its declaration, the closure on the func literal', () => {
        assert.deepEqual(sites(anchored, 'moved-to-heap', (s) => s === 'n'), ['25: n']);
        assert.deepEqual(sites(anchored, 'escapes-to-heap', (s) => s === 'func literal'), ['25: func() int { n++; return n }']);
      });

      it('boxed arguments land on themselves, in order', () => {
        const boxed = sites(anchored, 'escapes-to-heap', () => true, 21);
        assert.deepEqual(boxed, ['21: "label"', '21: a', '21: b', '21: &T{3}', '21: "x"']);
      });
    });

    describe(`${go.version.raw}: generics`, () => {
      const file = path.join(TESTDATA, 'generics/generics.go');
      let anchored: AnchoredFact[];
      before(async () => {
        anchored = await anchoredOf(go, 'generics', sources);
      });

      it('no fact lands on a generic function\'s name or receiver (instantiation wrappers)', () => {
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        const onHeads = anchored.filter((a) => {
          if (a.fact.kind === 'can-inline' || a.fact.kind === 'cannot-inline') return false;
          const line = lines[a.anchor.range.start.line];
          return line.startsWith('func ') && /^(NewBox|Map|Keep|Sum|Get|Describe|\(b \*Box\[T\]\))/.test(line.slice(a.anchor.range.start.character));
        });
        assert.deepEqual(onHeads.map((a) => `${a.fact.line}:${a.fact.column} ${a.fact.message}`), []);
      });

      it('one fact per source site: the shapes of a generic allocation fold into one', () => {
        const boxes = anchored.filter((a) => a.fact.kind === 'escapes-to-heap' && a.fact.line === 12);
        assert.equal(boxes.length, 1, boxes.map((b) => b.fact.message).join('; '));
        assert.equal(textAt(file, boxes[0].anchor.range), '&Box[T]{value: v}');
        assert.deepEqual([...(boxes[0].fact.details.shapes ?? [])].sort(), ['float64', 'int', 'string']);
        const heap = anchored.filter((a) => HEAP_KINDS.has(a.fact.kind));
        const keys = heap.map((a) => `${a.fact.kind} ${a.fact.subject} ${JSON.stringify(a.anchor.range)}`);
        assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'no site is counted twice');
      });

      it('an instantiation wrapper\'s own `can inline NewBox[int]` is dropped: one inlining fact per generic function, its shapes listed', () => {
        const inlinable = anchored.filter((a) => a.fact.kind === 'can-inline' && a.anchor.range.start.line === 10);
        assert.equal(inlinable.length, 1, inlinable.map((a) => a.fact.subject).join('; '));
        if (!go.version.raw.startsWith('go1.19')) assert.deepEqual([...(inlinable[0].fact.details.shapes ?? [])].sort(), ['float64', 'int', 'string']);
      });

      it('the body of a generic function: make and the moved variable on their own nodes', () => {
        assert.deepEqual(sites(anchored, 'escapes-to-heap', (s) => s.startsWith('make('), 22), ['22: make([]U, 0, len(xs))']);
        assert.deepEqual(sites(anchored, 'moved-to-heap', (s) => s === 'p', 30), ['30: p']);
      });

      it('a call through a go1.19 dictionary, or an inlined call\'s result, lands on the call', () => {
        const results = anchored.filter((a) => a.fact.kind === 'escapes-to-heap' && a.fact.line >= 53 && (a.fact.subject.includes('(&.dict.') || /^~r\d$/.test(a.fact.subject)));
        assert.ok(results.length >= 3, `${results.length} call results`);
        for (const r of results) assert.match(textAt(file, r.anchor.range), /^(b\.Describe|Map|Sum)\(/, r.fact.message);
      });
    });

    describe(`${go.version.raw}: an inlined callee's parameter reported at the call`, () => {
      it('`val escapes to heap` at `Complex128(key, *val)` lands on the argument, not on the caller\'s own `val`', async () => {
        const anchored = await anchoredOf(go, 'inlinedparam', sources);
        const file = path.join(TESTDATA, 'inlinedparam/field.go');
        assert.deepEqual(sites(anchored, 'escapes-to-heap', (s) => s === 'val', 19), ['19: *val']);
        // The caller's `val` does not escape: nothing that allocates may mark it.
        const callerVal = anchored.filter((a) => HEAP_KINDS.has(a.fact.kind) && a.anchor.range.start.line === 18 && textAt(file, a.anchor.range) === 'val');
        assert.deepEqual(callerVal, []);
      });
    });
  }
});
