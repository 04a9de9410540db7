import type { CompilerFact, CompilerPosition, Explanation, FlowStep, ParseResult } from './facts';
import { HEAP_KINDS, LEAK_KINDS } from './facts';
import { ChainHeader, classifyMessage, isExplanationStep, kindForOrphanChain, parseChainHeader } from './messages';
import { PathResolution, PathResolver, parseBarePosition, readLineColumn, splitPositionedLine } from './positions';

interface PendingChain {
  position: CompilerPosition;
  /** The file name as printed (`./x.go`), for reading step positions in the same file in place. */
  printedFile: string;
  /** The header line's `FILE:LINE:COL: ` text: its steps start with the same bytes. */
  linePrefix: string;
  header: ChainHeader;
  explanation: Explanation;
  claimed: boolean;
}

/**
 * Parses the text the Go compiler prints with `-gcflags=-m` or `-m=2` into facts.
 * Pure and total: any input, however garbled, yields a result and never throws.
 */
export function parseCompilerOutput(text: string, resolution: PathResolution = {}): ParseResult {
  return new CompilerOutputParser(new PathResolver(resolution)).parse(text);
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
  private readonly stepPositions = new Map<string, CompilerPosition | undefined>();
  private readonly words = new Map<string, string>();
  /** Step positions in a chain's own file, shared: the first object made for a position serves every step naming it. */
  private readonly stepPositionsInFile = new PositionMap<CompilerPosition>();

  constructor(private readonly paths: PathResolver) {}

  parse(text: string): ParseResult {
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (!this.addStepAt(text, start, lineEnd)) this.parseLine(text.slice(start, lineEnd));
      start = end + 1;
    }
    this.flushOrphanChains();
    return { facts: this.facts, packages: this.packages, unparsedLines: this.unparsedLines };
  }

  /**
   * The bulk of -m=2 output: a step of the chain being read, which repeats its header's position.
   * Matched in place in the whole text, so no string is made for the line itself.
   */
  private addStepAt(text: string, start: number, end: number): boolean {
    const chain = this.currentChain;
    if (!chain) return false;
    const offset = start + chain.linePrefix.length;
    if (offset >= end || text.charCodeAt(offset) !== 32 || !text.startsWith(chain.linePrefix, start)) return false;
    const step = stepTextAt(text, offset, end);
    if (step === undefined) return false;
    chain.explanation.steps.push(this.parseStep(step));
    return true;
  }

  private parseLine(line: string): void {
    if (line.length === 0) return;
    if (line.startsWith('# ')) {
      this.startPackage(line.slice(2).trim());
      return;
    }
    const positioned = splitPositionedLine(line, this.paths);
    if (!positioned) {
      this.unparsedLines++;
      return;
    }
    const { position, message } = positioned;
    if (message.charCodeAt(0) === 32 /* space */ && isExplanationStep(message)) {
      this.addStep(position, message.trim());
      return;
    }
    const header = parseChainHeader(message);
    if (header) {
      this.startChain(position, header, message.slice(0, -1), line.slice(0, line.length - message.length));
      return;
    }
    this.currentChain = undefined;
    this.addFact(position, message);
  }

  private startPackage(header: string): void {
    this.flushOrphanChains();
    // `go test` prints `# p [p.test]`; the import path is the first word.
    const importPath = header.split(' ')[0];
    this.currentPackage = importPath;
    this.packages.push(importPath);
  }

  private startChain(position: CompilerPosition, header: ChainHeader, headerText: string, linePrefix: string): void {
    const printedFile = linePrefix.slice(0, linePrefix.length - 2).replace(/:\d+(:\d+)?$/, '');
    const chain: PendingChain = { position, printedFile, linePrefix, header, explanation: { header: headerText, steps: [] }, claimed: false };
    const list = this.pending.get(position);
    if (list) list.push(chain);
    else this.pending.set(position, [chain]);
    this.currentChain = chain;
  }

  private addStep(position: CompilerPosition, text: string): void {
    const chain = this.currentChain;
    // Every step repeats the position of its chain; a step that does not is noise from elsewhere.
    if (!chain || !samePosition(chain.position, position)) {
      this.unparsedLines++;
      return;
    }
    chain.explanation.steps.push(this.parseStep(text));
  }

  private parseStep(text: string): FlowStep {
    if (text.startsWith('from ')) return this.parseFromStep(text);
    if (text.startsWith('flow: ')) return { kind: 'flow', message: text.endsWith(':') ? text.slice(0, -1) : text };
    return { kind: 'warning', message: text.replace(/^warning: /, '') };
  }

  /**
   * `from EXPR (WHY) at POS`, read from the end: EXPR is a Go expression that may hold parentheses
   * and the word "at", but WHY has no parentheses and POS is last.
   */
  private parseFromStep(text: string): FlowStep {
    const at = text.lastIndexOf(') at ');
    const whyEnd = at >= 0 ? at : text.endsWith(')') ? text.length - 1 : -1;
    const whyStart = whyEnd >= 0 ? text.lastIndexOf(' (', whyEnd) : -1;
    if (whyStart < 5) return { kind: 'from', message: text };
    const why = this.intern(text.slice(whyStart + 2, whyEnd));
    if (why.includes('(')) return { kind: 'from', message: text };
    const position = at >= 0 ? this.stepPosition(text, at + 5) : undefined;
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
  private stepPosition(text: string, start: number): CompilerPosition | undefined {
    const chain = this.currentChain;
    if (chain && text.startsWith(chain.printedFile, start) && text.charCodeAt(start + chain.printedFile.length) === 58 /* : */) {
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

  /** Duplicate lines are common (generic instantiations, inlined bodies): keep the first, let repeats claim chains. */
  private addFact(position: CompilerPosition, message: string): void {
    const atPosition = this.factsByPosition.get(position);
    const duplicate = atPosition?.find((f) => f.message === message);
    if (duplicate) {
      this.claimChains(duplicate);
      return;
    }
    const classified = classifyMessage(message);
    const fact: CompilerFact = {
      file: position.file,
      line: position.line,
      column: position.column,
      kind: classified.kind,
      message,
      subject: classified.subject,
      packagePath: this.currentPackage,
      details: classified.details,
      explanations: [],
    };
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
    const family = chains.filter((c) => c.header.type === wanted);
    const bySubject = family.filter((c) => c.header.subject === fact.subject);
    const claim = bySubject.length > 0 ? bySubject : family.filter((c) => !c.claimed);
    for (const chain of claim) {
      chain.claimed = true;
      addExplanation(fact, chain);
    }
    if (chains.every((c) => c.claimed)) this.pending.delete(fact);
  }

  /** A chain with no summary line after it is still a fact: a heap allocation, or a leak for `parameter p leaks to …`. */
  private flushOrphanChains(): void {
    for (const chains of this.pending.values()) {
      for (const chain of chains) {
        if (chain.claimed) continue;
        const kind = kindForOrphanChain(chain.header);
        const message = orphanMessage(chain.header);
        const atPosition = this.factsByPosition.get(chain.position) ?? [];
        let fact = atPosition.find((f) => f.message === message && f.kind === kind);
        if (!fact) {
          fact = {
            file: chain.position.file,
            line: chain.position.line,
            column: chain.position.column,
            kind,
            message,
            subject: chain.header.subject,
            packagePath: this.currentPackage,
            details: {},
            explanations: [],
          };
          atPosition.push(fact);
          this.factsByPosition.set(chain.position, atPosition);
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
 * The text of an explanation step that starts at `offset` (`  flow: …`, `    from …`, `  warning: …`),
 * without its indentation; undefined when the line is not a step. Cheaper than a regex and a trim on
 * the ~60% of -m=2 lines that are steps.
 */
function stepTextAt(text: string, offset: number, lineEnd: number): string | undefined {
  let start = offset;
  while (start < lineEnd && text.charCodeAt(start) === 32) start++;
  if (start - offset < 2) return undefined;
  const first = text.charCodeAt(start);
  const isStep = first === 102 /* f */ ? text.startsWith('from ', start) || text.startsWith('flow: ', start) : first === 119 /* w */ && text.startsWith('warning: ', start);
  if (!isStep) return undefined;
  let end = lineEnd;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(start, end);
}

function orphanMessage(header: ChainHeader): string {
  if (header.type === 'escape') return `${header.subject} escapes to heap`;
  return `parameter ${header.subject} leaks to ${header.leaksTo} with derefs=${header.derefs}`;
}

/** The compiler repeats identical chains (e.g. for each duplicated line); keep one of each. */
function addExplanation(fact: CompilerFact, chain: PendingChain): void {
  if (fact.explanations.some((e) => sameExplanation(e, chain.explanation))) return;
  fact.explanations.push(chain.explanation);
  const header = chain.header;
  if (header.inFunction && !fact.details.inFunction) fact.details.inFunction = header.inFunction;
  if (header.type === 'leak' && fact.details.leaksTo === undefined) {
    fact.details.leaksTo = header.leaksTo;
    fact.details.derefs = header.derefs;
  }
}

function samePosition(a: CompilerPosition, b: CompilerPosition): boolean {
  return a.line === b.line && a.column === b.column && a.file === b.file;
}

/** A map keyed by position: by file, then by a number made of line and column (no key strings to build and hash). */
class PositionMap<T> {
  private readonly byFile = new Map<string, Map<number, T>>();

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

  /** Columns saturate at 255 bytes in the text form (then omitted): line × 2^20 + column stays exact. */
  private static key(p: CompilerPosition): number {
    return p.line * 1_048_576 + (p.column ?? 1_048_575);
  }
}

/** Compared step by step, without building strings. */
function sameExplanation(a: Explanation, b: Explanation): boolean {
  if (a === b) return true;
  if (a.header !== b.header || a.steps.length !== b.steps.length) return false;
  for (let i = 0; i < a.steps.length; i++) {
    const x = a.steps[i];
    const y = b.steps[i];
    if (x.message !== y.message || x.position?.file !== y.position?.file || x.position?.line !== y.position?.line || x.position?.column !== y.position?.column) return false;
  }
  return true;
}


