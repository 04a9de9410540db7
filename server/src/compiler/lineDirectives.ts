/**
 * `//line FILE:LINE[:COL]` and `/*line FILE:LINE[:COL]*\/` directives (generated parsers, templates)
 * make the compiler report positions in another file. These map such a position back to the Go file
 * and line the directive stands in, through the directives of the package's files. Pure: the caller
 * gives the files' texts.
 */

/** Where a fact reported under a `//line` name really is, or why it cannot be placed. */
export type RealPosition =
  | { mapped: true; file: string; line: number; column: number | null }
  /** Several directives (or none) cover the printed line: the fact is kept at the directive naming the file, marked unplaced. */
  | { mapped: false; file: string; line: number; column: null };

interface Directive {
  /** The Go file holding the directive. */
  realFile: string;
  /** The 1-based line of the directive comment itself. */
  commentLine: number;
  /** The first real line the directive positions (the next line for `//line`, the same line for `/*line*\/`). */
  realLine: number;
  /** The 1-based byte column of the first character it positions. */
  realColumn: number;
  /** The last real line it positions (the line before the next directive, or the file's end). */
  lastRealLine: number;
  virtualFile: string;
  virtualLine: number;
  virtualColumn: number | null;
}

const LINE_COMMENT = /^\/\/line (.*\S)[ \t]*$/;
const BLOCK_COMMENT = /\/\*line (.*?)\*\//g;

/**
 * `FILE:LINE` or `FILE:LINE:COL`, read from the end as the compiler does (cmd/compile/internal/syntax,
 * updateLineDirective): a file name may hold colons, so `a:1:2` is line 1, column 2 of `a`.
 */
function splitPosition(text: string): { file: string; line: number; column: number | null } | undefined {
  const last = text.lastIndexOf(':');
  if (last < 0 || !/^\d+$/.test(text.slice(last + 1))) return undefined;
  const before = text.lastIndexOf(':', last - 1);
  if (before >= 0 && /^\d+$/.test(text.slice(before + 1, last))) return { file: text.slice(0, before), line: Number(text.slice(before + 1, last)), column: Number(text.slice(last + 1)) };
  return { file: text.slice(0, last), line: Number(text.slice(last + 1)), column: null };
}

export class LineDirectives {
  private readonly byVirtualFile = new Map<string, Directive[]>();

  private constructor(directives: Directive[]) {
    for (const directive of directives) {
      const list = this.byVirtualFile.get(directive.virtualFile);
      if (list) list.push(directive);
      else this.byVirtualFile.set(directive.virtualFile, [directive]);
    }
  }

  /**
   * Reads the directives of the given files. `resolve` turns a directive's file name into the path
   * the report's positions resolve to (the same resolution as the compiler's printed names).
   * Undefined when no file has a directive (the usual case: nothing to map).
   */
  static fromSources(sources: Iterable<[file: string, text: string]>, resolve: (printed: string) => string): LineDirectives | undefined {
    const directives: Directive[] = [];
    const files = new Set<string>();
    for (const [file, text] of sources) {
      files.add(file);
      if (!text.includes('//line ') && !text.includes('/*line ')) continue;
      directives.push(...directivesOf(file, text, resolve));
    }
    // A directive naming a Go file of the package itself (`//line x.go:1` resets): that file's own facts print under the same name, so nothing can be told apart — leave them.
    const foreign = directives.filter((d) => !files.has(d.virtualFile));
    return foreign.length > 0 ? new LineDirectives(foreign) : undefined;
  }

  /** Whether positions in `file` are `//line` positions (the file is named by a directive). */
  names(file: string): boolean {
    return this.byVirtualFile.has(file);
  }

  /** The real position of a position printed under a `//line` name; undefined when `file` is no directive's. */
  toReal(file: string, line: number, column: number | null): RealPosition | undefined {
    const directives = this.byVirtualFile.get(file);
    if (!directives) return undefined;
    const covering = directives.filter((d) => line >= d.virtualLine && line - d.virtualLine <= d.lastRealLine - d.realLine);
    if (covering.length !== 1) {
      // Ambiguous or outside every directive: never guess a line. The fact goes to the first directive that could hold it (or names the file), where the rewrite is declared.
      const at = covering[0] ?? directives[0];
      return { mapped: false, file: at.realFile, line: at.commentLine, column: null };
    }
    const d = covering[0];
    const realLine = d.realLine + (line - d.virtualLine);
    let realColumn: number | null = null;
    if (column !== null) {
      // On the directive's first line columns count from the column it names; on later lines they are the lines' own.
      realColumn = line === d.virtualLine ? (d.virtualColumn !== null ? d.realColumn + (column - d.virtualColumn) : null) : column;
    }
    return { mapped: true, file: d.realFile, line: realLine, column: realColumn !== null && realColumn >= 1 ? realColumn : null };
  }
}

function directivesOf(file: string, text: string, resolve: (printed: string) => string): Directive[] {
  const found: Directive[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lineNumber = index + 1;
    // `//line` must start its line; it positions the next line.
    const line = LINE_COMMENT.exec(lineText);
    const position = line ? splitPosition(line[1]) : undefined;
    if (position) found.push(directive(file, lineNumber, lineNumber + 1, 1, position, resolve));
    for (const block of lineText.matchAll(BLOCK_COMMENT)) {
      const inline = splitPosition(block[1]);
      const end = Buffer.byteLength(lineText.slice(0, block.index! + block[0].length));
      if (inline) found.push(directive(file, lineNumber, lineNumber, end + 1, inline, resolve));
    }
  });
  found.forEach((d, i) => {
    const next = found[i + 1];
    d.lastRealLine = next ? (next.realLine > d.realLine ? next.realLine - 1 : d.realLine) : lines.length;
  });
  return found;
}

function directive(realFile: string, commentLine: number, realLine: number, realColumn: number, position: { file: string; line: number; column: number | null }, resolve: (printed: string) => string): Directive {
  // `//line :N` keeps the file unnamed: go1.19 prints an empty name, newer compilers `??`.
  const printed = position.file === '' ? '??' : position.file;
  return { realFile, commentLine, realLine, realColumn, lastRealLine: realLine, virtualFile: resolve(printed), virtualLine: position.line, virtualColumn: position.column };
}
