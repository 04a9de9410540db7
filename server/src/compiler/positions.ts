import * as path from 'path';
import type { CompilerPosition } from './facts';
import type { LineDirectives } from './lineDirectives';

/** How to turn the compiler's printed file names back into the paths of real files. */
export interface PathResolution {
  /** Directory `go build` ran in: `./x.go` and `sub/x.go` are relative to it. */
  baseDir?: string;
  /** Overlay backing file → the real file it stands for (go1.19 prints the backing path). */
  overlayBackingFiles?: ReadonlyMap<string, string>;
  /** The package's `//line` directives: positions printed under their names are mapped back to the Go files. */
  lineDirectives?: LineDirectives;
}

export interface PositionedLine {
  position: CompilerPosition;
  message: string;
}

const UNKNOWN_POSITION_PREFIX = '<unknown line number>: ';

/**
 * Resolves printed file names, memoising because one log repeats the same few names thousands of times.
 */
export class PathResolver {
  private readonly cache = new Map<string, string>();
  private lastPrinted = '';
  private lastResolved = '';
  readonly lineDirectives: LineDirectives | undefined;
  constructor(private readonly resolution: PathResolution = {}) {
    this.lineDirectives = resolution.lineDirectives;
  }

  /** The resolved file of `text.slice(start, fileEnd)`; consecutive lines usually name the same file, so that case cuts no string. */
  resolvePrefix(text: string, start: number, fileEnd: number): string {
    if (fileEnd - start === this.lastPrinted.length && text.startsWith(this.lastPrinted, start)) return this.lastResolved;
    this.lastPrinted = text.slice(start, fileEnd);
    this.lastResolved = this.resolve(this.lastPrinted);
    return this.lastResolved;
  }

  resolve(printed: string): string {
    let resolved = this.cache.get(printed);
    if (resolved === undefined) {
      resolved = resolveCompilerPath(printed, this.resolution);
      this.cache.set(printed, resolved);
    }
    return resolved;
  }
}

/** Splits `FILE:LINE[:COL]: MESSAGE` (see LinePosition.scan). */
export function splitPositionedLine(line: string, paths: PathResolver): PositionedLine | undefined {
  const found = new LinePosition();
  if (!found.read(line, 0, line.length, paths)) return undefined;
  return { position: { file: found.file, line: found.line, column: found.column }, message: line.slice(found.messageStart) };
}

/**
 * The position at the head of one line of a larger text, read in place: a parser keeps one and
 * reuses it for every line, so reading a line's position allocates nothing but new file names.
 */
export class LinePosition {
  file = '';
  line = 0;
  column: number | null = null;
  /** Where the printed file name ends (its `:`). */
  fileEnd = 0;
  /** Where the message starts, after the position's `: ` (the end, for a bare position). */
  messageStart = 0;
  /** Set when the printed position was under a `//line` name: the position as printed, and whether it was mapped back. */
  rewritten: { printed: string; placed: boolean } | undefined = undefined;

  /** Reads `FILE:LINE[:COL]: ` at the start of `text[start, end)`; false when the line has no position. */
  read(text: string, start: number, end: number, paths: PathResolver): boolean {
    if (text.startsWith(UNKNOWN_POSITION_PREFIX, start) && end - start >= UNKNOWN_POSITION_PREFIX.length) {
      this.set(0, null, start + UNKNOWN_POSITION_PREFIX.length - 2, start + UNKNOWN_POSITION_PREFIX.length);
      this.file = '<unknown line number>';
      return true;
    }
    if (!this.scan(text, start, end, true)) return false;
    this.file = paths.resolvePrefix(text, start, this.fileEnd);
    this.rewritten = undefined;
    if (paths.lineDirectives?.names(this.file)) this.mapLineDirective(paths.lineDirectives, text.slice(start, this.messageStart - 2));
    return true;
  }

  /** Replaces a position printed under a `//line` name with the real one (see LineDirectives). */
  mapLineDirective(directives: LineDirectives, printed: string): void {
    const real = directives.toReal(this.file, this.line, this.column);
    if (!real) return;
    this.file = real.file;
    this.line = real.line;
    this.column = real.column;
    this.rewritten = { printed, placed: real.mapped };
  }

  /**
   * Finds the first `:digits[:digits]` in `text[start, end)` that is followed by `: ` (when a message
   * follows) or ends the range (a bare position), so that file names with colons (`C:\x.go`) and
   * messages with colons both split right. Sets everything but `file`.
   */
  scan(text: string, start: number, end: number, messageFollows: boolean): boolean {
    for (let colon = text.indexOf(':', start + 1); colon !== -1 && colon < end; colon = text.indexOf(':', colon + 1)) {
      const lineEnd = digitsEnd(text, colon + 1, end);
      if (lineEnd === colon + 1) continue;
      let column: number | null = null;
      let positionEnd = lineEnd;
      if (positionEnd < end && text.charCodeAt(positionEnd) === 58 /* : */) {
        const columnEnd = digitsEnd(text, positionEnd + 1, end);
        if (columnEnd > positionEnd + 1 && (!messageFollows || (columnEnd < end && text.charCodeAt(columnEnd) === 58))) {
          column = digitsValue(text, positionEnd + 1, columnEnd);
          positionEnd = columnEnd;
        }
      }
      if (messageFollows) {
        if (positionEnd + 1 >= end || text.charCodeAt(positionEnd) !== 58 || text.charCodeAt(positionEnd + 1) !== 32) continue;
        this.set(digitsValue(text, colon + 1, lineEnd), column, colon, positionEnd + 2);
        return true;
      }
      if (positionEnd === end) {
        this.set(digitsValue(text, colon + 1, lineEnd), column, colon, end);
        return true;
      }
    }
    return false;
  }

  private set(line: number, column: number | null, fileEnd: number, messageStart: number): void {
    this.line = line;
    this.column = column;
    this.fileEnd = fileEnd;
    this.messageStart = messageStart;
  }
}

/** Parses a bare `FILE:LINE[:COL]` (the position after `at` in an explanation step). */
export function parseBarePosition(text: string, paths: PathResolver): CompilerPosition | undefined {
  const found = new LinePosition();
  if (!found.scan(text, 0, text.length, false)) return undefined;
  found.file = paths.resolve(text.slice(0, found.fileEnd));
  if (paths.lineDirectives?.names(found.file)) found.mapLineDirective(paths.lineDirectives, text);
  return { file: found.file, line: found.line, column: found.column };
}

/** `LINE[:COL]` running to the end of `text` from `start`; undefined when anything else follows. */
export function readLineColumn(text: string, start: number): { line: number; column: number | null } | undefined {
  const lineEnd = digitsEnd(text, start, text.length);
  if (lineEnd === start) return undefined;
  const line = digitsValue(text, start, lineEnd);
  if (lineEnd === text.length) return { line, column: null };
  if (text.charCodeAt(lineEnd) !== 58 /* : */) return undefined;
  const columnEnd = digitsEnd(text, lineEnd + 1, text.length);
  if (columnEnd === lineEnd + 1 || columnEnd !== text.length) return undefined;
  return { line, column: digitsValue(text, lineEnd + 1, columnEnd) };
}

/** Index past the run of (at most 10) ASCII digits starting at `start`, stopping at `limit`. */
function digitsEnd(text: string, start: number, limit: number): number {
  let end = start;
  while (end - start < 10 && end < limit) {
    const code = text.charCodeAt(end);
    if (!(code >= 48 && code <= 57)) break;
    end++;
  }
  return end;
}

function digitsValue(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

/** `<autogenerated>` and similar pseudo-files are kept verbatim. */
export function isPseudoFile(file: string): boolean {
  return file.startsWith('<');
}

export function resolveCompilerPath(printed: string, resolution: PathResolution): string {
  if (isPseudoFile(printed)) return printed;
  let file = printed;
  if (path.sep === '/' && (/^[a-zA-Z]:\\/.test(file) || file.startsWith('.\\'))) {
    // A log recorded on Windows, read here: normalise separators so relative paths still resolve.
    file = file.replace(/\\/g, '/');
    if (/^[a-zA-Z]:\//.test(file)) return mapOverlay(file, resolution);
  }
  if (path.isAbsolute(file)) file = path.normalize(file);
  else file = resolution.baseDir ? path.resolve(resolution.baseDir, file) : path.normalize(file);
  return mapOverlay(file, resolution);
}

function mapOverlay(file: string, resolution: PathResolution): string {
  return resolution.overlayBackingFiles?.get(file) ?? file;
}
