import type { CompilerFact } from './facts';
import { explanationStepStart } from './messages';
import { FileSegments, packageHeaderAt, packageOfHeader, parseFileSegments } from './parseCompilerOutput';
import { LinePosition, PathResolution, PathResolver } from './positions';

/**
 * A compiler report indexed by file and read one file at a time, on demand. An editor shows the
 * facts of its open files only (net/http's server.go has 1,298 of the package's 9,710), so after a
 * build it pays for one pass that notes which lines belong to which file, and for the open files.
 * `factsIn(file)` gives exactly the facts that `parseCompilerOutput` gives for that file.
 */
export class CompilerReport {
  private readonly read = new Map<string, CompilerFact[]>();

  private constructor(
    private readonly text: string,
    private readonly paths: PathResolver,
    private readonly segmentsByFile: ReadonlyMap<string, FileSegments>,
    private readonly packageHeaders: readonly string[],
  ) {}

  /** Indexes `text` (the compiler's output) by file; nothing is parsed yet. Never throws. */
  static index(text: string, resolution: PathResolution = {}): CompilerReport {
    const paths = new PathResolver(resolution);
    const { segmentsByFile, packageHeaders } = indexByFile(text, paths);
    return new CompilerReport(text, paths, segmentsByFile, packageHeaders);
  }

  /** The files the report has lines about (resolved paths, in order of first appearance). */
  get files(): string[] {
    return [...this.segmentsByFile.keys()];
  }

  /** Import paths of the `# pkg` headers, in order. */
  get packages(): string[] {
    return this.packageHeaders.map(packageOfHeader);
  }

  /** The facts about `file`, parsed on first use and kept. */
  factsIn(file: string): readonly CompilerFact[] {
    let facts = this.read.get(file);
    if (!facts) {
      const segments = this.segmentsByFile.get(file);
      facts = segments ? parseFileSegments(this.text, this.paths, segments, this.packageHeaders) : [];
      this.read.set(file, facts);
    }
    return facts;
  }
}

/**
 * Splits the output into runs of lines about one file. A run ends at a `# pkg` header or at a line
 * positioned in another file, except an explanation step: the parser checks a step against the
 * chain being read, so it stays in the run it interrupts (the whole parse would find it there too).
 * Lines with no position change no parser state and belong nowhere. Every line's position is read
 * (~3.5 ms for net/http's 34,500 lines): skipping lines that repeat the last prefix, or a regex that
 * jumps over a file's lines, each saved under 10%, not worth a second way to tell a line's file.
 */
function indexByFile(text: string, paths: PathResolver): { segmentsByFile: Map<string, number[]>; packageHeaders: string[] } {
  const segmentsByFile = new Map<string, number[]>();
  const packageHeaders: string[] = [];
  const at = new LinePosition();
  let runFile: string | undefined;
  let runStart = 0;
  const endRun = (end: number): void => {
    if (runFile === undefined) return;
    let segments = segmentsByFile.get(runFile);
    if (!segments) segmentsByFile.set(runFile, (segments = []));
    segments.push(runStart, end, packageHeaders.length - 1);
    runFile = undefined;
  };
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (lineEnd > start) {
      const packageHeader = packageHeaderAt(text, start, lineEnd);
      if (packageHeader !== undefined) {
        endRun(start);
        packageHeaders.push(packageHeader);
      } else if (at.read(text, start, lineEnd, paths) && at.file !== runFile) {
        if (explanationStepStart(text, at.messageStart, lineEnd) === -1) {
          endRun(start);
          runFile = at.file;
          runStart = start;
        }
      }
    }
    start = end + 1;
  }
  endRun(text.length);
  return { segmentsByFile, packageHeaders };
}
