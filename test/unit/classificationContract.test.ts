import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classificationNote, isCountedAllocation, NO_ALLOCATION_REASONS } from '../../server/src/classify/classification';
import type { CompilerFact, FactKind } from '../../server/src/compiler/facts';

const fact = (kind: FactKind): CompilerFact => ({ file: '/p/a.go', line: 1, column: 1, kind, message: 'm', subject: 'x', details: {}, explanations: [] });

/** The contract of the classify stage that hovers, counts and diagnostics rely on (the rules themselves are the stage's). */
describe('classification contract', () => {
  it('counts a heap fact that allocates on a normal path, nothing else', () => {
    assert.equal(isCountedAllocation(fact('moved-to-heap'), { allocates: true }), true);
    assert.equal(isCountedAllocation(fact('escapes-to-heap'), { allocates: true }), true);
    assert.equal(isCountedAllocation(fact('escapes-to-heap'), { allocates: false, noAllocationReason: 'constant' }), false);
    assert.equal(isCountedAllocation(fact('escapes-to-heap'), { allocates: undefined }), false);
    assert.equal(isCountedAllocation(fact('moved-to-heap'), { allocates: true, coldPath: { kind: 'panic', note: 'when it panics' } }), false);
    assert.equal(isCountedAllocation(fact('leaking-param'), { allocates: true }), false);
  });

  it('says in one sentence why a heap fact costs nothing or runs only on failure', () => {
    assert.match(classificationNote({ allocates: false, noAllocationReason: 'zero-size' })!, /^Escapes, but no allocation: .*zero-size.*\.$/);
    assert.equal(classificationNote({ allocates: true, coldPath: { kind: 'error-return', note: 'only when it returns an error' } }), 'On a cold path: only when it returns an error.');
    assert.equal(classificationNote({ allocates: true }), undefined);
    assert.equal(classificationNote({ allocates: undefined }), undefined);
  });

  it('names every reason a heap fact may not allocate', () => {
    assert.deepEqual([...NO_ALLOCATION_REASONS].sort(), ['constant', 'pointer-shaped', 'read-only-global', 'small-value', 'zero-size']);
  });
});
