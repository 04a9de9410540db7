import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HEAP_KINDS } from '../../server/src/compiler/facts';
import { toDiagnostics } from '../../server/src/features/diagnostics';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings';
import { GoParser } from '../../server/src/syntax/goParser';
import { RECORDED_GO, recordedFile, RecordedFile } from '../helpers/recordedFacts';

/** test/testdata/loops: `x` moved to the heap once (line 7), `v` on every iteration of a loop (line 15). */
describe(`the order of diagnostics on ${RECORDED_GO} facts of test/testdata/loops`, () => {
  let recorded: RecordedFile;
  before(async () => {
    recorded = recordedFile(await GoParser.load(), 'loops', 'loops', 'loops.go');
  });
  after(() => recorded.dispose());

  it('knows which heap facts are inside a loop body', () => {
    const inLoop = recorded.facts.filter((f) => HEAP_KINDS.has(f.fact.kind)).map((f) => `${f.fact.message}@${f.fact.line}:${f.inLoop}`);
    assert.deepEqual(inLoop.sort(), ['append escapes to heap@16:true', 'make([]*int, 0, 8) escapes to heap@13:false', 'moved to heap: v@15:true', 'moved to heap: x@7:false'].sort());
  });

  it('lists the allocations in a loop first, each saying so, then the others in the order given', () => {
    const diagnostics = toDiagnostics(recorded.facts, [], DEFAULT_SETTINGS).filter((d) => d.code === 'moved-to-heap' || d.code === 'escapes-to-heap');
    const loop = diagnostics.map((d) => /every iteration of the loop|in a loop, append grows/.test(d.message));
    assert.deepEqual(loop, [true, true, false, false], diagnostics.map((d) => d.message.split(':')[0]).join(' | '));
    const given = recorded.facts.filter((f) => HEAP_KINDS.has(f.fact.kind));
    const rank = (line: number) => given.findIndex((f) => f.focus.start.line === line);
    const plainLines = diagnostics.slice(2).map((d) => d.range.start.line);
    assert.deepEqual(plainLines, [...plainLines].sort((a, b) => rank(a) - rank(b)), 'the plain ones keep their order');
    assert.ok(diagnostics[0].message.startsWith('moved to heap: v') || diagnostics[1].message.startsWith('moved to heap: v'));
  });
});
