import type { CompilerFact, CompilerPosition, Explanation, FlowStep, ParseResult } from './facts';
import { HEAP_KINDS, LEAK_KINDS, NO_DETAILS, NO_EXPLANATIONS } from './facts';
import { ChainHeader, classifyMessage, explanationStepStart, kindForOrphanChain, parseChainHeader } from './messages';
import { LinePosition, PathResolution, PathResolver, parseBarePosition, readLineColumn } from './positions';
import { shapeNeutral, shapesIn } from './shapes';
import type { ClassifiedMessage } from './messages';

interface PendingChain {
  explanation: ChainExplanation;
  /** The header line's `FILE:LINE:COL: ` text: its steps start with the same bytes. */
  linePrefix: string;
  header: ChainHeader;
  claimed: boolean;
  /** The chain was printed under a `//line` name. */
  rewritten: LineDirectiveNote | undefined;
}

type LineDirectiveNote = NonNullable<CompilerFact['details']['lineDirective']>;

/** A printed file name no step position starts with (see ChainExplanation.printedFile). */
const NO_PRINTED_FILE = '\u0000';

/**
 * Parses the text the Go compiler prints with `-gcflags=-m` or `-m=2` into facts.
 * Pure and total: any input, however garbled, yields a result and never throws.
 */
export function parseCompilerOutput(text: string, resolution: PathResolution = {}): ParseResult {
  const paths = new PathResolver(resolution);
  const parser = new CompilerOutputParser(paths, new StepReader(text, paths));
  parser.parseLines(text, 0, text.length);
  return parser.finish();
}

/**
 * Where one file's lines lie in a report, as `[start, end, packageOrdinal]` triples in order:
 * `packageOrdinal` indexes the report's `# pkg` headers (-1 before the first).
 */
export type FileSegments = readonly number[];

/**
 * The facts of one file, read from only its segments of the output (see CompilerReport). The result is
 * the same as parsing the whole output and keeping that file's facts: every state the parser carries
 * from line to line is kept per file, except the package (set here at each segment's start) and the
 * chain being read (every segment starts with a line that is not a step, which ends or replaces it).
 */
export function parseFileSegments(text: string, paths: PathResolver, segments: FileSegments, packageHeaders: readonly string[]): CompilerFact[] {
  const parser = new CompilerOutputParser(paths, new StepReader(text, paths));
  let packageOrdinal = -1;
  for (let i = 0; i + 2 < segments.length; i += 3) {
    if (segments[i + 2] !== packageOrdinal) {
      packageOrdinal = segments[i + 2];
      parser.startPackage(packageHeaders[packageOrdinal]);
    }
    parser.parseLines(text, segments[i], segments[i + 1]);
  }
  return parser.finish().facts;
}

/** The words of a `# pkg` header line in `text[start, end)`, or undefined when the line is not one. */
export function packageHeaderAt(text: string, start: number, end: number): string | undefined {
  return text.startsWith('# ', start) ? text.slice(start + 2, end).trim() : undefined;
}

/** The import path of a `# pkg` header (`go test` prints `# p [p.test]`: the first word). */
export function packageOfHeader(header: string): string {
  return header.split(' ')[0];
}

class CompilerOutputParser {
  private readonly facts: CompilerFact[] = [];
  private readonly packages: string[] = [];
  /** Facts by position: duplicates and chains are found by position first. */
  private readonly factsByPosition = new PositionMap<CompilerFact[]>();
  private pending = new PositionMap<PendingChain[]>();
  private currentChain: PendingChain | undefined;
  private currentPackage: string | undefined;
  private unparsedLines = 0;
  private readonly linePosition = new LinePosition();
  private readonly columnless = new ColumnlessOccurrences();

  constructor(
    private readonly paths: PathResolver,
    private readonly steps: StepReader,
  ) {}

  /** Parses the lines of `text[from, to)`; `from` is a line start and `to` a line start or the end. */
  parseLines(text: string, from: number, to: number): void {
    for (let start = from; start < to; ) {
      let end = text.indexOf('\n', start);
      if (end === -1 || end > to) end = to;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (!this.addStepAt(text, start, lineEnd)) this.parseLine(text, start, lineEnd);
      start = end + 1;
    }
  }

  finish(): ParseResult {
    this.flushOrphanChains();
    return { facts: this.facts, packages: this.packages, unparsedLines: this.unparsedLines };
  }

  /**
   * The bulk of -m=2 output: a step of the chain being read, which repeats its header's position.
   * Matched in place in the whole text; only where the step's text lies is kept (see ChainExplanation).
   */
  private addStepAt(text: string, start: number, end: number): boolean {
    const chain = this.currentChain;
    if (!chain) return false;
    const offset = start + chain.linePrefix.length;
    if (offset >= end || text.charCodeAt(offset) !== 32 || !text.startsWith(chain.linePrefix, start)) return false;
    const stepStart = explanationStepStart(text, offset, end);
    if (stepStart === -1) return false;
    let stepEnd = end;
    while (stepEnd > stepStart && text.charCodeAt(stepEnd - 1) === 32) stepEnd--;
    chain.explanation.addStep(stepStart, stepEnd);
    return true;
  }

  private parseLine(text: string, start: number, end: number): void {
    if (end === start) return;
    const packageHeader = packageHeaderAt(text, start, end);
    if (packageHeader !== undefined) {
      this.startPackage(packageHeader);
      return;
    }
    const at = this.linePosition;
    if (!at.read(text, start, end, this.paths)) {
      this.unparsedLines++;
      return;
    }
    const stepStart = explanationStepStart(text, at.messageStart, end);
    if (stepStart !== -1) {
      // Rare (a step whose line prefix differs from its header's): any trailing white space trimmed.
      this.addStep(at, stepStart, stepStart + text.slice(stepStart, end).trimEnd().length);
      return;
    }
    const message = text.slice(at.messageStart, end);
    const header = parseChainHeader(message);
    if (header) {
      const position: CompilerPosition = { file: at.file, line: at.line, column: at.column };
      // Steps printed under a `//line` name are read through the directives, not in place as lines of the chain's file.
      const printedFile = at.rewritten ? NO_PRINTED_FILE : text.slice(start, at.fileEnd);
      this.startChain(position, header, message.slice(0, -1), printedFile, text.slice(start, at.messageStart), at.rewritten);
      return;
    }
    this.currentChain = undefined;
    this.addFact(at, message, at.rewritten);
  }

  startPackage(header: string): void {
    this.flushOrphanChains();
    this.columnless.resetAll();
    const importPath = packageOfHeader(header);
    this.currentPackage = importPath;
    this.packages.push(importPath);
  }

  private startChain(position: CompilerPosition, header: ChainHeader, headerText: string, printedFile: string, linePrefix: string, rewritten: LineDirectiveNote | undefined): void {
    const chain: PendingChain = { explanation: new ChainExplanation(headerText, this.steps, position, printedFile), linePrefix, header, claimed: false, rewritten };
    this.columnless.reset(position.file);
    const list = this.pending.get(position);
    if (list) list.push(chain);
    else this.pending.set(position, [chain]);
    this.currentChain = chain;
  }

  private addStep(position: CompilerPosition, start: number, end: number): void {
    const chain = this.currentChain;
    // Every step repeats the position of its chain; a step that does not is noise from elsewhere.
    if (!chain || !samePosition(chain.explanation.position, position)) {
      this.unparsedLines++;
      return;
    }
    chain.explanation.addStep(start, end);
  }

  /**
   * Duplicate lines are common (generic instantiations, inlined bodies): keep the first, let repeats
   * claim chains. A generic function's facts repeat once per shape (`&Box[go.shape.int]{...}`,
   * `&Box[go.shape.string]{...}`): they fold into one fact that lists the shapes. On a line without a
   * column, the same words twice in one batch are two sites (`append(s, &T{1}, &T{2})`): each gets its
   * occurrence, and only a repeat of the same occurrence (a later batch: another shape) folds.
   */
  private addFact(position: CompilerPosition, message: string, rewritten?: LineDirectiveNote): void {
    let classified: ClassifiedMessage | undefined;
    let occurrence: number | undefined;
    if (position.column === null) {
      classified = classifyMessage(message);
      occurrence = this.columnless.next(position, classified);
    }
    const atPosition = this.factsByPosition.get(position);
    if (atPosition) {
      const neutral = shapeNeutral(message);
      for (const known of atPosition) {
        if (known.details.occurrence !== occurrence) continue;
        if (known.message === message || (neutral !== message && shapeNeutral(known.message) === neutral)) {
          if (neutral !== message) addShapes(known, (classified ?? classifyMessage(message)).subject);
          this.claimChains(known);
          return;
        }
      }
    }
    classified ??= classifyMessage(message);
    let details = classified.details;
    if (occurrence !== undefined) details = { ...details, occurrence };
    if (rewritten) details = { ...details, lineDirective: { ...rewritten } };
    const fact: CompilerFact = {
      file: position.file,
      line: position.line,
      column: position.column,
      kind: classified.kind,
      message,
      subject: classified.subject,
      packagePath: this.currentPackage,
      details,
      explanations: NO_EXPLANATIONS,
    };
    if (fact.subject.includes('go.shape.')) addShapes(fact, fact.subject);
    if (atPosition) atPosition.push(fact);
    else this.factsByPosition.set(position, [fact]);
    this.claimChains(fact);
    this.facts.push(fact);
  }

  /** Attaches the pending chains that explain this summary line (same position, same subject, same family). */
  private claimChains(fact: CompilerFact): void {
    const wanted = HEAP_KINDS.has(fact.kind) ? 'escape' : LEAK_KINDS.has(fact.kind) ? 'leak' : undefined;
    if (!wanted) return;
    const chains = this.pending.get(fact);
    if (!chains) return;
    // The chains of the fact's subject, claimed before or not; failing those, the family's unclaimed ones.
    const ofSubject = chains.some((c) => c.header.type === wanted && chainIsAbout(c, fact));
    // On a line without a column, the n-th heap fact of a subject takes the n-th chain of that subject (both follow the source).
    const only = ofSubject && fact.details.occurrence !== undefined ? this.nthChainOf(fact, chains) : undefined;
    let allClaimed = true;
    for (const chain of chains) {
      if (only ? chain === only : chain.header.type === wanted && (ofSubject ? chainIsAbout(chain, fact) : !chain.claimed)) {
        chain.claimed = true;
        addExplanation(fact, chain);
      }
      allClaimed &&= chain.claimed;
    }
    if (allClaimed) this.pending.delete(fact);
  }

  private nthChainOf(fact: CompilerFact, chains: readonly PendingChain[]): PendingChain | undefined {
    if (fact.kind !== 'escapes-to-heap' && fact.kind !== 'moved-to-heap') return undefined;
    const heapFacts = (this.factsByPosition.get(fact) ?? []).filter((f) => f.kind === fact.kind && f.subject === fact.subject);
    const ordinal = heapFacts.indexOf(fact);
    const ofSubject = chains.filter((c) => c.header.type === 'escape' && c.header.subject === fact.subject);
    return ordinal >= 0 && ordinal < ofSubject.length ? ofSubject[ordinal] : undefined;
  }

  /** A chain with no summary line after it is still a fact: a heap allocation, or a leak for `parameter p leaks to …`. */
  private flushOrphanChains(): void {
    for (const chains of this.pending.values()) {
      for (const chain of chains) {
        if (chain.claimed) continue;
        const kind = kindForOrphanChain(chain.header);
        const message = orphanMessage(chain.header);
        const atPosition = this.factsByPosition.get(chain.explanation.position) ?? [];
        let fact = atPosition.find((f) => f.message === message && f.kind === kind);
        if (!fact) {
          fact = {
            file: chain.explanation.position.file,
            line: chain.explanation.position.line,
            column: chain.explanation.position.column,
            kind,
            message,
            subject: chain.header.subject,
            packagePath: this.currentPackage,
            details: chain.rewritten ? { lineDirective: { ...chain.rewritten } } : NO_DETAILS,
            explanations: NO_EXPLANATIONS,
          };
          atPosition.push(fact);
          this.factsByPosition.set(chain.explanation.position, atPosition);
          this.facts.push(fact);
        }
        chain.claimed = true;
        addExplanation(fact, chain);
      }
    }
    this.pending = new PositionMap();
    this.currentChain = undefined;
  }
}

/**
 * One `-m=2` chain. Its steps are most of the output but few are ever looked at (the facts of the
 * open file, or of the CLI's findings), so the parse keeps where each step's text lies and reads the
 * steps on first use.
 */
class ChainExplanation implements Explanation {
  /** Where its steps' ranges start in the reader's list: a chain's steps are consecutive lines, so its ranges are too. */
  private readonly firstRange: number;
  private stepCount = 0;
  private parsed: FlowStep[] | undefined;

  constructor(
    readonly header: string,
    private readonly reader: StepReader,
    /** Where the chain was printed: its steps repeat this position. */
    readonly position: CompilerPosition,
    /** The file name as printed (`./x.go`), for reading step positions in the same file in place. */
    readonly printedFile: string,
  ) {
    this.firstRange = reader.rangeCount;
  }

  addStep(start: number, end: number): void {
    this.reader.addRange(start, end);
    this.stepCount++;
  }

  get steps(): FlowStep[] {
    if (!this.parsed) this.parsed = this.reader.read(this.firstRange, this.stepCount, this);
    return this.parsed;
  }

  /** As plain data: without this, JSON would carry the reader and with it the whole compiler output. */
  toJSON(): Explanation {
    return { header: this.header, steps: this.steps };
  }

  /** The same header and the same step texts, read from the same output. */
  sameAs(other: ChainExplanation): boolean {
    if (this.header !== other.header || this.reader !== other.reader || this.stepCount !== other.stepCount) return false;
    for (let i = 0; i < this.stepCount; i++) {
      if (!this.reader.sameRangeText(this.firstRange + i, other.firstRange + i)) return false;
    }
    return true;
  }
}

/** Reads explanation steps out of one compiler output, sharing what steps repeat (why-words, positions). */
class StepReader {
  /** Start and end offsets in the output of every step's text (without indentation), in order. */
  private ranges = new Int32Array(8192);
  rangeCount = 0;
  private readonly words = new Map<string, string>();
  private readonly stepPositions = new Map<string, CompilerPosition | undefined>();
  /** Step positions in a chain's own file, shared: the first object made for a position serves every step naming it. */
  private readonly stepPositionsInFile = new PositionMap<CompilerPosition>();

  constructor(
    private readonly text: string,
    private readonly paths: PathResolver,
  ) {}

  addRange(start: number, end: number): void {
    if (2 * this.rangeCount + 2 > this.ranges.length) {
      const grown = new Int32Array(this.ranges.length * 2);
      grown.set(this.ranges);
      this.ranges = grown;
    }
    this.ranges[2 * this.rangeCount] = start;
    this.ranges[2 * this.rangeCount + 1] = end;
    this.rangeCount++;
  }

  read(first: number, count: number, chain: ChainExplanation): FlowStep[] {
    const steps: FlowStep[] = [];
    for (let i = first; i < first + count; i++) steps.push(this.parseStep(this.text.slice(this.ranges[2 * i], this.ranges[2 * i + 1]), chain));
    return steps;
  }

  sameRangeText(a: number, b: number): boolean {
    const aStart = this.ranges[2 * a];
    const bStart = this.ranges[2 * b];
    const length = this.ranges[2 * a + 1] - aStart;
    if (this.ranges[2 * b + 1] - bStart !== length) return false;
    for (let i = 0; i < length; i++) {
      if (this.text.charCodeAt(aStart + i) !== this.text.charCodeAt(bStart + i)) return false;
    }
    return true;
  }

  private parseStep(text: string, chain: ChainExplanation): FlowStep {
    if (text.startsWith('from ')) return this.parseFromStep(text, chain);
    if (text.startsWith('flow: ')) return { kind: 'flow', message: text.endsWith(':') ? text.slice(0, -1) : text };
    return { kind: 'warning', message: text.replace(/^warning: /, '') };
  }

  /**
   * `from EXPR (WHY) at POS`, read from the end: EXPR is a Go expression that may hold parentheses
   * and the word "at", but WHY has no parentheses and POS is last.
   */
  private parseFromStep(text: string, chain: ChainExplanation): FlowStep {
    const at = text.lastIndexOf(') at ');
    const whyEnd = at >= 0 ? at : text.endsWith(')') ? text.length - 1 : -1;
    const whyStart = whyEnd >= 0 ? text.lastIndexOf(' (', whyEnd) : -1;
    if (whyStart < 5) return { kind: 'from', message: text };
    const why = this.intern(text.slice(whyStart + 2, whyEnd));
    if (why.includes('(')) return { kind: 'from', message: text };
    const position = at >= 0 ? this.stepPosition(text, at + 5, chain) : undefined;
    return { kind: 'from', message: text.slice(0, whyEnd + 1), expression: text.slice(5, whyStart), why, position };
  }

  /** The ~30 `(why)` words repeat in every chain: share one string each. */
  private intern(word: string): string {
    const known = this.words.get(word);
    if (known !== undefined) return known;
    this.words.set(word, word);
    return word;
  }

  /**
   * Steps name the same few positions again and again: parse each once and share the (read-only)
   * object. Positions in the chain's own file (nearly all) are read in place and kept by number.
   */
  private stepPosition(text: string, start: number, chain: ChainExplanation): CompilerPosition | undefined {
    if (text.startsWith(chain.printedFile, start) && text.charCodeAt(start + chain.printedFile.length) === 58 /* : */) {
      const inFile = readLineColumn(text, start + chain.printedFile.length + 1);
      if (inFile) {
        const position = { file: chain.position.file, line: inFile.line, column: inFile.column };
        const known = this.stepPositionsInFile.get(position);
        if (known) return known;
        this.stepPositionsInFile.set(position, position);
        return position;
      }
    }
    const printed = text.slice(start);
    if (this.stepPositions.has(printed)) return this.stepPositions.get(printed);
    const position = parseBarePosition(printed, this.paths);
    this.stepPositions.set(printed, position);
    return position;
  }
}

/**
 * Counts facts per subject on lines without a column, per file, within one batch of escape analysis
 * (a batch prints its chains, then its summary lines): the n-th `&T{...}` of a batch is the n-th site.
 * Kept per file and reset by the file's own chain headers, so a file read alone counts as the whole
 * output does (see CompilerReport).
 */
class ColumnlessOccurrences {
  private readonly byFile = new Map<string, Map<string, number>>();

  next(position: CompilerPosition, classified: ClassifiedMessage): number {
    let counts = this.byFile.get(position.file);
    if (!counts) this.byFile.set(position.file, (counts = new Map()));
    // `x escapes to heap` and `x does not escape` count together: the compiler prints both kinds in one walk of the batch's values.
    const family = classified.kind === 'escapes-to-heap' || classified.kind === 'does-not-escape' ? 'value' : classified.kind;
    const key = `${position.line}\0${family}\0${shapeNeutral(classified.subject)}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n;
  }

  reset(file: string): void {
    this.byFile.delete(file);
  }

  resetAll(): void {
    this.byFile.clear();
  }
}

/** The summary says `append escapes to heap`; its chain's header names the whole call, `append(s, x) escapes to heap`. */
function chainIsAbout(chain: PendingChain, fact: CompilerFact): boolean {
  return chain.header.subject === fact.subject || (fact.subject === 'append' && chain.header.subject.startsWith('append('));
}

/** Notes the shapes a folded generic fact was printed for (read from its subject). */
function addShapes(fact: CompilerFact, subject: string): void {
  const shapes = shapesIn(subject).map((shape) => shape.trim());
  if (shapes.length === 0) return;
  if (fact.details === NO_DETAILS) fact.details = {};
  const known = (fact.details.shapes ??= []);
  const label = shapes.join(', ');
  if (!known.includes(label)) known.push(label);
}

function orphanMessage(header: ChainHeader): string {
  if (header.type === 'escape') return `${header.subject} escapes to heap`;
  return `parameter ${header.subject} leaks to ${header.leaksTo} with derefs=${header.derefs}`;
}

/** The compiler repeats identical chains (e.g. for each duplicated line); keep one of each. */
function addExplanation(fact: CompilerFact, chain: PendingChain): void {
  if (fact.explanations.some((e) => e instanceof ChainExplanation && e.sameAs(chain.explanation))) return;
  // Facts start with shared empty details and chains; the first chain gives the fact its own.
  if (fact.explanations === NO_EXPLANATIONS) fact.explanations = [chain.explanation];
  else fact.explanations.push(chain.explanation);
  const header = chain.header;
  const needsFunction = header.inFunction && !fact.details.inFunction;
  const needsLeak = header.type === 'leak' && fact.details.leaksTo === undefined;
  if (!needsFunction && !needsLeak) return;
  if (fact.details === NO_DETAILS) fact.details = {};
  if (needsFunction) fact.details.inFunction = header.inFunction;
  if (header.type === 'leak' && needsLeak) {
    fact.details.leaksTo = header.leaksTo;
    fact.details.derefs = header.derefs;
  }
}

function samePosition(a: CompilerPosition, b: CompilerPosition): boolean {
  return a.line === b.line && a.column === b.column && a.file === b.file;
}

/** A map keyed by position: by file, then by a small integer made of line and column (no key strings to build and hash). */
class PositionMap<T> {
  private readonly byFile = new Map<string, Map<number | string, T>>();

  get(p: CompilerPosition): T | undefined {
    return this.byFile.get(p.file)?.get(PositionMap.key(p));
  }

  set(p: CompilerPosition, value: T): void {
    let inFile = this.byFile.get(p.file);
    if (!inFile) this.byFile.set(p.file, (inFile = new Map()));
    inFile.set(PositionMap.key(p), value);
  }

  delete(p: CompilerPosition): void {
    this.byFile.get(p.file)?.delete(PositionMap.key(p));
  }

  *values(): IterableIterator<T> {
    for (const inFile of this.byFile.values()) yield* inFile.values();
  }

  /**
   * The compiler prints columns up to 255 (it omits larger ones) and lines below 2^20, so
   * line × 257 + column is an exact small integer (V8 keeps it unboxed); garbled numbers get a string key.
   */
  private static key(p: CompilerPosition): number | string {
    const column = p.column ?? 256;
    return column <= 256 && (column < 256 || p.column === null) && p.line < 4_000_000 ? p.line * 257 + column : `${p.line}:${p.column}`;
  }
}
