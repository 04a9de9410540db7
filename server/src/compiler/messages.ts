import { FactDetails, FactKind, NO_DETAILS } from './facts';

/** A message classified by its known prefix or suffix — never by splitting on `:`, since subjects are Go expressions. */
export interface ClassifiedMessage {
  kind: FactKind;
  subject: string;
  details: FactDetails;
}

type Rule = { pattern: RegExp; classify: (m: RegExpExecArray) => ClassifiedMessage };

const rules: Rule[] = [
  { pattern: /^moved to heap: (.+)$/, classify: (m) => fact('moved-to-heap', m[1]) },
  {
    pattern: /^leaking param: (.+) to result (\S+) level=(-?\d+)$/,
    classify: (m) => fact('leaking-param-to-result', m[1], { result: m[2], level: Number(m[3]) }),
  },
  { pattern: /^leaking param content: (.+)$/, classify: (m) => fact('leaking-param-content', m[1]) },
  { pattern: /^leaking param: (.+)$/, classify: (m) => fact('leaking-param', m[1]) },
  { pattern: /^(.+) escapes to heap$/s, classify: (m) => fact('escapes-to-heap', m[1]) },
  { pattern: /^(.+) does not escape$/s, classify: (m) => fact('does-not-escape', m[1]) },
  {
    pattern: /^can inline (.+?) with cost (\d+) as: (.*)$/s,
    classify: (m) => fact('can-inline', m[1], { cost: Number(m[2]), inlineBody: m[3] }),
  },
  { pattern: /^can inline (.+?)(?: with cost (\d+))?$/s, classify: (m) => fact('can-inline', m[1], m[2] ? { cost: Number(m[2]) } : {}) },
  {
    pattern: /^cannot inline (.+): (function too complex: cost (\d+) exceeds budget (\d+))$/s,
    classify: (m) => fact('cannot-inline', m[1], { reason: m[2], cost: Number(m[3]), budget: Number(m[4]) }),
  },
  { pattern: /^cannot inline (.+?): (.+)$/s, classify: (m) => fact('cannot-inline', m[1], { reason: m[2] }) },
  { pattern: /^inlining call to (.+)$/s, classify: (m) => fact('inlining-call', m[1]) },
  { pattern: /^devirtualizing (.+?) to (.+)$/s, classify: (m) => fact('devirtualized', m[1], { devirtualizedTo: m[2] }) },
  {
    pattern: /^(.+) capturing by (ref|value): (.+?) \(addr=\w+ assign=\w+ width=(\d+)\)$/s,
    classify: (m) => fact('other', m[3], { capture: m[2] as 'ref' | 'value', captureWidth: Number(m[4]), inFunction: m[1] }),
  },
  {
    pattern: /^(?:(.+) ignoring self-assignment in .+|zero-copy string->\[\]byte conversion|index bounds check elided|assuming (.+) is unsafe uintptr|marking (.+) as escaping uintptr)$/s,
    classify: (m) => fact('other', m[2] ?? m[3] ?? '', { informational: true, ...(m[1] ? { inFunction: m[1] } : {}) }),
  },
];

const canInlineRule = rules.find((r) => r.pattern.source.startsWith('^can inline (.+?) with cost (\\d+) as:'))!;

function fact(kind: FactKind, subject: string, details: FactDetails = NO_DETAILS): ClassifiedMessage {
  return { kind, subject, details };
}

const ESCAPES = ' escapes to heap';
const INLINING = 'inlining call to ';

export function classifyMessage(message: string): ClassifiedMessage {
  // Most lines are one of three shapes: read the two plainest by hand (what their rules would
  // capture), try the third's rule first, then walk the list.
  if (message.length > ESCAPES.length && message.endsWith(ESCAPES)) return fact('escapes-to-heap', message.slice(0, -ESCAPES.length));
  if (message.length > INLINING.length && message.startsWith(INLINING)) return fact('inlining-call', message.slice(INLINING.length));
  const fast = message.startsWith('can inline ') ? canInlineRule.pattern.exec(message) : null;
  if (fast) return canInlineRule.classify(fast);
  for (const rule of rules) {
    const match = rule.pattern.exec(message);
    if (match) return rule.classify(match);
  }
  return fact('other', '');
}

/** `-m=2` chain headers: `X escapes to heap[ in F]:` and `parameter P leaks to DST[ for F] with derefs=N:`. */
export type ChainHeader =
  | { type: 'escape'; subject: string; inFunction?: string }
  | { type: 'leak'; subject: string; leaksTo: string; derefs: number; inFunction?: string };

const ESCAPE_HEADER = /^(.+) escapes to heap(?: in (.+))?:$/s;
// DST is `{heap}`, `{storage for b}`, `{temp}`, `~r0` or a named result; braces are kept whole because they contain spaces and `for`.
const LEAK_HEADER = /^parameter (\S+) leaks to (\{[^{}]*\}|\S+)(?: for (.+))? with derefs=(-?\d+):$/s;

export function parseChainHeader(message: string): ChainHeader | undefined {
  if (!message.endsWith(':')) return undefined;
  const leak = LEAK_HEADER.exec(message);
  if (leak) return { type: 'leak', subject: leak[1], leaksTo: leak[2], inFunction: leak[3], derefs: Number(leak[4]) };
  const escape = ESCAPE_HEADER.exec(message);
  if (escape) return { type: 'escape', subject: escape[1], inFunction: escape[2] };
  return undefined;
}

/** Explanation steps are indented: `  flow: …` (3 spaces after the position's `: `), `    from … (why) at POS`. */
export function isExplanationStep(message: string): boolean {
  return /^ {2,}(flow: |from |warning: )/.test(message);
}

/** The kind a chain implies when the compiler printed no summary line after it. */
export function kindForOrphanChain(header: ChainHeader): FactKind {
  if (header.type === 'escape') return 'escapes-to-heap';
  if (header.leaksTo === '{heap}') return header.derefs > 0 ? 'leaking-param-content' : 'leaking-param';
  if (/^~r\d+$/.test(header.leaksTo)) return 'leaking-param-to-result';
  return 'leaking-param';
}
