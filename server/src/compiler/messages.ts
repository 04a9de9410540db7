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
  // -d=ssa/check_bce/debug=1 (same words go1.19–1.26): the checks left after the prove pass.
  { pattern: /^Found (IsInBounds|IsSliceInBounds)$/, classify: (m) => fact('bounds-check', '', { check: m[1] === 'IsInBounds' ? 'index' : 'slice' }) },
  // -d=nil: `generated nil check` is a check the back end emits; `removed nil check` is one it saved.
  { pattern: /^generated nil check$/, classify: () => fact('nil-check', '') },
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
    pattern: /^(?:(.+) ignoring self-assignment in .+|zero-copy string->\[\]byte conversion|index bounds check elided|removed nil check|assuming (.+) is unsafe uintptr|marking (.+) as escaping uintptr)$/s,
    classify: (m) => fact('other', m[2] ?? m[3] ?? '', { informational: true, ...(m[1] ? { inFunction: m[1] } : {}) }),
  },
];

const canInlineRule = rules.find((r) => r.pattern.source.startsWith('^can inline (.+?) with cost (\\d+) as:'))!;

function fact(kind: FactKind, subject: string, details: FactDetails = NO_DETAILS): ClassifiedMessage {
  return { kind, subject, details };
}

const ESCAPES = ' escapes to heap';
const INLINING = 'inlining call to ';
const DOES_NOT_ESCAPE = ' does not escape';
const LEAKING = 'leaking param: ';
const LEAKING_CONTENT = 'leaking param content: ';
/** What `.` in a regex without the `s` flag does not match. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

export function classifyMessage(message: string): ClassifiedMessage {
  return classifyCommon(message) ?? classifyByRules(message);
}

/**
 * The most frequent shapes read by hand: exactly what the first matching rule would capture (a unit
 * test holds them to it). Regex matches allocate, and a report has thousands of these lines.
 */
function classifyCommon(message: string): ClassifiedMessage | undefined {
  if (message.startsWith('moved to heap: ')) return undefined; // rare: the rules decide
  if (message.startsWith('leaking param')) {
    // A regex `.` without the s flag stops at line terminators: the rules decide those too.
    if (LINE_TERMINATOR.test(message)) return undefined;
    if (message.startsWith(LEAKING_CONTENT)) return message.length > LEAKING_CONTENT.length ? fact('leaking-param-content', message.slice(LEAKING_CONTENT.length)) : undefined;
    if (message.startsWith(LEAKING)) return message.length > LEAKING.length && !message.includes(' to result ') ? fact('leaking-param', message.slice(LEAKING.length)) : undefined;
  }
  // No earlier rule can match from here on.
  if (message.length > ESCAPES.length && message.endsWith(ESCAPES)) return fact('escapes-to-heap', message.slice(0, -ESCAPES.length));
  if (message.length > DOES_NOT_ESCAPE.length && message.endsWith(DOES_NOT_ESCAPE)) return fact('does-not-escape', message.slice(0, -DOES_NOT_ESCAPE.length));
  if (message.length > INLINING.length && message.startsWith(INLINING)) return fact('inlining-call', message.slice(INLINING.length));
  if (message.startsWith('can inline ')) {
    const match = canInlineRule.pattern.exec(message);
    return match ? canInlineRule.classify(match) : undefined;
  }
  return undefined;
}

/** Every rule in order: the reference the hand-read shapes above must agree with (a unit test holds them to it). */
export function classifyByRules(message: string): ClassifiedMessage {
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

// DST is `{heap}`, `{storage for b}`, `{temp}`, `~r0` or a named result; braces are kept whole because they contain spaces and `for`.
const LEAK_HEADER = /^parameter (\S+) leaks to (\{[^{}]*\}|\S+)(?: for (.+))? with derefs=(-?\d+):$/s;

export function parseChainHeader(message: string): ChainHeader | undefined {
  if (!message.endsWith(':')) return undefined;
  const leak = LEAK_HEADER.exec(message);
  if (leak) return { type: 'leak', subject: leak[1], leaksTo: leak[2], inFunction: leak[3], derefs: Number(leak[4]) };
  return parseEscapeHeader(message);
}

/**
 * `X escapes to heap[ in F]:` read by hand as the regex `^(.+) escapes to heap(?: in (.+))?:$`
 * would: the last ` escapes to heap` that can end the header wins.
 */
function parseEscapeHeader(message: string): ChainHeader | undefined {
  for (let at = message.lastIndexOf(ESCAPES); at >= 1; at = message.lastIndexOf(ESCAPES, at - 1)) {
    const after = at + ESCAPES.length;
    if (message.startsWith(' in ', after) && message.length - 1 > after + 4) return { type: 'escape', subject: message.slice(0, at), inFunction: message.slice(after + 4, -1) };
    if (after === message.length - 1) return { type: 'escape', subject: message.slice(0, at), inFunction: undefined };
  }
  return undefined;
}

/**
 * Where the text of an explanation step starts in `text[start, end)`, or -1 when it is not a step.
 * Steps are indented by at least two spaces: `  flow: …` (3 spaces after the position's `: `),
 * `    from … (why) at POS`, `  warning: …`. Read by hand, not by a regex: ~60% of -m=2 lines are steps.
 */
export function explanationStepStart(text: string, start: number, end: number): number {
  let stepStart = start;
  while (stepStart < end && text.charCodeAt(stepStart) === 32 /* space */) stepStart++;
  if (stepStart - start < 2) return -1;
  const first = text.charCodeAt(stepStart);
  const isStep =
    first === 102 /* f */
      ? wordAt(text, stepStart, end, 'from ') || wordAt(text, stepStart, end, 'flow: ')
      : first === 119 /* w */ && wordAt(text, stepStart, end, 'warning: ');
  return isStep ? stepStart : -1;
}

function wordAt(text: string, at: number, end: number, word: string): boolean {
  return at + word.length <= end && text.startsWith(word, at);
}

/** The kind a chain implies when the compiler printed no summary line after it. */
export function kindForOrphanChain(header: ChainHeader): FactKind {
  if (header.type === 'escape') return 'escapes-to-heap';
  if (header.leaksTo === '{heap}') return header.derefs > 0 ? 'leaking-param-content' : 'leaking-param';
  if (/^~r\d+$/.test(header.leaksTo)) return 'leaking-param-to-result';
  return 'leaking-param';
}
