import type { CompilerFact, CompilerPosition, Explanation, FlowStep, ParseResult } from './facts';
import { HEAP_KINDS, LEAK_KINDS } from './facts';
import { ChainHeader, classifyMessage, isExplanationStep, kindForOrphanChain, parseChainHeader } from './messages';
import { PathResolution, PathResolver, parseBarePosition, positionKey, splitPositionedLine } from './positions';

interface PendingChain {
  position: CompilerPosition;
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
  private readonly factsByLine = new Map<string, CompilerFact>();
  private pending = new Map<string, PendingChain[]>();
  private currentChain: PendingChain | undefined;
  private currentPackage: string | undefined;
  private unparsedLines = 0;

  constructor(private readonly paths: PathResolver) {}

  parse(text: string): ParseResult {
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      let line = text.slice(start, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.parseLine(line);
      start = end + 1;
    }
    this.flushOrphanChains();
    return { facts: this.facts, packages: this.packages, unparsedLines: this.unparsedLines };
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
      this.startChain(position, header, message.slice(0, -1));
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

  private startChain(position: CompilerPosition, header: ChainHeader, headerText: string): void {
    const chain: PendingChain = { position, header, explanation: { header: headerText, steps: [] }, claimed: false };
    const key = positionKey(position);
    const list = this.pending.get(key);
    if (list) list.push(chain);
    else this.pending.set(key, [chain]);
    this.currentChain = chain;
  }

  private addStep(position: CompilerPosition, text: string): void {
    const chain = this.currentChain;
    // Every step repeats the position of its chain; a step that does not is noise from elsewhere.
    if (!chain || positionKey(chain.position) !== positionKey(position)) {
      this.unparsedLines++;
      return;
    }
    chain.explanation.steps.push(this.parseStep(text));
  }

  private parseStep(text: string): FlowStep {
    if (text.startsWith('from ')) {
      const match = /^from (.*) \(([^()]*)\)(?: at (.+))?$/s.exec(text);
      if (match) {
        const position = match[3] === undefined ? undefined : parseBarePosition(match[3], this.paths);
        return { kind: 'from', message: position ? text.slice(0, text.length - match[3].length - 4) : text, expression: match[1], why: match[2], position };
      }
      return { kind: 'from', message: text };
    }
    if (text.startsWith('flow: ')) return { kind: 'flow', message: text.endsWith(':') ? text.slice(0, -1) : text };
    return { kind: 'warning', message: text.replace(/^warning: /, '') };
  }

  private addFact(position: CompilerPosition, message: string): void {
    const lineKey = `${positionKey(position)}\u0000${message}`;
    const duplicate = this.factsByLine.get(lineKey);
    if (duplicate) {
      this.claimChains(duplicate);
      return;
    }
    const classified = classifyMessage(message);
    const fact: CompilerFact = {
      ...position,
      kind: classified.kind,
      message,
      subject: classified.subject,
      packagePath: this.currentPackage,
      details: classified.details,
      explanations: [],
    };
    this.factsByLine.set(lineKey, fact);
    this.claimChains(fact);
    this.facts.push(fact);
  }

  /** Attaches the pending chains that explain this summary line (same position, same subject, same family). */
  private claimChains(fact: CompilerFact): void {
    const wanted = HEAP_KINDS.has(fact.kind) ? 'escape' : LEAK_KINDS.has(fact.kind) ? 'leak' : undefined;
    if (!wanted) return;
    const key = positionKey(fact);
    const chains = this.pending.get(key);
    if (!chains) return;
    const family = chains.filter((c) => c.header.type === wanted);
    const bySubject = family.filter((c) => c.header.subject === fact.subject);
    const claim = bySubject.length > 0 ? bySubject : family.filter((c) => !c.claimed);
    for (const chain of claim) {
      chain.claimed = true;
      addExplanation(fact, chain);
    }
    const left = chains.filter((c) => !c.claimed);
    if (left.length === 0) this.pending.delete(key);
    else this.pending.set(key, chains);
  }

  /** A chain with no summary line after it is still a fact: a heap allocation, or a leak for `parameter p leaks to …`. */
  private flushOrphanChains(): void {
    for (const chains of this.pending.values()) {
      for (const chain of chains) {
        if (chain.claimed) continue;
        const kind = kindForOrphanChain(chain.header);
        const lineKey = `${positionKey(chain.position)}\u0000orphan\u0000${kind}\u0000${chain.header.subject}`;
        let fact = this.factsByLine.get(lineKey);
        if (!fact) {
          fact = {
            ...chain.position,
            kind,
            message: orphanMessage(chain.header),
            subject: chain.header.subject,
            packagePath: this.currentPackage,
            details: {},
            explanations: [],
          };
          this.factsByLine.set(lineKey, fact);
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

function orphanMessage(header: ChainHeader): string {
  if (header.type === 'escape') return `${header.subject} escapes to heap`;
  return `parameter ${header.subject} leaks to ${header.leaksTo} with derefs=${header.derefs}`;
}

/** The compiler repeats identical chains (e.g. for each duplicated line); keep one of each. */
function addExplanation(fact: CompilerFact, chain: PendingChain): void {
  const signature = explanationSignature(chain.explanation);
  if (fact.explanations.some((e) => explanationSignature(e) === signature)) return;
  fact.explanations.push(chain.explanation);
  const header = chain.header;
  if (header.inFunction && !fact.details.inFunction) fact.details.inFunction = header.inFunction;
  if (header.type === 'leak' && fact.details.leaksTo === undefined) {
    fact.details.leaksTo = header.leaksTo;
    fact.details.derefs = header.derefs;
  }
}

function explanationSignature(e: Explanation): string {
  return e.header + '\n' + e.steps.map((s) => s.message + (s.position ? `@${s.position.line}:${s.position.column}` : '')).join('\n');
}
