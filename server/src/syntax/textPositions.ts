/**
 * Compiler columns are 1-based UTF-8 byte offsets in a line; LSP and web-tree-sitter use 0-based
 * UTF-16 code units. These convert between them for one line of text.
 */

/** 0-based byte offset within `lineText` → 0-based UTF-16 offset. Offsets past the end clamp to the line's length. */
export function byteOffsetToUtf16(lineText: string, byteOffset: number): number {
  let bytes = 0;
  let i = 0;
  while (i < lineText.length && bytes < byteOffset) {
    const code = lineText.codePointAt(i)!;
    bytes += utf8Length(code);
    i += code > 0xffff ? 2 : 1;
  }
  return i;
}

/** 0-based UTF-16 offset within `lineText` → 0-based byte offset. */
export function utf16OffsetToByte(lineText: string, utf16Offset: number): number {
  let bytes = 0;
  let i = 0;
  while (i < lineText.length && i < utf16Offset) {
    const code = lineText.codePointAt(i)!;
    bytes += utf8Length(code);
    i += code > 0xffff ? 2 : 1;
  }
  return bytes;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Offsets of the first character of each line, for O(log n) line lookups. */
export class LineIndex {
  readonly starts: number[];

  constructor(readonly text: string) {
    this.starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The text of a 0-based line without its line break. */
  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) return '';
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }
}
