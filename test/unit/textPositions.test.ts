import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byteOffsetToUtf16, LineIndex, utf16OffsetToByte } from '../../server/src/syntax/textPositions';

/** One character of each UTF-8 length, at both ends of each range: [character, UTF-8 bytes, UTF-16 units]. */
const CHARACTERS: [string, number, number][] = [
  ['a', 1, 1],
  ['\u007f', 1, 1],
  ['\u0080', 2, 1],
  ['é', 2, 1],
  ['\u07ff', 2, 1],
  ['\u0800', 3, 1],
  ['\u0fff', 3, 1],
  ['\u1000', 3, 1],
  ['—', 3, 1], // U+2014
  ['✓', 3, 1], // U+2713
  ['世', 3, 1], // U+4E16
  ['\uffff', 3, 1],
  ['\u{10000}', 4, 2],
  ['🎉', 4, 2],
  ['\u{10ffff}', 4, 2],
];

describe('byte ↔ UTF-16 columns for every UTF-8 length', () => {
  for (const [character, bytes, units] of CHARACTERS) {
    const name = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    it(`${name} is ${bytes} byte(s) and ${units} UTF-16 unit(s)`, () => {
      assert.equal(Buffer.byteLength(character), bytes, 'the fixture itself');
      const line = `\tx := "${character}${character}" + y`;
      const yBytes = Buffer.byteLength(line.slice(0, line.indexOf('y')));
      assert.equal(byteOffsetToUtf16(line, yBytes), line.indexOf('y'), 'the byte column of what follows');
      assert.equal(utf16OffsetToByte(line, line.indexOf('y')), yBytes);
      assert.equal(byteOffsetToUtf16(line, 7 + bytes), 7 + units, 'between the two characters');
      assert.equal(utf16OffsetToByte(line, 7 + units), 7 + bytes);
    });
  }

  it('agrees with UTF-8 encoding at every character boundary of a mixed line', () => {
    const line = `a${CHARACTERS.map(([c]) => c).join('b')}z`;
    let bytes = 0;
    let units = 0;
    for (const character of line) {
      assert.equal(byteOffsetToUtf16(line, bytes), units, `byte ${bytes}`);
      assert.equal(utf16OffsetToByte(line, units), bytes, `unit ${units}`);
      bytes += Buffer.byteLength(character);
      units += character.length;
    }
    assert.equal(byteOffsetToUtf16(line, bytes), line.length);
    assert.equal(utf16OffsetToByte(line, line.length), bytes);
  });

  it('clamps offsets past the end of the line to its end', () => {
    assert.equal(byteOffsetToUtf16('世x', 100), 2);
    assert.equal(utf16OffsetToByte('世x', 100), 4);
    assert.equal(byteOffsetToUtf16('', 3), 0);
    assert.equal(utf16OffsetToByte('', 3), 0);
  });

  it('maps offset 0 to 0', () => {
    assert.equal(byteOffsetToUtf16('世', 0), 0);
    assert.equal(utf16OffsetToByte('世', 0), 0);
  });
});

describe('line index', () => {
  it('finds each line by its start, without its line break', () => {
    const lines = new LineIndex('package p\n\nfunc f() {}\n// end');
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.starts, [0, 10, 11, 23]);
    assert.deepEqual([0, 1, 2, 3].map((l) => lines.lineText(l)), ['package p', '', 'func f() {}', '// end']);
  });

  it('drops the carriage return of CRLF lines, and only that', () => {
    const lines = new LineIndex('a\r\nbé\r\n\r\nc\rd');
    assert.equal(lines.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => lines.lineText(l)), ['a', 'bé', '', 'c\rd']);
  });

  it('has one empty line for an empty text, an empty last line after a final newline, nothing past the end', () => {
    assert.equal(new LineIndex('').lineCount, 1);
    assert.equal(new LineIndex('').lineText(0), '');
    const lines = new LineIndex('x\n');
    assert.equal(lines.lineCount, 2);
    assert.equal(lines.lineText(1), '');
    assert.equal(lines.lineText(2), '');
    assert.equal(lines.lineText(-1), '');
  });
});
