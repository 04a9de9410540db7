import type { ExpressionType } from '../go/expressionTypes';
import type { SyntaxNode } from '../syntax/goParser';
import { enclosingFunction, findAll } from '../syntax/goSyntax';

/**
 * `fmt.Sprintf`/`Sprint`/`Sprintln` rewritten as string concatenation with strconv, only where the
 * result is the same string for every value: each verb and argument type has an exact typed
 * equivalent (fmt/print.go: printArg → fmtInteger/fmtBool/fmtString; doPrint/doPrintln for spacing).
 */

/** What is known of an argument's type (from the types helper, or spelled in the source). */
export type ArgumentType = Pick<ExpressionType, 'type' | 'underlying' | 'basic' | 'interface' | 'methods'>;

/** `unknownType`: refused only for want of an argument's type (the types helper may still allow it). */
export type FmtRewrite = { ok: true; expression: string; strconv: boolean } | { ok: false; reason: string; unknownType?: boolean };

export const REWRITTEN_FUNCTIONS = new Set(['Sprint', 'Sprintf', 'Sprintln']);

/** Calls left alone on purpose, and why (said in the hover). */
export const NOT_REWRITTEN: Record<string, string> = {
  Fprintf: 'Not rewritten: `fmt.Fprintf` writes to an `io.Writer` (a typed version is one write per piece, each with its error).',
  Fprint: 'Not rewritten: `fmt.Fprint` writes to an `io.Writer` (a typed version is one write per piece, each with its error).',
  Fprintln: 'Not rewritten: `fmt.Fprintln` writes to an `io.Writer` (a typed version is one write per piece, each with its error).',
  Errorf: 'Not rewritten: `fmt.Errorf` builds an error (`%w` wraps), rarely the hot path.',
  Printf: 'Not rewritten: `fmt.Printf` writes to standard output.',
}

/** The function name of a `fmt.X(...)` call, when `call` is one. */
export function fmtFunctionOf(call: SyntaxNode, fmtName: string): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('operand')?.text !== fmtName) return undefined;
  return fn.childForFieldName('field')?.text;
}

export function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment') ?? [];
}

/** The typed concatenation that prints what `call` prints, or why there is none. */
export function rewriteFmtCall(call: SyntaxNode, fmtName: string, typeOf: (argument: SyntaxNode) => ArgumentType | undefined): FmtRewrite | undefined {
  const name = fmtFunctionOf(call, fmtName);
  if (!name || !REWRITTEN_FUNCTIONS.has(name)) return undefined;
  const args = argumentsOf(call);
  if (call.childForFieldName('arguments')?.text.includes('...')) return { ok: false, reason: 'the arguments are a spread slice (`args...`): their number is not known here.' };
  const order = evaluationOrderProblem(name === 'Sprintf' ? args.slice(1) : args);
  if (order) return { ok: false, reason: order };
  const pieces: Piece[] = [];
  let usesStrconv = false;
  const operand = (verb: string, argument: SyntaxNode): string | undefined => {
    const type = typeOf(argument);
    if (!type) {
      failure = `the type of \`${oneLine(argument.text)}\` is not known yet.`;
      unknownType = true;
      return undefined;
    }
    const formatted = formatOperand(verb, type, argument.text);
    if (typeof formatted === 'string') {
      failure = formatted;
      return undefined;
    }
    usesStrconv ||= formatted.strconv;
    return formatted.expression;
  };
  let failure: string | undefined;
  let unknownType = false;

  if (name === 'Sprintf') {
    if (args.length === 0) return undefined;
    const format = parseFormat(args[0]);
    if (typeof format === 'string') return { ok: false, reason: format };
    const verbs = format.filter((p): p is { verb: string } => 'verb' in p);
    if (verbs.length !== args.length - 1) return { ok: false, reason: `${verbs.length} verb(s) for ${args.length - 1} argument(s).` };
    let next = 1;
    for (const part of format) {
      if ('text' in part) pieces.push({ text: part.text });
      else {
        const expression = operand(part.verb, args[next++]);
        if (expression === undefined) return { ok: false, reason: failure!, unknownType };
        pieces.push({ expression });
      }
    }
  } else {
    // doPrint: a space between two operands when neither is a string; doPrintln: always, and a newline.
    let previousString = false;
    for (const [i, argument] of args.entries()) {
      const type = typeOf(argument);
      const isString = !!type && !type.interface && stripUntyped(type.basic) === 'string';
      if (i > 0 && (name === 'Sprintln' || (!isString && !previousString))) pieces.push({ text: ' ' });
      const expression = operand('v', argument);
      if (expression === undefined) return { ok: false, reason: failure!, unknownType };
      pieces.push({ expression });
      previousString = isString;
    }
    if (name === 'Sprintln') pieces.push({ text: '\\n' });
  }
  return { ok: true, expression: concatenation(pieces), strconv: usesStrconv };
}

/**
 * fmt's arguments are evaluated calls first, then the plain operands (gc hoists calls out of the
 * argument list), while `strconv.Itoa(x) + … + strconv.Itoa(f())` reads `x` before calling `f`. So a
 * call in one argument may only sit beside constants and locals no call can change.
 */
function evaluationOrderProblem(args: readonly SyntaxNode[]): string | undefined {
  const withCalls = args.filter(containsCall);
  if (withCalls.length === 0) return undefined;
  if (withCalls.length > 1) return 'several arguments call functions: fmt calls them all before reading the others, a concatenation would not.';
  const unstable = args.find((a) => a !== withCalls[0] && !LITERALS.has(a.type) && !isStableLocal(a));
  return unstable
    ? `\`${oneLine(withCalls[0].text)}\` is called before fmt reads \`${oneLine(unstable.text)}\`, which it may change; the rewrite would read it first.`
    : undefined;
}

const LITERALS = new Set(['interpreted_string_literal', 'raw_string_literal', 'int_literal', 'rune_literal', 'true', 'false']);

function containsCall(node: SyntaxNode): boolean {
  return node.type === 'call_expression' || node.namedChildren.some((c) => !!c && c.type !== 'func_literal' && containsCall(c));
}

/** A parameter or local variable of the enclosing function whose address is never taken and no closure sees: no call can change it. */
function isStableLocal(node: SyntaxNode): boolean {
  if (node.type !== 'identifier') return false;
  const name = node.text;
  const fn = enclosingFunction(node);
  if (!fn) return false;
  const declares = (n: SyntaxNode): boolean => {
    if (n.type === 'parameter_declaration' || n.type === 'var_spec') return n.childrenForFieldName('name').some((i) => i?.text === name);
    if (n.type === 'short_var_declaration' || n.type === 'range_clause') return n.childForFieldName('left')?.namedChildren.some((i) => i?.text === name) === true;
    return false;
  };
  if (findAll(fn, ['parameter_declaration', 'var_spec', 'short_var_declaration', 'range_clause'], declares).length === 0) return false;
  const addressTaken = fn.descendantsOfType('unary_expression').filter((u) => u?.childForFieldName('operator')?.text === '&' && /^\w+/.exec(u.childForFieldName('operand')?.text ?? '')?.[0] === name);
  const captured = findAll(fn, 'func_literal', (f) => !f.equals(fn) && findAll(f, 'identifier', (i) => i.text === name).length > 0);
  return addressTaken.length === 0 && captured.length === 0;
}

/** A piece of the result: literal text (as written inside a "…" literal) or a string expression. */
type Piece = { text: string } | { expression: string };

function concatenation(pieces: readonly Piece[]): string {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if ('text' in piece && last && 'text' in last) merged[merged.length - 1] = { text: last.text + piece.text };
    else if (!('text' in piece) || piece.text !== '') merged.push(piece);
  }
  if (merged.length === 0) return '""';
  return merged.map((p) => ('text' in p ? `"${p.text}"` : p.expression)).join(' + ');
}

/** The format's literal text and verbs, or why it cannot be rewritten exactly. */
function parseFormat(format: SyntaxNode): ({ text: string } | { verb: string })[] | string {
  let inner: string;
  if (format.type === 'interpreted_string_literal') {
    inner = format.text.slice(1, -1);
    // An escape that spells `%` would be a verb the source does not show.
    if (/\\(x25|045|u0025|U00000025)/i.test(inner)) return 'the format spells `%` with an escape.';
  } else if (format.type === 'raw_string_literal') {
    inner = JSON.stringify(format.text.slice(1, -1).replace(/\r/g, '')).slice(1, -1);
  } else {
    return 'the format is not a string literal: its verbs are not known here.';
  }
  const parts: ({ text: string } | { verb: string })[] = [];
  let text = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c !== '%') {
      text += c;
      continue;
    }
    const verb = inner[i + 1];
    i++;
    if (verb === '%') {
      text += '%';
      continue;
    }
    if (verb === undefined) return 'the format ends with a lone `%`.';
    if (!'sdtqvx'.includes(verb)) {
      return /[-+# 0-9.*[]/.test(verb)
        ? `\`%${verb}…\` has flags, a width, a precision or an index (no strconv equivalent).`
        : `the verb \`%${verb}\` has no exact typed equivalent.`;
    }
    parts.push({ text }, { verb });
    text = '';
  }
  parts.push({ text });
  return parts;
}

const SIGNED = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'rune']);
const UNSIGNED = new Set(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte']);

function stripUntyped(basic: string | undefined): string | undefined {
  if (!basic?.startsWith('untyped ')) return basic;
  const kind = basic.slice('untyped '.length);
  // An untyped constant passed as `any` takes its default type.
  return ({ int: 'int', rune: 'int32', string: 'string', bool: 'bool' } as Record<string, string | undefined>)[kind];
}

/** One operand under one verb, or why fmt would print something else than the typed call. */
function formatOperand(verb: string, type: ArgumentType, text: string): { expression: string; strconv: boolean } | string {
  const shown = `\`${oneLine(text)}\``;
  if (type.interface) return `${shown} is an interface: fmt prints by the value inside.`;
  const method = type.methods?.find((m) => m === 'Format' || m === 'String' || m === 'Error');
  if (method) return `${shown} is a \`${type.type}\`, which has a \`${method}\` method: fmt prints what it returns.`;
  const basic = stripUntyped(type.basic);
  if (!basic) return `${shown} is a \`${type.type}\`: no strconv call prints it the way fmt does.`;
  const untyped = type.basic?.startsWith('untyped ') ?? false;
  // A named type (or a constant of another type) is converted first: the typed call takes only its own type.
  const as = (target: string) => (untyped || type.type === target ? text : `${target}(${text})`);
  const mismatch = `${shown} is a \`${type.type}\`: fmt prints \`%!${verb}(…)\` for it, so the call is left as it is.`;
  if (basic === 'string') {
    if (verb === 's' || verb === 'v') return { expression: untyped || type.type === 'string' ? text : `string(${text})`, strconv: false };
    if (verb === 'q') return { expression: `strconv.Quote(${as('string')})`, strconv: true };
    return verb === 'x' ? `${shown} is a string: \`%x\` prints its bytes in hex, which no single strconv call does.` : mismatch;
  }
  if (basic === 'bool') {
    if (verb === 't' || verb === 'v') return { expression: `strconv.FormatBool(${as('bool')})`, strconv: true };
    return mismatch;
  }
  const signed = SIGNED.has(basic);
  if (!signed && !UNSIGNED.has(basic)) return `${shown} is a \`${type.type}\`: no strconv call prints it exactly the way fmt does.`;
  if (verb === 'q') return `${shown} is an integer: \`%q\` prints it as a quoted character, which is not offered.`;
  if (verb !== 'd' && verb !== 'v' && verb !== 'x') return mismatch;
  const base = verb === 'x' ? 16 : 10;
  if (signed && base === 10 && (basic === 'int' || untyped)) return { expression: `strconv.Itoa(${as('int')})`, strconv: true };
  return signed ? { expression: `strconv.FormatInt(${as('int64')}, ${base})`, strconv: true } : { expression: `strconv.FormatUint(${as('uint64')}, ${base})`, strconv: true };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}
