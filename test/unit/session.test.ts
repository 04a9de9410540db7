import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisCache } from '../../server/src/session/analysisCache';
import { BuildQueue } from '../../server/src/session/buildQueue';
import { shiftRange } from '../../server/src/workspace/rangeTracking';

const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const insert = (line: number, character: number, text: string) => ({ range: range(line, character, line, character), text });

describe('carrying a range through an edit', () => {
  const node = range(5, 4, 5, 9);
  it('moves down with lines inserted above', () => assert.deepEqual(shiftRange(node, insert(2, 0, 'a\nb\n')), range(7, 4, 7, 9)));
  it('moves up with lines deleted above', () => assert.deepEqual(shiftRange(node, { range: range(1, 0, 3, 0), text: '' }), range(3, 4, 3, 9)));
  it('moves right with text typed before it on its line', () => assert.deepEqual(shiftRange(node, insert(5, 0, '\t')), range(5, 5, 5, 10)));
  it('stays with edits after it', () => assert.equal(shiftRange(node, insert(5, 12, 'x')), node));
  it('stays with a space typed right after it', () => assert.equal(shiftRange(node, insert(5, 9, ' ')), node));
  it('moves with a newline typed right before it', () => assert.deepEqual(shiftRange(node, insert(5, 4, '\n')), range(6, 0, 6, 5)));
  it('is dropped when the edit is inside it', () => assert.equal(shiftRange(node, { range: range(5, 6, 5, 7), text: 'z' }), undefined));
  it('is dropped when a word character joins it', () => {
    assert.equal(shiftRange(node, insert(5, 9, 'x')), undefined);
    assert.equal(shiftRange(node, insert(5, 4, 'x')), undefined);
  });
  it('is dropped when a deletion overlaps it', () => assert.equal(shiftRange(node, { range: range(4, 0, 5, 5), text: '' }), undefined));
  it('keeps its place when a multi-line edit ends on its line before it', () => assert.deepEqual(shiftRange(node, { range: range(4, 2, 5, 1), text: 'q\nrr' }), range(5, 5, 5, 10)));
});

describe('build queue', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('supersedes the build in flight for the same package and aborts it', async () => {
    const queue = new BuildQueue(2);
    const gate = deferred();
    const started = deferred();
    let aborted = false;
    const first = queue.run('pkg', async (signal) => {
      signal.addEventListener('abort', () => { aborted = true; gate.resolve(); });
      started.resolve();
      await gate.promise;
      return 'first';
    });
    await started.promise;
    const second = queue.run('pkg', async () => 'second');
    assert.equal(await first, 'superseded');
    assert.equal(await second, 'second');
    assert.ok(aborted);
  });

  it('does not start a build superseded while it waited', async () => {
    const queue = new BuildQueue(1);
    let ran = 0;
    const first = queue.run('pkg', async () => ++ran);
    const second = queue.run('pkg', async () => ++ran);
    assert.equal(await first, 'superseded');
    assert.equal(await second, 1);
    assert.equal(ran, 1);
  });

  it('gives a free place to a waiting user build before a waiting background build (a fix verification)', async () => {
    const queue = new BuildQueue(1);
    const gate = deferred();
    const order: string[] = [];
    const first = queue.run('a', async () => { await gate.promise; order.push('a'); });
    const background = queue.run('verify', async () => { order.push('verify'); }, { background: true });
    const user = queue.run('b', async () => { order.push('b'); });
    gate.resolve();
    await Promise.all([first, background, user]);
    assert.deepEqual(order, ['a', 'b', 'verify']);
  });

  it('never runs two builds of one package at once, and limits builds across packages', async () => {
    const queue = new BuildQueue(1);
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return 'done';
    };
    const results = await Promise.all([queue.run('a', task), queue.run('b', task), queue.run('c', task)]);
    assert.deepEqual(results, ['done', 'done', 'done']);
    assert.equal(most, 1);
  });
});

describe('analysis cache', () => {
  const entry = { goVersion: 'go1', factsIn: () => [] };
  it('keeps the on-disk analysis of a package and its two latest unsaved states', () => {
    const cache = new AnalysisCache(32, 2);
    cache.set('disk', '/p', true, entry);
    for (const key of ['u1', 'u2', 'u3']) cache.set(key, '/p', false, entry);
    assert.ok(cache.get('disk'));
    assert.equal(cache.get('u1'), undefined);
    assert.ok(cache.get('u2') && cache.get('u3'));
    cache.set('other', '/q', true, entry);
    assert.ok(cache.get('disk'), 'another package does not evict it');
  });
});
