import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TextRange } from '../../server/src/syntax/anchor';
import { GoParser } from '../../server/src/syntax/goParser';
import { LineIndex } from '../../server/src/syntax/textPositions';
import { GoDocument } from '../../server/src/workspace/goDocument';
import { rangeContains, shiftRange } from '../../server/src/workspace/rangeTracking';
import { carryThroughChange, pointRange, trackFacts, TrackedFact } from '../../server/src/workspace/trackedFacts';
import * as fs from 'fs';
import * as path from 'path';
import { prng } from '../helpers/mutations';
import { TESTDATA } from '../helpers/paths';
import { recordedFile, RecordedFile } from '../helpers/recordedFacts';

const range = (l1: number, c1: number, l2: number, c2: number): TextRange => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const at = (line: number, character: number, text: string) => ({ range: range(line, character, line, character), text });

describe('carrying a range through edits next to it', () => {
  const node = range(5, 4, 5, 9);
  it('moves right by what is typed before it on its line, not at the line start', () => assert.deepEqual(shiftRange(node, at(5, 2, 'ab')), range(5, 6, 5, 11)));
  it('is dropped when text right before it is deleted or replaced (`*p` → `p`)', () => {
    assert.equal(shiftRange(node, { range: range(5, 2, 5, 4), text: '' }), undefined);
    assert.equal(shiftRange(node, { range: range(5, 2, 5, 4), text: ' ' }), undefined);
  });
  it('is dropped when text right after it is deleted or replaced (`p.x` → `p`)', () => {
    assert.equal(shiftRange(node, { range: range(5, 9, 5, 11), text: '' }), undefined);
    assert.equal(shiftRange(node, { range: range(5, 9, 5, 11), text: ' ' }), undefined);
  });
  it('keeps its place through an empty change at either end', () => {
    assert.deepEqual(shiftRange(node, at(5, 4, '')), node);
    assert.deepEqual(shiftRange(node, at(5, 9, '')), node);
  });
  it('is dropped when anything is typed inside it, even a space', () => {
    assert.equal(shiftRange(node, at(5, 6, ' ')), undefined);
    assert.equal(shiftRange(node, at(5, 6, '(')), undefined);
  });
  it('moves with a word-free insertion right before it, stays with one right after it', () => {
    assert.deepEqual(shiftRange(node, at(5, 4, '(')), range(5, 5, 5, 10));
    assert.deepEqual(shiftRange(node, at(5, 9, ')')), node);
  });
});

describe('whether a range contains a position', () => {
  const r = range(2, 4, 3, 1);
  it('includes both ends', () => {
    assert.equal(rangeContains(r, { line: 2, character: 4 }), true);
    assert.equal(rangeContains(r, { line: 3, character: 1 }), true);
    assert.equal(rangeContains(r, { line: 2, character: 99 }), true);
  });
  it('excludes what is before or after', () => {
    assert.equal(rangeContains(r, { line: 2, character: 3 }), false);
    assert.equal(rangeContains(r, { line: 3, character: 2 }), false);
    assert.equal(rangeContains(r, { line: 1, character: 9 }), false);
    assert.equal(rangeContains(r, { line: 4, character: 0 }), false);
  });
});

describe('a compiler position as an editor range', () => {
  const lines = new LineIndex('package p\n\tx := 1\nvar 世 = 2');
  it('marks the one character at the byte column', () => {
    assert.deepEqual(pointRange(lines, { file: '/p/a.go', line: 2, column: 2 }), range(1, 1, 1, 2));
    assert.deepEqual(pointRange(lines, { file: '/p/a.go', line: 3, column: 9 }), range(2, 6, 2, 7)); // after 世 (3 bytes, 1 unit)
  });
  it('marks the first non-blank character when the compiler omitted the column', () => {
    assert.deepEqual(pointRange(lines, { file: '/p/a.go', line: 2, column: null }), range(1, 1, 1, 2));
  });
  it('has no range for a line outside the text', () => {
    assert.deepEqual(pointRange(lines, { file: '/p/a.go', line: 1, column: 9 }), range(0, 8, 0, 9));
    assert.equal(pointRange(lines, { file: '/p/a.go', line: 0, column: 1 }), undefined);
    assert.equal(pointRange(lines, { file: '/p/a.go', line: 4, column: 1 }), undefined);
    assert.deepEqual(pointRange(lines, { file: '/p/a.go', line: 3, column: 1 }), range(2, 0, 2, 1));
  });
});

describe('tracked facts of test/testdata/unicode through edits', () => {
  let parser: GoParser;
  let recorded: RecordedFile;
  before(async () => {
    parser = await GoParser.load();
    recorded = recordedFile(parser, 'unicode', 'unicode', 'unicode.go');
  });
  after(() => recorded.dispose());
  const find = (facts: readonly TrackedFact[], message: string) => facts.find((f) => f.fact.message === message);

  it('are fresh, and only their `from` steps have a place of their own', () => {
    assert.ok(recorded.facts.length > 5);
    for (const tracked of recorded.facts) {
      assert.equal(tracked.stale, false);
      for (const step of tracked.steps) assert.equal(step.range === undefined, step.message.startsWith('flow:'), step.message);
    }
  });

  it('move down with a line inserted above them, steps included', () => {
    const carried = carryThroughChange(recorded.facts, at(0, 0, '// new\n'), recorded.file);
    assert.equal(carried.length, recorded.facts.length);
    const v = find(carried, 'moved to heap: v')!;
    assert.deepEqual(v.range, range(10, 29, 10, 30));
    assert.deepEqual(v.focus, range(10, 29, 10, 30));
    assert.deepEqual(v.steps.find((s) => s.message === 'from &v (address-of)')!.range, range(10, 44, 10, 45));
  });

  it('stay where they are when an edit below them moves nothing', () => {
    const end = recorded.text.split('\n').length - 1;
    const carried = carryThroughChange(recorded.facts, at(end, 0, '// end\n'), recorded.file);
    assert.deepEqual(carried, recorded.facts);
  });

  it('drop a fact whose node the edit touches, and keep the others', () => {
    const carried = carryThroughChange(recorded.facts, { range: range(9, 29, 9, 30), text: 'w' }, recorded.file);
    assert.equal(find(carried, 'moved to heap: v'), undefined);
    assert.ok(find(carried, 'moved to heap: t'));
    assert.equal(carried.length, recorded.facts.length - recorded.facts.filter((f) => f.range.start.line === 9 && f.range.start.character === 29).length);
  });

  it('lose only the place of a step the edit touches', () => {
    const carried = carryThroughChange(recorded.facts, { range: range(9, 44, 9, 46), text: '&v ' }, recorded.file);
    const v = find(carried, 'moved to heap: v')!;
    assert.deepEqual(v.range, range(9, 29, 9, 30));
    assert.equal(v.steps.find((s) => s.message === 'from &v (address-of)')!.range, undefined);
    assert.deepEqual(v.steps.find((s) => s.message === 'from return &v (return)')!.range, range(9, 37, 9, 38));
  });

  it('leave the places of steps in other files alone', () => {
    const v = find(recorded.facts, 'moved to heap: v')!;
    // The first `from` step is in another file (an inlined function's), the others in this one.
    const firstFrom = v.steps.findIndex((s) => s.range);
    const mixed: TrackedFact = { ...v, steps: v.steps.map((s, i) => (i === firstFrom ? { ...s, position: { ...s.position, file: '/elsewhere/b.go' } } : s)) };
    const [carried] = carryThroughChange([mixed], at(0, 0, '// new\n'), recorded.file);
    assert.deepEqual(carried.range, range(10, 29, 10, 30));
    carried.steps.forEach((step, i) => {
      const before = mixed.steps[i].range;
      if (i === firstFrom || !before) assert.deepEqual(step.range, before, step.message);
      else assert.deepEqual(step.range, range(before.start.line + 1, before.start.character, before.end.line + 1, before.end.character), step.message);
    });
  });

  it('take the ranges of steps in other files from where those files are', () => {
    const elsewhere = { start: { line: 41, character: 2 }, end: { line: 41, character: 3 } };
    const v = find(recorded.facts, 'moved to heap: v')!;
    const fact = { ...v.fact, explanations: v.fact.explanations.map((e) => ({ ...e, steps: e.steps.map((s) => (s.position ? { ...s, position: { ...s.position, file: '/elsewhere/b.go' } } : s)) })) };
    const [tracked] = trackFacts([{ fact, anchor: { range: v.range, focus: v.focus, nodeType: 'identifier', byteColumn: 36 }, cause: v.cause, classification: v.classification }], recorded.file, recorded.syntax, (position) => (position.file === '/elsewhere/b.go' ? elsewhere : undefined));
    const placed = tracked.steps.filter((s) => !s.message.startsWith('flow:'));
    assert.ok(placed.length >= 2);
    for (const step of placed) assert.deepEqual(step.range, elsewhere, step.message);
  });

  it('move the mark of a multi-line node with the node', () => {
    const v = find(recorded.facts, 'moved to heap: v')!;
    const wide: TrackedFact = { ...v, range: range(9, 19, 12, 2), focus: range(9, 19, 9, 23) };
    const [carried] = carryThroughChange([wide], at(9, 0, '\t'), recorded.file);
    assert.deepEqual(carried.range, range(9, 20, 12, 2));
    assert.deepEqual(carried.focus, range(9, 20, 9, 24));
  });
});

describe('an open Go document', () => {
  let parser: GoParser;
  before(async () => {
    parser = await GoParser.load();
  });
  const text = 'package p\n\nfunc f() int {\n\tx := 1\n\treturn x\n}\n';

  it('knows its file, version and text', () => {
    const document = new GoDocument('file:///tmp/p/a.go', 'go', 3, text, parser);
    assert.equal(document.filePath, '/tmp/p/a.go');
    assert.equal(document.version, 3);
    assert.equal(document.text, text);
    assert.equal(new GoDocument('untitled:Untitled-1', 'go', 1, text, parser).filePath, undefined);
  });

  it('parses edits incrementally into the same tree a fresh parse gives', () => {
    const document = new GoDocument('file:///tmp/p/a.go', 'go', 1, text, parser);
    const first = document.syntax();
    assert.equal(first.tree.rootNode.text, text);
    document.applyChanges([at(3, 1, 'y := 2\n\t'), { range: range(5, 8, 5, 9), text: 'x + y' }], 2);
    document.applyChanges([at(0, 9, '\n\nimport "fmt"'), { range: range(6, 1, 6, 2), text: 'zz' }], 3);
    const expected = 'package p\n\nimport "fmt"\n\nfunc f() int {\n\ty := 2\n\tzz := 1\n\treturn x + y\n}\n';
    assert.equal(document.text, expected);
    assert.equal(document.version, 3);
    const { tree, lines } = document.syntax();
    const fresh = parser.parse(expected);
    assert.equal(tree.rootNode.toString(), fresh.rootNode.toString());
    assert.equal(tree.rootNode.descendantForPosition({ row: 6, column: 1 })?.text, 'zz');
    assert.equal(tree.rootNode.descendantForPosition({ row: 7, column: 12 })?.text, 'y');
    assert.equal(lines.lineText(7), '\treturn x + y');
    fresh.delete();
    document.dispose();
  });

  it('after any series of edits, has the tree a fresh parse of its text gives (fixed seed)', () => {
    const base = fs.readFileSync(path.join(TESTDATA, 'escapes', 'escapes.go'), 'utf8');
    const random = prng(7);
    const snippets = ['x', ' ', '\n', 'func g() {}\n', '{', '}', '"s"', '// c\n', 'a := 1\n\t', '(', ')', '世'];
    for (let round = 0; round < 20; round++) {
      const document = new GoDocument('file:///tmp/p/escapes.go', 'go', 1, base, parser);
      document.syntax();
      for (let version = 2; version < 7; version++) {
        const lines = document.text.split('\n');
        const line = Math.floor(random() * lines.length);
        const character = Math.floor(random() * (lines[line].length + 1));
        const deleted = random() < 0.3 ? Math.min(3, lines[line].length - character) : 0;
        const text = snippets[Math.floor(random() * snippets.length)];
        document.applyChanges([{ range: range(line, character, line, character + deleted), text }], version);
        if (random() < 0.5) document.syntax(); // sometimes reparsed between edits, sometimes several edits at once
      }
      const fresh = parser.parse(document.text);
      try {
        assert.equal(document.syntax().tree.rootNode.toString(), fresh.rootNode.toString(), `round ${round}`);
      } finally {
        fresh.delete();
        document.dispose();
      }
    }
  });

  it('takes a change without a range as the whole new text', () => {
    const document = new GoDocument('file:///tmp/p/a.go', 'go', 1, text, parser);
    document.syntax();
    document.applyChanges([{ text: 'package q\n' }, at(1, 0, 'var v = 1\n')], 2);
    assert.equal(document.text, 'package q\nvar v = 1\n');
    assert.equal(document.syntax().tree.rootNode.text, 'package q\nvar v = 1\n');
    assert.equal(document.syntax().lines.lineText(1), 'var v = 1');
    document.dispose();
  });

  it('parses only when the text changed, and again after being disposed', () => {
    const document = new GoDocument('file:///tmp/p/a.go', 'go', 1, text, parser);
    const tree = document.syntax().tree;
    assert.equal(document.syntax().tree, tree, 'no reparse without an edit');
    document.applyChanges([at(5, 1, '\n')], 2);
    const edited = document.syntax().tree;
    assert.notEqual(edited, tree);
    assert.equal(document.syntax().tree, edited);
    document.dispose();
    const again = document.syntax().tree;
    assert.notEqual(again, edited);
    assert.equal(again.rootNode.text, document.text);
    document.dispose();
  });

  it('starts its version again when reopened with the same text', () => {
    const document = new GoDocument('file:///tmp/p/a.go', 'go', 7, text, parser);
    document.reopen(1);
    assert.equal(document.version, 1);
    assert.equal(document.text, text);
    document.dispose();
  });
});
