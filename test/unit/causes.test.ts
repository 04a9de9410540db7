import assert from 'node:assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { FactKind } from '../../server/src/compiler/facts';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { CAUSE_ADVICE, CAUSE_SUMMARIES, Cause, classifyCause, explanationSteps } from '../../server/src/explain/causes';
import { readRecorded, recordedVersions, TESTDATA } from '../helpers/paths';

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

  it('an append that grows a returned slice is not boxing', () => {
    const text = ['./a.go:44:17: append(names, x) escapes to heap in Collect:', './a.go:44:17:   flow: names ← &{storage for append(names, x)}:', './a.go:44:17:     from append(names, x) (spill) at ./a.go:44:17', './a.go:44:17:   flow: ~r0 ← names:', './a.go:44:17:     from return names (return) at ./a.go:46:2', './a.go:44:17: append escapes to heap'].join('\n');
    const [fact] = parseCompilerOutput(text, { baseDir: '/p' }).facts;
    assert.equal(fact.explanations.length, 1);
    assert.equal(classifyCause(fact), 'address-returned');
  });

  it('every cause has a summary and advice', () => {
    for (const cause of Object.keys(CAUSE_SUMMARIES) as Cause[]) {
      assert.ok(CAUSE_SUMMARIES[cause].length > 10);
      assert.ok(CAUSE_ADVICE[cause].length > 10);
    }
  });
});
