import type { CompilerFact, CompilerPosition, Explanation, FlowStep, ParseResult } from './facts';
import { HEAP_KINDS, LEAK_KINDS } from './facts';
import { ChainHeader, classifyMessage, isExplanationStep, kindForOrphanChain, parseChainHeader } from './messages';
import { PathResolution, PathResolver, parseBarePosition, splitPositionedLine } from './positions';

interface PendingChain {
  position: CompilerPosition;
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
  /** Facts by the raw `FILE:LINE:COL: ` text of their line: duplicates and chains are found by position first. */
  private readonly factsByPosition = new Map<string, CompilerFact[]>();
  private pending = new Map<string, PendingChain[]>();
  private currentChain: PendingChain | undefined;
  private currentPackage: string | undefined;
  private unparsedLines = 0;
  private readonly stepPositions = new Map<string, CompilerPosition | undefined>();
  private readonly words = new Map<string, string>();

  constructor(private readonly paths: PathResolver) {}

  parse(text: string): ParseResult {
    for (const raw of text.split('\n')) this.parseLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    this.flushOrphanChains();
    return { facts: this.facts, packages: this.packages, unparsedLines: this.unparsedLines };
  }

  private parseLine(line: string): void {
    if (line.length === 0) return;
    // Fast path for the bulk of -m=2 output: a step of the chain being read repeats its header's position.
    const chain = this.currentChain;
    if (chain && line.charCodeAt(chain.linePrefix.length) === 32 && line.startsWith(chain.linePrefix)) {
      const step = stepTextAt(line, chain.linePrefix.length);
      if (step !== undefined) {
        chain.explanation.steps.push(this.parseStep(step));
        return;
      }
    }
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
    const prefix = line.slice(0, line.length - message.length);
    if (message.charCodeAt(0) === 32 /* space */ && isExplanationStep(message)) {
      this.addStep(prefix, message.trim());
      return;
    }
    const header = parseChainHeader(message);
    if (header) {
      this.startChain(position, header, message.slice(0, -1), prefix);
      return;
    }
    this.currentChain = undefined;
    this.addFact(prefix, position, message);
  }

  private startPackage(header: string): void {
    this.flushOrphanChains();
    // `go test` prints `# p [p.test]`; the import path is the first word.
    const importPath = header.split(' ')[0];
    this.currentPackage = importPath;
    this.packages.push(importPath);
  }

  private startChain(position: CompilerPosition, header: ChainHeader, headerText: string, linePrefix: string): void {
    const chain: PendingChain = { position, linePrefix, header, explanation: { header: headerText, steps: [] }, claimed: false };
    const list = this.pending.get(linePrefix);
    if (list) list.push(chain);
    else this.pending.set(linePrefix, [chain]);
    this.currentChain = chain;
  }

  private addStep(prefix: string, text: string): void {
    const chain = this.currentChain;
    // Every step repeats the position of its chain; a step that does not is noise from elsewhere.
    if (!chain || chain.linePrefix !== prefix) {
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
    const position = at >= 0 ? this.stepPosition(text.slice(at + 5)) : undefined;
    return { kind: 'from', message: text.slice(0, whyEnd + 1), expression: text.slice(5, whyStart), why, position };
  }

  /** The ~30 `(why)` words repeat in every chain: share one string each. */
  private intern(word: string): string {
    const known = this.words.get(word);
    if (known !== undefined) return known;
    this.words.set(word, word);
    return word;
  }

  /** Steps name the same few positions again and again: parse each once and share the (read-only) object. */
  private stepPosition(text: string): CompilerPosition | undefined {
    if (this.stepPositions.has(text)) return this.stepPositions.get(text);
    const position = parseBarePosition(text, this.paths);
    this.stepPositions.set(text, position);
    return position;
  }

  /** Duplicate lines are common (generic instantiations, inlined bodies): keep the first, let repeats claim chains. */
  private addFact(prefix: string, position: CompilerPosition, message: string): void {
    const atPosition = this.factsByPosition.get(prefix);
    const duplicate = atPosition?.find((f) => f.message === message);
    if (duplicate) {
      this.claimChains(prefix, duplicate);
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
    else this.factsByPosition.set(prefix, [fact]);
    this.claimChains(prefix, fact);
    this.facts.push(fact);
  }

  /** Attaches the pending chains that explain this summary line (same position, same subject, same family). */
  private claimChains(prefix: string, fact: CompilerFact): void {
    const wanted = HEAP_KINDS.has(fact.kind) ? 'escape' : LEAK_KINDS.has(fact.kind) ? 'leak' : undefined;
    if (!wanted) return;
    const chains = this.pending.get(prefix);
    if (!chains) return;
    const family = chains.filter((c) => c.header.type === wanted);
    const bySubject = family.filter((c) => c.header.subject === fact.subject);
    const claim = bySubject.length > 0 ? bySubject : family.filter((c) => !c.claimed);
    for (const chain of claim) {
      chain.claimed = true;
      addExplanation(fact, chain);
    }
    if (chains.every((c) => c.claimed)) this.pending.delete(prefix);
  }

  /** A chain with no summary line after it is still a fact: a heap allocation, or a leak for `parameter p leaks to …`. */
  private flushOrphanChains(): void {
    for (const [prefix, chains] of this.pending) {
      for (const chain of chains) {
        if (chain.claimed) continue;
        const kind = kindForOrphanChain(chain.header);
        const message = orphanMessage(chain.header);
        const atPosition = this.factsByPosition.get(prefix) ?? [];
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
          this.factsByPosition.set(prefix, atPosition);
          this.facts.push(fact);
        }
        chain.claimed = true;
        addExplanation(fact, chain);
      }
    }
    this.pending = new Map();
    this.currentChain = undefined;
  }
}

/**
 * The text of an explanation step that starts at `offset` (`  flow: …`, `    from …`, `  warning: …`),
 * without its indentation; undefined when the line is not a step. Cheaper than a regex and a trim on
 * the ~60% of -m=2 lines that are steps.
 */
function stepTextAt(line: string, offset: number): string | undefined {
  let start = offset;
  while (line.charCodeAt(start) === 32) start++;
  if (start - offset < 2) return undefined;
  const first = line.charCodeAt(start);
  if (first === 102 /* f */ && (line.startsWith('from ', start) || line.startsWith('flow: ', start))) return trimEnd(line, start);
  if (first === 119 /* w */ && line.startsWith('warning: ', start)) return trimEnd(line, start);
  return undefined;
}

function trimEnd(line: string, start: number): string {
  let end = line.length;
  while (end > start && line.charCodeAt(end - 1) === 32) end--;
  return line.slice(start, end);
}

function orphanMessage(header: ChainHeader): string {
  if (header.type === 'escape') return `${header.subject} escapes to heap`;
  return `parameter ${header.subject} leaks to ${header.leaksTo} with derefs=${header.derefs}`;
}

/** The compiler repeats identical chains (e.g. for each duplicated line); keep one of each. */
function addExplanation(fact: CompilerFact, chain: PendingChain): void {
  if (fact.explanations.length > 0) {
    const signature = explanationSignature(chain.explanation);
    if (fact.explanations.some((e) => e === chain.explanation || explanationSignature(e) === signature)) return;
  }
  fact.explanations.push(chain.explanation);
  const header = chain.header;
  if (header.inFunction && !fact.details.inFunction) fact.details.inFunction = header.inFunction;
  if (header.type === 'leak' && fact.details.leaksTo === undefined) {
    fact.details.leaksTo = header.leaksTo;
    fact.details.derefs = header.derefs;
  }
}

const signatures = new WeakMap<Explanation, string>();

function explanationSignature(e: Explanation): string {
  let signature = signatures.get(e);
  if (signature === undefined) {
    signature = e.header + '\n' + e.steps.map((s) => s.message + (s.position ? `@${s.position.line}:${s.position.column}` : '')).join('\n');
    signatures.set(e, signature);
  }
  return signature;
}
