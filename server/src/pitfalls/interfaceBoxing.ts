import type { SyntaxNode } from '../syntax/goParser';
import { isImplicitBoxing, plainSubject } from '../explain/causes';
import { anchorNodeOf } from './factNodes';
import { typeOfOperand } from './goTypes';
import { isPoolPut } from './syncPoolValue';
import { declaredTypeName, enclosingLoop, importNames, rangeOf } from '../syntax/goSyntax';
import { importEdit, stillUsesPackage } from './imports';
import type { Pitfall, PitfallContext, PitfallFinding, PitfallFix, TextEdit } from './types';
import { ArgumentType, fmtFunctionOf, NOT_REWRITTEN, rewriteFmtCall } from './sprintfRewrite';

/**
 * A value the compiler boxed into an interface (an `any` parameter, a `...any` argument): the box is a
 * heap allocation. Always explained; a `fmt.Sprint*` call is rewritten only where every argument's type is
 * known (from the types helper, or spelled in the source) and strconv prints exactly what fmt would
 * (`fmt.Sprintf("%s visited %d times", u.Name, n)` → `u.Name + " visited " + strconv.Itoa(n) + " times"`).
 */
export const InterfaceBoxingPitfall: Pitfall = {
  code: 'interface-boxing',
  detect(context: PitfallContext): PitfallFinding[] {
    const root = context.syntax.tree.rootNode;
    const imports = importNames(root);
    const fmtName = imports.get('fmt');
    const syncName = imports.get('sync');
    const findings: PitfallFinding[] = [];
    const fixedCalls = new Set<number>();
    for (const tracked of context.facts) {
      // The boxed value itself (`n`, `u.Name`, `"x"`), not an allocation that later flows into an interface.
      if (tracked.cause !== 'interface-boxing' || !isImplicitBoxing(tracked.fact)) continue;
      // No box is allocated (a constant, a zero-size value …), or only on a failure path: nothing to warn about.
      if (tracked.classification.allocates === false || tracked.classification.coldPath) continue;
      const node = anchorNodeOf(tracked, root);
      if (!node || isConstantLiteral(node) || CONSTANT_SUBJECT.test(tracked.fact.subject)) continue;
      // Reported at a call but about a value inside the callee inlined there: not this code's value to change.
      if (node.type === 'call_expression' && !/^~[rR]\d+$/.test(tracked.fact.subject) && !node.text.startsWith(tracked.fact.subject)) continue;
      // `sr.newFileSinkFromURL` passed as a func: a method value is a closure, not a box (zap's sink registry).
      if (isMethodValue(node)) continue;
      const call = argumentOf(node);
      if (call && isPoolPut(call, syncName, context.expressionTypes)) continue; // the sync.Pool pitfall says it better
      const callee = call?.childForFieldName('function')?.text;
      // `~r0` is an inlined call's result: name it by the call, in words (plainSubject) otherwise.
      const subject = /^~[rR]\d+$/.test(tracked.fact.subject) && node.type === 'call_expression' ? `the result of ${oneLine(node.text)}` : plainSubject(tracked.fact.subject);
      const inLoop = !!enclosingLoop(node);
      const typed = call && fmtName ? typedRewrite(call, fmtName, context, fixedCalls) : { fixes: [] };
      findings.push({
        code: 'interface-boxing',
        range: tracked.range,
        message: `${subject} is boxed into an interface${callee ? ` for ${callee}` : ''}: a heap allocation${inLoop ? ' on every iteration' : ''}`,
        explanation: [
          '**Boxed into an interface**',
          '',
          `Passing ${subject.startsWith('the result of ') ? subject : `\`${subject}\``} where an interface is expected (${callee ? `\`${callee}\` takes \`any\`` : 'an `any` parameter or variable'}) copies the value into a heap-allocated box${inLoop ? ' — here on every iteration of the loop' : ''}.`,
          '',
          'On hot paths, prefer a typed function (`strconv.Itoa`, `strconv.AppendInt`, `strings.Builder.WriteString`) or pass a pointer that already lives on the heap.',
          ...(typed.note ? ['', typed.note] : []),
        ].join('\n'),
        severity: 'information',
        fixes: typed.fixes,
        inLoop,
      });
    }
    return findings;
  },
};

/**
 * A literal constant (`"text"`, `42`, `'x'`, `true`, `nil`): converting it to an interface allocates
 * nothing — the compiler points the interface at read-only static data (walk/convert.go, dataWord).
 */
function isConstantLiteral(node: SyntaxNode): boolean {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
  if (CONSTANT_LITERALS.has(n.type)) return true;
  // `-1`, `"a" + "b"`: operators over literals fold to a constant.
  if (n.type === 'unary_expression') return !!n.childForFieldName('operand') && n.childForFieldName('operator')?.text !== '&' && n.childForFieldName('operator')?.text !== '<-' && isConstantLiteral(n.childForFieldName('operand')!);
  if (n.type === 'binary_expression') return isConstantLiteral(n.childForFieldName('left')!) && isConstantLiteral(n.childForFieldName('right')!);
  return false;
}

/**
 * The compiler prints a constant as its value: a (possibly truncated) quoted string, a number, a rune,
 * a boolean, nil, or a conversion of one (`zapcore.Level(6)`).
 */
const CONSTANT_SUBJECT = /^(["`']|-?\.?\d|true$|false$|nil$|[A-Za-z_][\w.]*\((-?\.?\d[\w.+-]*|"([^"\\]|\\.)*"|'([^'\\]|\\.)+'|true|false)\)$)/;

/** `x.m` not called, where this file declares a method `m`: a method value. */
function isMethodValue(node: SyntaxNode): boolean {
  if (node.type !== 'selector_expression' || node.parent?.type === 'call_expression') return false;
  const name = node.childForFieldName('field')?.text;
  return !!name && node.tree.rootNode.namedChildren.some((n) => n?.type === 'method_declaration' && n.childForFieldName('name')?.text === name);
}

const CONSTANT_LITERALS = new Set(['interpreted_string_literal', 'raw_string_literal', 'int_literal', 'float_literal', 'imaginary_literal', 'rune_literal', 'true', 'false', 'nil']);

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** A variable's or a field's declared type name (`n`, `u.ID`), when the file says it. */
function typeNameOf(argument: SyntaxNode): string | undefined {
  if (argument.type === 'identifier') return declaredTypeName(argument.text, argument);
  if (argument.type !== 'selector_expression') return undefined;
  const type = typeOfOperand(argument);
  return type?.type === 'type_identifier' ? type.text : undefined;
}

/** The call whose argument `node` is. */
function argumentOf(node: SyntaxNode): SyntaxNode | undefined {
  return node.parent?.type === 'argument_list' && node.parent.parent?.type === 'call_expression' ? node.parent.parent : undefined;
}

/** Basic types a declaration may spell: enough to type an argument when the types helper has not answered. */
const PREDECLARED = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune', 'string', 'bool', 'float32', 'float64', 'complex64', 'complex128']);

const LITERAL_KINDS: Record<string, string> = { interpreted_string_literal: 'untyped string', raw_string_literal: 'untyped string', int_literal: 'untyped int', rune_literal: 'untyped rune', true: 'untyped bool', false: 'untyped bool' };

/** An argument's type: the types helper's answer, else what the source spells (a literal, a declared basic type). */
function argumentType(argument: SyntaxNode, context: PitfallContext): ArgumentType | undefined {
  return context.expressionTypes?.(argument) ?? sourceArgumentType(argument);
}

/** What the source spells of an argument's type: a literal, or a declared basic type. */
export function sourceArgumentType(argument: SyntaxNode): ArgumentType | undefined {
  const literal = LITERAL_KINDS[argument.type];
  if (literal) return { type: literal, underlying: literal, basic: literal };
  const name = typeNameOf(argument);
  return name && PREDECLARED.has(name) ? { type: name, underlying: name, basic: name } : undefined;
}

/** The typed rewrite of the whole fmt call (or why none is offered), once per call: its first boxed argument carries the fix. */
function typedRewrite(call: SyntaxNode, fmtName: string, context: PitfallContext, fixedCalls: Set<number>): { fixes: PitfallFix[]; note?: string } {
  const name = fmtFunctionOf(call, fmtName);
  if (!name) return { fixes: [] };
  if (NOT_REWRITTEN[name]) return { fixes: [], note: NOT_REWRITTEN[name] };
  const rewrite = rewriteFmtCall(call, fmtName, (argument) => argumentType(argument, context));
  if (!rewrite) return { fixes: [] };
  if (!rewrite.ok) return { fixes: [], note: `No fix: ${rewrite.reason}` };
  const strconvName = importNames(context.syntax.tree.rootNode).get('strconv');
  if (rewrite.strconv && strconvName && strconvName !== 'strconv') return { fixes: [], note: `No fix: this file imports strconv as \`${strconvName}\`.` };
  if (fixedCalls.has(call.id)) return { fixes: [], note: 'The fix on the call\'s first boxed argument rewrites the whole call.' };
  fixedCalls.add(call.id);
  const root = context.syntax.tree.rootNode;
  const edits: TextEdit[] = [{ range: rangeOf(call), newText: rewrite.expression }];
  const dropFmt = !stillUsesPackage(root, fmtName, [call]);
  const imports = importEdit(root, rewrite.strconv ? ['strconv'] : [], dropFmt ? ['fmt'] : []);
  if (imports) edits.unshift(imports);
  const title = rewrite.expression.length <= 60 ? `Use ${rewrite.expression} (no interface, no box)` : `Concatenate with strconv instead of fmt.${name} (no interface, no box)`;
  return { fixes: [{ title, preferred: true, edits }] };
}
