import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import type { HelperPosition, StructLayout, TypesHelperResponse } from '../go/typesHelper';
import type { PitfallFinding } from '../pitfalls/types';
import { pitfallDocsUrl } from '../shared/docs';
import type { TextPosition, TextRange } from '../syntax/anchor';
import { byteOffsetToUtf16, LineIndex, utf16OffsetToByte } from '../syntax/textPositions';
import { rangeContains } from '../workspace/rangeTracking';

/** A struct type's layout placed on the text it was computed from. */
export interface AnchoredLayout {
  layout: StructLayout;
  /** The type's name. */
  range: TextRange;
  goarch: string;
  wordSize: number;
}

/** The layouts of `file`'s struct types, on its text; a layout whose name is not where the helper saw it is dropped. */
export function anchorLayouts(answer: TypesHelperResponse, file: string, lines: LineIndex): AnchoredLayout[] {
  const anchored: AnchoredLayout[] = [];
  for (const layout of answer.structs ?? []) {
    if (layout.file !== file) continue;
    const start = toTextPosition(lines, layout.at);
    if (!start || lines.lineText(start.line).slice(start.character, start.character + layout.name.length) !== layout.name) continue;
    anchored.push({ layout, range: { start, end: { line: start.line, character: start.character + layout.name.length } }, goarch: answer.goarch, wordSize: answer.wordSize });
  }
  return anchored;
}

/** Puts the layout table before the other hovers at the same place (facts, pitfalls). */
export function withLayoutHover(layout: Hover | undefined, other: Hover | undefined): Hover | undefined {
  if (!layout || !other) return layout ?? other;
  const text = (hover: Hover) => (typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');
  return { contents: { kind: MarkupKind.Markdown, value: `${text(layout)}\n\n---\n\n${text(other)}` }, range: layout.range };
}

/** The hover on a struct type's name: its layout table. */
export function layoutHoverAt(layouts: readonly AnchoredLayout[], position: Position): Hover | undefined {
  const here = layouts.find((l) => rangeContains(l.range, position));
  return here && { contents: { kind: MarkupKind.Markdown, value: layoutMarkdown(here) }, range: here.range };
}

/** Size, alignment, every field's offset, size and padding, and what reordering would give. */
export function layoutMarkdown({ layout, goarch, wordSize }: AnchoredLayout): string {
  const padding = layout.fields.reduce((sum, f) => sum + f.padding, 0);
  const lines = [
    `**struct ${layout.name}**: ${bytes(layout.size)}, align ${layout.align} (${goarch})${padding > 0 ? `, ${bytes(padding)} of padding` : ''}`,
    '',
    '| field | type | offset | size | padding |',
    '|---|---|--:|--:|--:|',
    ...layout.fields.map((f) => `| ${cell(f.embedded ? `${f.name} (embedded)` : f.name)} | ${cell(f.type)} | ${f.offset} | ${f.size} | ${f.padding || ''} |`),
    '',
  ];
  const saved = layout.size - layout.optimalSize;
  if (saved <= 0) lines.push('No order of these fields is smaller.');
  else {
    const words = Math.floor(saved / wordSize);
    const order = `\`${layout.optimalOrder.join(', ')}\``;
    if (layout.keep) lines.push(`Reordered (${order}) it would take ${bytes(layout.optimalSize)}, but its layout must stay as written (${layout.keep}).`);
    else lines.push(`Reordered (${order}) it takes ${bytes(layout.optimalSize)}: ${bytes(saved)} less${words >= 1 ? ` (${words} word${words > 1 ? 's' : ''})` : ''} per value.`);
  }
  return lines.join('\n');
}

export interface PaddingFindingOptions {
  severity: PitfallFinding['severity'];
}

/** A hint on each struct that reordering shrinks by at least a word, with the fix when the helper made one. */
export function paddingFindings(layouts: readonly AnchoredLayout[], lines: LineIndex, options: PaddingFindingOptions): PitfallFinding[] {
  const findings: PitfallFinding[] = [];
  for (const anchored of layouts) {
    const { layout, wordSize } = anchored;
    const saved = layout.size - layout.optimalSize;
    if (layout.keep || saved < wordSize) continue;
    const edit = layout.reorder && toRange(lines, layout.reorder.start, layout.reorder.end);
    const message = `struct ${layout.name} takes ${bytes(layout.size)}; ordered to minimise padding it takes ${bytes(layout.optimalSize)} (${bytes(saved)} less)`;
    findings.push({
      code: 'struct-padding',
      range: anchored.range,
      message,
      // The layout table itself is the struct's own hover (layoutHoverAt), shown beside this.
      explanation: `**Padding**: ordered to minimise padding, \`${layout.name}\` takes ${bytes(layout.optimalSize)} instead of ${bytes(layout.size)}. Fields of the largest alignment first leave no gaps between fields.`,
      severity: options.severity,
      fixes: edit && layout.reorder ? [{ title: `Reorder the fields of ${layout.name} (${bytes(layout.size)} → ${bytes(layout.optimalSize)})`, edits: [{ range: edit, newText: layout.reorder.newText }], preferred: true }] : [],
      inLoop: false,
    });
  }
  return findings;
}

function toRange(lines: LineIndex, start: HelperPosition, end: HelperPosition): TextRange | undefined {
  const from = toTextPosition(lines, start);
  const to = toTextPosition(lines, end);
  return from && to ? { start: from, end: to } : undefined;
}

/** A helper (byte) position on this text, or undefined when the text has no such place. */
function toTextPosition(lines: LineIndex, at: HelperPosition): TextPosition | undefined {
  const line = at.line - 1;
  if (line < 0 || line >= lines.lineCount) return undefined;
  const text = lines.lineText(line);
  const character = byteOffsetToUtf16(text, at.column - 1);
  return utf16OffsetToByte(text, character) === at.column - 1 ? { line, character } : undefined;
}

function bytes(n: number): string {
  return `${n} byte${n === 1 ? '' : 's'}`;
}

function cell(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}
