import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GoParser } from '../../server/src/syntax/goParser';
import type { TextRange } from '../../server/src/syntax/anchor';
import { RECORDED_GO, recordedFile, RecordedFile } from '../helpers/recordedFacts';

const range = (line: number, start: number, end: number): TextRange => ({ start: { line, character: start }, end: { line, character: end } });

/**
 * test/testdata/unicode: allocations after 世, ✓ and — (three UTF-8 bytes, one UTF-16 unit) on their
 * line. The compiler's byte columns must become these exact editor columns (0-based UTF-16).
 */
describe(`anchoring ${RECORDED_GO} facts after three-byte characters (test/testdata/unicode)`, () => {
  let recorded: RecordedFile;
  before(async () => {
    recorded = recordedFile(await GoParser.load(), 'unicode', 'unicode', 'unicode.go');
  });
  after(() => recorded.dispose());

  const factAt = (message: string) => {
    const found = recorded.facts.filter((f) => f.fact.message === message);
    assert.equal(found.length, 1, `one "${message}"`);
    return found[0];
  };
  const textOf = (r: TextRange) => recorded.text.split('\n')[r.start.line].slice(r.start.character, r.end.character);

  it('places an allocation after a string of them (byte column 67 → character 54)', () => {
    const make = factAt('make([]int, n) escapes to heap');
    assert.equal(make.fact.column, 67); // the compiler places a call at its parenthesis
    assert.deepEqual(make.range, range(6, 50, 64));
    assert.deepEqual(make.focus, range(6, 50, 64));
    assert.equal(textOf(make.range), 'make([]int, n)');
  });

  it('places a variable moved to the heap after a comment of them (byte column 36 → character 29)', () => {
    const v = factAt('moved to heap: v');
    assert.equal(v.fact.column, 36);
    assert.deepEqual(v.range, range(9, 29, 30));
    assert.equal(textOf(v.range), 'v');
  });

  it('places the explanation steps on the same line exactly too', () => {
    const v = factAt('moved to heap: v');
    const stepAt = (message: string) => v.steps.find((s) => s.message === message)?.range;
    assert.deepEqual(stepAt('from &v (address-of)'), range(9, 44, 45)); // byte 51
    assert.deepEqual(stepAt('from return &v (return)'), range(9, 37, 38)); // byte 44
  });

  it('counts a four-byte character as two units among three-byte ones', () => {
    const t = factAt('moved to heap: t');
    assert.equal(t.fact.column, 50);
    assert.deepEqual(t.range, range(12, 43, 44));
    const concatenation = factAt('s + "✓" escapes to heap');
    assert.equal(concatenation.fact.column, 57); // the compiler places a binary expression at its operator
    assert.deepEqual(concatenation.range, range(12, 48, 55));
    assert.equal(textOf(concatenation.range), 's + "✓"');
  });
});
