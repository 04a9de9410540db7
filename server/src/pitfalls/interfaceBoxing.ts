import type { SyntaxNode } from '../syntax/goParser';
import { isImplicitBoxing, plainSubject } from '../explain/causes';
import { anchorNodeOf } from './factNodes';
import { typeOfOperand } from './goTypes';
import { isPoolPut } from './syncPoolValue';
import { declaredTypeName, enclosingLoop, importNames, rangeOf } from '../syntax/goSyntax';
import { importEdit, stillUsesPackage } from './imports';
import type { Pitfall, PitfallContext, PitfallFinding, PitfallFix, TextEdit } from './types';

/**
 * A value the compiler boxed into an interface (an `any` parameter, a `...any` argument): the box is a
 * heap allocation. Always explained; rewritten only where the value's type is certain from the source
 * and a typed function says the same thing (`fmt.Sprint(n)` with an int → `strconv.Itoa(n)`).
 */
export const InterfaceBoxingPitfall: Pitfall = {
  code: 'interface-boxing',
  detect(context: PitfallContext): PitfallFinding[] {
    const root = context.syntax.tree.rootNode;
    const imports = importNames(root);
    const fmtName = imports.get('fmt');
    const syncName = imports.get('sync');
    const findings: PitfallFinding[] = [];
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
      if (call && syncName && isPoolPut(call, syncName)) continue; // the sync.Pool pitfall says it better
      const callee = call?.childForFieldName('function')?.text;
      // `~r0` is an inlined call's result: name it by the call, in words (plainSubject) otherwise.
      const subject = /^~[rR]\d+$/.test(tracked.fact.subject) && node.type === 'call_expression' ? `the result of ${oneLine(node.text)}` : plainSubject(tracked.fact.subject);
      const inLoop = !!enclosingLoop(node);
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
        ].join('\n'),
        severity: 'information',
        fixes: call && fmtName ? typedRewrite(call, node, fmtName, context) : [],
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

type Rewrite = (x: string) => { expression: string; strconv: boolean };

const itoa: Rewrite = (x) => ({ expression: `strconv.Itoa(${x})`, strconv: true });
const same: Rewrite = (x) => ({ expression: x, strconv: false });
const formatBool: Rewrite = (x) => ({ expression: `strconv.FormatBool(${x})`, strconv: true });
const formatInt = (base: number): Rewrite => (x) => ({ expression: `strconv.FormatInt(${x}, ${base})`, strconv: true });
const formatUint = (base: number): Rewrite => (x) => ({ expression: `strconv.FormatUint(${x}, ${base})`, strconv: true });

/** By the verb (`Sprint` counts as `%v`) and the declared type: the typed call that prints the same. */
const REWRITES: Record<string, Record<string, Rewrite>> = {
  '%v': { int: itoa, string: same, bool: formatBool, int64: formatInt(10), uint64: formatUint(10) },
  '%d': { int: itoa, int64: formatInt(10), uint64: formatUint(10) },
  '%s': { string: same },
  '%t': { bool: formatBool },
  '%x': { int64: formatInt(16), uint64: formatUint(16) },
};

function typedRewrite(call: SyntaxNode, argument: SyntaxNode, fmtName: string, context: PitfallContext): PitfallFix[] {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('operand')?.text !== fmtName) return [];
  const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
  const name = fn.childForFieldName('field')?.text;
  let verb: string | undefined;
  if (name === 'Sprint' && args.length === 1) verb = '%v';
  if (name === 'Sprintf' && args.length === 2 && args[0].type === 'interpreted_string_literal') verb = JSON.parse(args[0].text) as string;
  if (!verb || !REWRITES[verb] || !args[args.length - 1].equals(argument)) return [];
  const typeName = typeNameOf(argument);
  const rewrite = typeName ? REWRITES[verb][typeName] : undefined;
  if (!rewrite) return [];
  const { expression, strconv } = rewrite(argument.text);
  const root = context.syntax.tree.rootNode;
  const edits: TextEdit[] = [{ range: rangeOf(call), newText: expression }];
  const dropFmt = !stillUsesPackage(root, fmtName, [call]);
  const imports = importEdit(root, strconv ? ['strconv'] : [], dropFmt ? ['fmt'] : []);
  if (imports) edits.unshift(imports);
  return [{ title: `Use ${expression} (no interface, no box)`, preferred: true, edits }];
}
