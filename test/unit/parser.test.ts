import assert from 'node:assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { CompilerFact, FactKind } from '../../server/src/compiler/facts';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { readRecorded, recordedVersions, TESTDATA } from '../helpers/paths';

const FIXTURE_DIR = path.join(TESTDATA, 'escapes');
const FIXTURE_FILE = path.join(FIXTURE_DIR, 'escapes.go');

function find(facts: CompilerFact[], kind: FactKind, subject: string, line?: number): CompilerFact {
  const found = facts.filter((f) => f.kind === kind && f.subject === subject && (line === undefined || f.line === line));
  assert.equal(found.length, 1, `expected one ${kind} fact for ${subject}${line ? ` on line ${line}` : ''}, found ${found.length}`);
  return found[0];
}

// Facts every supported compiler reports for test/testdata/escapes, at the same place.
const COMMON: [FactKind, string, number, number | null][] = [
  ['moved-to-heap', 'p', 15, 2],
  ['escapes-to-heap', '&Point{...}', 20, 32],
  ['leaking-param-to-result', 'data', 26, 13],
  ['leaking-param', 'data', 31, 11],
  ['leaking-param-content', 'ps', 36, 16],
  ['moved-to-heap', 'count', 54, 2],
  ['escapes-to-heap', 'func literal', 55, 9],
  ['can-inline', 'add', 58, 6],
  ['inlining-call', 'add', 61, 31],
  ['cannot-inline', 'notInlined', 64, 6],
  ['cannot-inline', 'TooComplex', 67, 6],
  ['devirtualized', 's.Area', 98, 15],
  ['cannot-inline', 'Deferred', 107, 6],
  ['moved-to-heap', 's', 121, 26],
  ['moved-to-heap', 'q', 125, 3],
  ['moved-to-heap', 'total', 130, null],
];

for (const version of recordedVersions()) {
  describe(`parser on recorded ${version} output of test/testdata/escapes`, () => {
    const { facts, packages } = parseCompilerOutput(readRecorded(version, 'escapes'), { baseDir: FIXTURE_DIR });
    const own = facts.filter((f) => f.file === FIXTURE_FILE);

    it('reads the package header', () => assert.deepEqual(packages, ['example.com/escapes']));

    for (const [kind, subject, line, column] of COMMON) {
      it(`finds ${kind} ${subject} at ${line}:${column ?? '-'}`, () => {
        const fact = find(own, kind, subject, line);
        assert.equal(fact.column, column);
        assert.equal(fact.packagePath, 'example.com/escapes');
      });
    }

    it('reads cost and budget of a function just over the inlining budget', () => {
      const fact = find(own, 'cannot-inline', 'TooComplex');
      assert.equal(fact.details.cost, 83);
      assert.equal(fact.details.budget, 80);
      assert.match(fact.details.reason ?? '', /^function too complex/);
    });

    it('reads the reason a function cannot inline', () => {
      assert.equal(find(own, 'cannot-inline', 'notInlined').details.reason, 'marked go:noinline');
      assert.equal(find(own, 'cannot-inline', 'Deferred').details.reason, 'unhandled op DEFER');
    });

    it('reads inlining costs', () => {
      assert.equal(find(own, 'can-inline', 'add').details.cost, 4);
    });

    it('reads the devirtualized type', () => assert.equal(find(own, 'devirtualized', 's.Area').details.devirtualizedTo, 'Square'));

    it('reads a closure capture', () => {
      const capture = own.find((f) => f.kind === 'other' && f.details.capture === 'ref' && f.subject === 'count');
      assert.ok(capture, 'capturing by ref: count');
      assert.equal(capture.details.captureWidth, 8);
    });

    it('reads the result a parameter leaks to', () => {
      const fact = find(own, 'leaking-param-to-result', 'data');
      assert.equal(fact.details.result, '~r0');
      assert.equal(fact.details.level, 0);
    });

    it('attaches the -m=2 chain to the summary line, with positions', () => {
      const fact = find(own, 'moved-to-heap', 'p');
      assert.equal(fact.explanations.length, 1);
      const steps = fact.explanations[0].steps;
      assert.equal(steps[0].kind, 'flow');
      const addressOf = steps.find((s) => s.why === 'address-of');
      assert.ok(addressOf, 'an address-of step');
      assert.equal(addressOf.expression, '&p');
      assert.deepEqual(addressOf.position, { file: FIXTURE_FILE, line: 16, column: 9 });
      assert.ok(steps.some((s) => s.why === 'return'));
    });

    it('attaches chains to facts whose line has no column', () => {
      const fact = find(own, 'moved-to-heap', 'total');
      assert.ok(fact.explanations[0].steps.some((s) => s.why === 'address-of' && s.position?.column === null && s.position.line === 130));
    });

    it('attaches the leak chain to leaking params', () => {
      const fact = find(own, 'leaking-param-content', 'ps');
      assert.equal(fact.details.leaksTo, '{heap}');
      assert.equal(fact.details.derefs, 1);
      assert.ok(fact.explanations.length >= 1);
    });

    it('keeps duplicate lines once', () => {
      const keys = facts.map((f) => `${f.file}:${f.line}:${f.column}:${f.message}`);
      assert.equal(new Set(keys).size, keys.length);
    });

    it('leaves no chain unattached to a fact at its position', () => {
      for (const fact of facts) {
        for (const e of fact.explanations) assert.ok(e.steps.length >= 0 && e.header.length > 0);
      }
      const heapWithoutChain = own.filter((f) => (f.kind === 'moved-to-heap' || f.kind === 'escapes-to-heap') && f.explanations.length === 0);
      assert.deepEqual(heapWithoutChain.map((f) => `${f.line}:${f.subject}`), []);
    });
  });
}

describe('parser on recorded standard library output', () => {
  for (const version of recordedVersions()) {
    it(`${version} encoding/json: thousands of facts, every heap fact explained`, () => {
      const { facts, unparsedLines } = parseCompilerOutput(readRecorded(version, 'encoding-json'), { baseDir: '/goroot/src/encoding/json' });
      assert.ok(facts.length > 1000, `${facts.length} facts`);
      assert.equal(unparsedLines, 0);
      const heap = facts.filter((f) => f.kind === 'moved-to-heap' || f.kind === 'escapes-to-heap');
      assert.ok(heap.length > 50);
      assert.deepEqual(heap.filter((f) => f.explanations.length === 0).map((f) => `${f.line}:${f.column} ${f.message}`), []);
      assert.equal(facts.filter((f) => f.kind === 'other' && !f.details.capture && !f.details.informational).length, 0);
    });
  }
});

describe('parser edge cases', () => {
  const base = '/work/pkg';

  it('splits the message by its known suffix even when the subject has colons', () => {
    const { facts } = parseCompilerOutput('./a.go:3:14: "a: b" does not escape\n./a.go:4:2: "x:1:2: y" escapes to heap\n', { baseDir: base });
    assert.equal(facts[0].kind, 'does-not-escape');
    assert.equal(facts[0].subject, '"a: b"');
    assert.equal(facts[1].subject, '"x:1:2: y"');
    assert.equal(facts[1].column, 2);
  });

  it('reads positions with no column (lines past 255 bytes)', () => {
    const [fact] = parseCompilerOutput('./c.go:6: moved to heap: y\n', { baseDir: base }).facts;
    assert.deepEqual([fact.file, fact.line, fact.column, fact.kind, fact.subject], [path.join(base, 'c.go'), 6, null, 'moved-to-heap', 'y']);
  });

  it('resolves ./, subdirectory, absolute and Windows paths', () => {
    const text = ['./a.go:1:1: moved to heap: a', 'sub/b.go:1:1: moved to heap: b', '/abs/c.go:1:1: moved to heap: c', '.\\d.go:1:1: moved to heap: d', 'C:\\w\\e.go:1:1: moved to heap: e'].join('\n');
    const files = parseCompilerOutput(text, { baseDir: base }).facts.map((f) => f.file);
    assert.deepEqual(files, [path.join(base, 'a.go'), path.join(base, 'sub/b.go'), '/abs/c.go', path.join(base, 'd.go'), 'C:/w/e.go']);
  });

  it('maps overlay backing files back to the real file (go1.19 prints the backing path)', () => {
    const backing = new Map([['/tmp/overlay/1-a.go', '/work/pkg/a.go']]);
    const [fact] = parseCompilerOutput('/tmp/overlay/1-a.go:3:2: moved to heap: x\n', { baseDir: base, overlayBackingFiles: backing }).facts;
    assert.equal(fact.file, '/work/pkg/a.go');
  });

  it('keeps <autogenerated> and <unknown line number> positions', () => {
    const { facts } = parseCompilerOutput('<autogenerated>:1: inlining call to C.M\n<unknown line number>: leaking param: x\n', { baseDir: base });
    assert.deepEqual(facts.map((f) => [f.file, f.line, f.column, f.kind]), [
      ['<autogenerated>', 1, null, 'inlining-call'],
      ['<unknown line number>', 0, null, 'leaking-param'],
    ]);
  });

  it('keeps //line file names', () => {
    const [fact] = parseCompilerOutput('gen.y:100:3: moved to heap: yylval\n', { baseDir: base }).facts;
    assert.equal(fact.file, path.join(base, 'gen.y'));
    assert.equal(fact.line, 100);
  });

  it('skips IR dumps, [1] debug lines and position-less lines without failing', () => {
    const text = ['. AS l(3)', './main.go:10:26:[1] add stmt: x', 'pgo: hot callsite', '# example.com/p [example.com/p.test]', './main.go:1:1: moved to heap: v'].join('\n');
    const result = parseCompilerOutput(text, { baseDir: base });
    assert.deepEqual(result.packages, ['example.com/p']);
    assert.equal(result.facts.length, 1);
    assert.equal(result.unparsedLines, 3);
  });

  it('turns a chain with no summary line into a heap fact, or a leak for parameters', () => {
    const text = [
      './a.go:5:2: x escapes to heap in f:',
      './a.go:5:2:   flow: {heap} = &x:',
      './a.go:5:2:     from x (interface-converted) at ./a.go:6:3',
      './a.go:7:8: parameter p leaks to {heap} with derefs=1:',
      './a.go:7:8:   flow: {heap} = *p:',
      './a.go:7:8:     from *p (indirection) at ./a.go:8:4',
      './a.go:9:8: parameter q leaks to ~r0 with derefs=0:',
      './a.go:9:8:   flow: ~r0 = q:',
    ].join('\n');
    const facts = parseCompilerOutput(text, { baseDir: base }).facts;
    assert.deepEqual(facts.map((f) => [f.kind, f.subject, f.explanations.length]), [
      ['escapes-to-heap', 'x', 1],
      ['leaking-param-content', 'p', 1],
      ['leaking-param-to-result', 'q', 1],
    ]);
    assert.equal(facts[0].details.inFunction, 'f');
    assert.equal(facts[0].explanations[0].steps[1].why, 'interface-converted');
  });

  it('keeps two chains of one fact and drops repeated identical ones', () => {
    const chain = (why: string) => ['./a.go:3:9: make([]byte, 8) escapes to heap in f:', './a.go:3:9:   flow: {heap} ← &{storage for make([]byte, 8)}:', `./a.go:3:9:     from make([]byte, 8) (${why}) at ./a.go:3:9`];
    const text = [...chain('spill'), ...chain('interface-converted'), ...chain('spill'), './a.go:3:9: make([]byte, 8) escapes to heap', './a.go:3:9: make([]byte, 8) escapes to heap'].join('\n');
    const facts = parseCompilerOutput(text, { baseDir: base }).facts;
    assert.equal(facts.length, 1);
    assert.equal(facts[0].explanations.length, 2);
  });

  it('reads a truncated-explanation warning', () => {
    const text = ['./a.go:3:2: x escapes to heap:', './a.go:3:2:   flow: y = &x:', './a.go:3:2:   warning: truncated explanation due to assignment cycle', './a.go:3:2: moved to heap: x'].join('\n');
    const [fact] = parseCompilerOutput(text, { baseDir: base }).facts;
    assert.equal(fact.explanations[0].steps[1].kind, 'warning');
  });

  it('parses headers whose destination has spaces', () => {
    const text = ['./a.go:2:14: parameter b leaks to {storage for b} for PutValue with derefs=0:', './a.go:2:14:   flow: {storage for b} ← b:', './a.go:2:14: leaking param: b'].join('\n');
    const [fact] = parseCompilerOutput(text, { baseDir: base }).facts;
    assert.equal(fact.details.leaksTo, '{storage for b}');
    assert.equal(fact.details.inFunction, 'PutValue');
  });

  it('reads CRLF output and -m (level 1) forms', () => {
    const text = '# p\r\n./a.go:3:6: can inline f\r\n./a.go:9:6: cannot inline g: recursive\r\n./a.go:4:9: devirtualizing x.M to *T\r\n';
    const facts = parseCompilerOutput(text, { baseDir: base }).facts;
    assert.deepEqual(facts.map((f) => [f.kind, f.subject]), [['can-inline', 'f'], ['cannot-inline', 'g'], ['devirtualized', 'x.M']]);
    assert.equal(facts[2].details.devirtualizedTo, '*T');
  });

  it('turns unknown messages into other facts', () => {
    const [fact] = parseCompilerOutput('./a.go:3:2: something new the compiler says\n', { baseDir: base }).facts;
    assert.equal(fact.kind, 'other');
    assert.equal(fact.message, 'something new the compiler says');
  });
});

describe('explanation chains read on demand', () => {
  const output = [
    '# example.com/p',
    './p.go:5:9: &T{} escapes to heap:',
    './p.go:5:9:   flow: ~r0 ← &T{}:',
    './p.go:5:9:     from &T{} (spill) at ./p.go:5:9',
    './p.go:5:9:     from return &T{} (return) at ./p.go:5:2',
    './p.go:5:9: &T{} escapes to heap',
  ].join('\n');

  it('serialises a chain as its header and steps, not the reader behind it', () => {
    const [fact] = parseCompilerOutput(output, { baseDir: '/p' }).facts;
    const json = JSON.parse(JSON.stringify(fact.explanations));
    assert.deepEqual(json, [
      {
        header: '&T{} escapes to heap',
        steps: [
          { kind: 'flow', message: 'flow: ~r0 ← &T{}' },
          { kind: 'from', message: 'from &T{} (spill)', expression: '&T{}', why: 'spill', position: { file: '/p/p.go', line: 5, column: 9 } },
          { kind: 'from', message: 'from return &T{} (return)', expression: 'return &T{}', why: 'return', position: { file: '/p/p.go', line: 5, column: 2 } },
        ],
      },
    ]);
  });

  it('gives the same step objects every time they are read', () => {
    const [fact] = parseCompilerOutput(output, { baseDir: '/p' }).facts;
    assert.equal(fact.explanations[0].steps, fact.explanations[0].steps);
  });
});
