import assert from 'node:assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { FactKind } from '../../server/src/compiler/facts';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { CAUSE_ADVICE, CAUSE_SUMMARIES, CAUSES, Cause, classifyCause, explanationSteps, loopNote, plainStepMessage, plainSubject } from '../../server/src/explain/causes';
import * as fs from 'fs';
import { readRecorded, recordedVersions, REPO_ROOT, TESTDATA } from '../helpers/paths';

const DIR = path.join(TESTDATA, 'escapes');

const EXPECTED: [FactKind, string, Cause][] = [
  ['moved-to-heap', 'p', 'address-returned'],
  ['escapes-to-heap', '&Point{...}', 'address-returned'],
  ['escapes-to-heap', 'n', 'interface-boxing'],
  ['escapes-to-heap', '"héllo 🎉"', 'interface-boxing'],
  ['leaking-param-to-result', 'data', 'flows-to-result'],
  ['leaking-param', 'data', 'leaks-to-heap'],
  ['moved-to-heap', 'count', 'closure-capture'],
  ['escapes-to-heap', 'func literal', 'address-returned'],
  ['escapes-to-heap', 'b', 'interface-boxing'],
  ['moved-to-heap', 'total', 'address-returned'],
];

for (const version of recordedVersions()) {
  describe(`causes read from recorded ${version} chains`, () => {
    const facts = parseCompilerOutput(readRecorded(version, 'escapes'), { baseDir: DIR }).facts;
    for (const [kind, subject, cause] of EXPECTED) {
      it(`${kind} ${subject}: ${cause}`, () => {
        const fact = facts.find((f) => f.kind === kind && f.subject === subject);
        assert.ok(fact);
        assert.equal(classifyCause(fact), cause);
      });
    }

    it('too large for the stack', () => {
      const fact = facts.find((f) => f.kind === 'escapes-to-heap' && /^make\(\[\]byte, (131072|1 << 17)\)$/.test(f.subject));
      assert.ok(fact);
      assert.equal(classifyCause(fact), 'too-large-for-stack');
    });

    it('gives inlining facts no cause', () => {
      assert.equal(classifyCause(facts.find((f) => f.kind === 'can-inline')!), undefined);
    });

    it('positions every explanation step', () => {
      const fact = facts.find((f) => f.kind === 'moved-to-heap' && f.subject === 'p')!;
      const steps = explanationSteps(fact);
      assert.ok(steps.length >= 3);
      assert.ok(steps.every((s) => s.position.file === path.join(DIR, 'escapes.go') && s.position.line >= 15));
      assert.equal(steps[0].position.line, 16, 'a flow line takes the position of the step that follows it');
    });
  });
}

describe('causes across versions', () => {
  it('a slice of non-constant size (go1.19 allocates it on the heap)', () => {
    const facts = parseCompilerOutput(readRecorded('go1.19.8', 'escapes'), { baseDir: DIR }).facts;
    const fact = facts.find((f) => f.kind === 'escapes-to-heap' && f.subject === 'make([]int, n)');
    assert.ok(fact);
    assert.equal(classifyCause(fact), 'non-constant-size');
  });

  it('an append that grows a returned slice is append growth, not boxing and not a returned address', () => {
    const text = ['./a.go:44:17: append(names, x) escapes to heap in Collect:', './a.go:44:17:   flow: names ← &{storage for append(names, x)}:', './a.go:44:17:     from append(names, x) (spill) at ./a.go:44:17', './a.go:44:17:   flow: ~r0 ← names:', './a.go:44:17:     from return names (return) at ./a.go:46:2', './a.go:44:17: append escapes to heap'].join('\n');
    const [fact] = parseCompilerOutput(text, { baseDir: '/p' }).facts;
    assert.equal(fact.explanations.length, 1);
    assert.equal(classifyCause(fact), 'append-growth');
  });

  it('every cause has a summary and advice', () => {
    for (const cause of Object.keys(CAUSE_SUMMARIES) as Cause[]) {
      assert.ok(CAUSE_SUMMARIES[cause].length > 10);
      assert.ok(CAUSE_ADVICE[cause].length > 10);
    }
  });
});

/**
 * One test per cause on real chains: test/testdata/causes has a function per cause, recorded with
 * each Go version. `since` says from which version the compiler reports the fact that way.
 */
const CAUSES_DIR = path.join(TESTDATA, 'causes');
const PER_CAUSE: { cause: Cause; kind: FactKind; line: number; subject: string; versions?: RegExp; why: string }[] = [
  { cause: 'interface-boxing', kind: 'escapes-to-heap', line: 19, subject: 'n', why: 'an int passed to fmt.Println is copied into an interface box' },
  { cause: 'closure-capture', kind: 'moved-to-heap', line: 23, subject: 'c', why: 'c is captured by reference by the returned closure' },
  { cause: 'address-returned', kind: 'moved-to-heap', line: 29, subject: 'p', why: '&p is returned' },
  { cause: 'address-returned', kind: 'escapes-to-heap', line: 24, subject: 'func literal', why: 'the closure is returned' },
  { cause: 'address-returned', kind: 'escapes-to-heap', line: 34, subject: '&MyErr{...}', why: 'a pointer in an interface is not copied: it escapes because the error is returned' },
  { cause: 'too-large-for-stack', kind: 'escapes-to-heap', line: 38, subject: 'make([]byte, ', why: '128 KiB is over the limit' },
  { cause: 'non-constant-size', kind: 'escapes-to-heap', line: 44, subject: 'make([]int, n)', versions: /^go1\.(19|2[0-4])\./, why: 'make with a size known only at run time' },
  { cause: 'stored-in-escaping-location', kind: 'escapes-to-heap', line: 49, subject: '&Point{}', why: 'stored into a global' },
  { cause: 'stored-in-escaping-location', kind: 'escapes-to-heap', line: 73, subject: '&Point{}', why: 'appended pointers are stored into the slice\'s array: append is no opaque call' },
  { cause: 'passed-to-opaque-call', kind: 'escapes-to-heap', line: 52, subject: '&Point{}', why: 'passed to a function value' },
  { cause: 'flows-to-result', kind: 'leaking-param-to-result', line: 55, subject: 'b', why: 'b[:1] is returned' },
  { cause: 'leaks-to-heap', kind: 'leaking-param', line: 58, subject: 'p', why: 'p is stored into a global' },
  { cause: 'leaks-to-heap', kind: 'leaking-param-content', line: 73, subject: 'ps', why: 'a leak is never called boxing or a closure capture' },
  { cause: 'append-growth', kind: 'escapes-to-heap', line: 64, subject: 'append', versions: /^go1\.(2[5-9]|[3-9]\d)\./, why: 'append in a loop' },
  { cause: 'append-growth', kind: 'escapes-to-heap', line: 70, subject: 'append', versions: /^go1\.(2[5-9]|[3-9]\d)\./, why: 'append to a global slice' },
];

for (const version of recordedVersions()) {
  describe(`one test per cause on recorded ${version} chains (test/testdata/causes)`, () => {
    const facts = parseCompilerOutput(readRecorded(version, 'causes'), { baseDir: CAUSES_DIR }).facts;
    for (const expected of PER_CAUSE) {
      if (expected.versions && !expected.versions.test(version)) continue;
      it(`${expected.cause}: ${expected.why}`, () => {
        const fact = facts.find((f) => f.kind === expected.kind && f.line === expected.line && f.subject.startsWith(expected.subject));
        assert.ok(fact, `${expected.kind} ${expected.subject} at line ${expected.line}`);
        if (expected.kind !== 'leaking-param-to-result' && expected.kind !== 'leaking-param') assert.ok(fact.explanations.length > 0, 'a real -m=2 chain');
        assert.equal(classifyCause(fact), expected.cause);
      });
    }

    it('no leak is described with the words of an allocation (boxing, closure capture)', () => {
      const leaks = facts.filter((f) => f.kind.startsWith('leaking-param'));
      assert.ok(leaks.length >= 3);
      for (const leak of leaks) assert.ok(['flows-to-result', 'leaks-to-heap'].includes(classifyCause(leak)!), leak.message);
    });

    it('the compiler\'s internal names in a real chain read as words', () => {
      const returned = facts.find((f) => f.kind === 'moved-to-heap' && f.subject === 'p')!;
      const flow = returned.explanations[0].steps.find((s) => s.kind === 'flow')!;
      assert.match(flow.message, /~r0/);
      assert.doesNotMatch(plainStepMessage(flow.message), /~r0/);
      assert.match(plainStepMessage(flow.message), /result 1/);
      const boxed = facts.find((f) => f.kind === 'escapes-to-heap' && f.subject === 'a' && f.line === 76)!;
      const variadic = boxed.explanations.flatMap((e) => e.steps).find((s) => s.message.includes('{storage for ... argument}'));
      assert.ok(variadic, 'the chain names the variadic slice');
      assert.match(plainStepMessage(variadic.message), /the slice holding the variadic arguments/);
      const spill = boxed.explanations.flatMap((e) => e.steps).find((s) => s.why === 'spill')!;
      assert.doesNotMatch(plainStepMessage(spill.message), /spill/);
    });
  });
}

describe('words that are right', () => {
  it('every cause has a summary, advice, and a README entry', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const cause of CAUSES) {
      assert.ok(CAUSE_SUMMARIES[cause].length > 10 && CAUSE_ADVICE[cause].length > 10, cause);
      assert.ok(readme.includes(`id="cause-${cause}"`), `README documents ${cause}`);
    }
  });

  it('append growth is not an allocation on every iteration, and its advice is to preallocate', () => {
    assert.match(CAUSE_SUMMARIES['append-growth'], /log2\(n\)/);
    assert.match(CAUSE_SUMMARIES['append-growth'], /not on every iteration/);
    assert.match(CAUSE_ADVICE['append-growth'], /make\(\[\]T, 0, n\)/);
    assert.doesNotMatch(loopNote('append-growth'), /allocates on every iteration/);
    assert.match(loopNote('interface-boxing'), /every iteration/);
  });

  it('a pointer converted to an interface is not "copied to the heap"', () => {
    assert.match(CAUSE_SUMMARIES['interface-boxing'], /copied/);
    assert.doesNotMatch(CAUSE_SUMMARIES['address-returned'], /copied/);
  });

  it('plainSubject renders compiler internals and leaves Go text alone', () => {
    assert.equal(plainSubject('~r0'), 'result 1');
    assert.equal(plainSubject('~r2'), 'result 3');
    assert.equal(plainSubject('{storage for ... argument}'), 'the slice holding the variadic arguments');
    assert.equal(plainSubject('... argument'), 'the variadic arguments');
    assert.equal(plainSubject('{heap}'), 'the heap');
    assert.equal(plainSubject('&Box[go.shape.int]{...}'), '&Box[int]{...}');
    assert.equal(plainSubject('make([]go.shape.string_1, 0, len(xs))'), 'make([]string, 0, len(xs))');
    assert.equal(plainSubject('x.r0 + y'), 'x.r0 + y');
    assert.equal(plainSubject('&T{...}'), '&T{...}');
  });
});
