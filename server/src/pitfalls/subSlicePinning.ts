import type { SyntaxNode } from '../syntax/goParser';
import { anchorNodeOf } from './factNodes';
import { declaredType, enclosingFunction, enclosingLoop, findAll, importNames, rangeOf } from '../syntax/goSyntax';
import { importEdit } from './imports';
import { atLeast, GoVersionNumber, Pitfall, PitfallContext, PitfallFinding, PitfallFix, TextEdit } from './types';

/**
 * A function returns or stores a sub-slice (or substring) of its parameter: whoever keeps the result
 * keeps the parameter's whole backing array alive. The compiler tells us the parameter leaks (to a
 * result, or to the heap); the syntax tells us it is a slice expression of it.
 */
export const SubSlicePinningPitfall: Pitfall = {
  code: 'sub-slice-pinning',
  detect(context: PitfallContext): PitfallFinding[] {
    const root = context.syntax.tree.rootNode;
    const findings: PitfallFinding[] = [];
    const seen = new Set<number>();
    for (const tracked of context.facts) {
      const kind = tracked.fact.kind;
      if (kind !== 'leaking-param-to-result' && kind !== 'leaking-param' && kind !== 'leaking-param-content') continue;
      const param = anchorNodeOf(tracked, root);
      const fn = param && enclosingFunction(param);
      const body = fn?.childForFieldName('body');
      if (!param || !fn || !body || param.type !== 'identifier') continue;
      const name = param.text;
      // An output buffer (`func Encode(dst, src []byte) []byte`): returning the written part of the caller's own buffer is the contract, and a copy would defeat its reuse.
      const type = declaredType(name, body);
      if (type?.text !== 'string' && isWrittenIn(name, body)) continue;
      for (const slice of findAll(body, 'slice_expression', (n) => n.childForFieldName('operand')?.text === name && isSubSlice(n))) {
        if (seen.has(slice.startIndex) || enclosingFunction(slice)?.equals(fn) !== true) continue;
        // `b[n:]` is the rest of the input (a decoder's `return b[8:], x`): it pins only the n bytes consumed.
        if (isRemainder(slice)) continue;
        const kept = keptBeyondCall(slice, kind);
        if (!kept) continue;
        seen.add(slice.startIndex);
        // The array is the caller's, of a size unknown here: explained with its fix, but no diagnostic —
        // a copy is an allocation of its own, worth it only if the caller drops a large array.
        findings.push({
          code: 'sub-slice-pinning',
          range: rangeOf(slice),
          message: `${kept === 'returned' ? 'Returns' : 'Stores'} a sub-slice of ${name}: it keeps ${name}'s whole backing array alive`,
          explanation: [
            '**Sub-slice pins its backing array**',
            '',
            `\`${slice.text}\` shares memory with \`${name}\`. As long as the ${kept === 'returned' ? 'caller keeps the result' : 'stored value lives'}, the garbage collector cannot free any of \`${name}\`'s backing array — a 16-byte header can keep megabytes alive.`,
            '',
            `**The caller decides**: \`${name}\`'s array belongs to the caller, and its size is not known here. If the caller keeps that array anyway (or it is small), a copy only adds an allocation; if the caller reads into a large buffer and drops it, copy the part you keep. No diagnostic for this one; the copy is offered as a quick fix here.`,
            '',
            '(Not `s[:0:0]`-style tricks: a zero-capacity slice of the array still points into it.)',
          ].join('\n'),
          severity: 'hint',
          fixes: cloneFix(slice, type?.text, context, (expression) => `Copy the sub-slice: ${expression} (an allocation of its own: worth it if the caller drops a large ${name})`),
          inLoop: !!enclosingLoop(slice),
          quiet: true,
        });
      }
    }
    findings.push(...largeBufferFindings(context, seen));
    return findings;
  },
};

/** A buffer this large (bytes, or elements of other types) is worth copying out of. */
const LARGE_BUFFER = 4096;

/** A local buffer of known size the compiler moved to the heap. */
interface LargeBuffer {
  name: string;
  /** The declaration: sub-slices after it are of this buffer. */
  declaration: SyntaxNode;
  /** In elements (bytes for a byte buffer). */
  size: number;
  bytes: boolean;
  /** How it was made, for the hover (`make([]byte, 64<<10)`, `var buf [8192]byte`). */
  made: string;
  /** The sub-slice's type, for the copy (`[]byte`). */
  sliceType: string;
}

/**
 * `buf := make([]byte, 64<<10)` … `return buf[:n]` (or `var buf [64 << 10]byte`): the compiler moves the
 * buffer to the heap because part of it is returned, and the caller then holds all of it. The size is
 * known, so the trade is too: warn only from 4096 elements, and say what the copy costs.
 */
function largeBufferFindings(context: PitfallContext, seen: Set<number>): PitfallFinding[] {
  const findings: PitfallFinding[] = [];
  for (const buffer of largeBuffers(context)) {
    const { name, declaration, size, bytes } = buffer;
    const fn = enclosingFunction(declaration);
    const body = fn?.childForFieldName('body');
    if (!fn || !body) continue;
    for (const slice of findAll(body, 'slice_expression', (n) => n.childForFieldName('operand')?.text === name && isSubSlice(n) && n.startIndex > declaration.endIndex)) {
      if (seen.has(slice.startIndex) || enclosingFunction(slice)?.equals(fn) !== true) continue;
      const kept = isReturned(slice) ? 'returned' : keptBeyondCall(slice, 'leaking-param');
      if (!kept) continue;
      seen.add(slice.startIndex);
      const extent = bytes && size % 1024 === 0 ? `${size / 1024} KiB` : `${size}-element`;
      findings.push({
        code: 'sub-slice-pinning',
        range: rangeOf(slice),
        message: `${kept === 'returned' ? 'Returns' : 'Stores'} a sub-slice of ${name}: it keeps the whole ${extent} buffer alive`,
        explanation: [
          '**Sub-slice pins a large buffer**',
          '',
          `\`${slice.text}\` shares memory with \`${name}\` (\`${buffer.made}\`). Whoever keeps it keeps the whole ${extent} buffer alive, however little of it was used — and the buffer was moved to the heap because of it.`,
          '',
          'Copy the part you keep; the buffer can then stay short-lived (or be reused).',
        ].join('\n'),
        severity: 'information',
        fixes: cloneFix(slice, buffer.sliceType, context, () => `Copy ${copiedAmount(slice, bytes)} so the ${extent} buffer can be freed`),
        inLoop: !!enclosingLoop(slice),
      });
    }
  }
  return findings;
}

/** The local buffers of at least LARGE_BUFFER elements the compiler moved to the heap: `make` with a constant size, or an array. */
function largeBuffers(context: PitfallContext): LargeBuffer[] {
  const root = context.syntax.tree.rootNode;
  const buffers: LargeBuffer[] = [];
  for (const tracked of context.facts) {
    const node = anchorNodeOf(tracked, root);
    if (!node) continue;
    if (tracked.fact.kind === 'escapes-to-heap' && tracked.fact.subject.startsWith('make(')) {
      const call = node.type === 'call_expression' ? node : node.parent?.type === 'call_expression' ? node.parent : undefined;
      const args = call?.childForFieldName('arguments')?.namedChildren.filter((n): n is SyntaxNode => !!n) ?? [];
      const size = Math.max(...args.slice(1).map(constantInt).map((n) => n ?? 0));
      const declaration = call?.parent?.parent;
      if (!call || args.length < 2 || args[0].type !== 'slice_type' || size < LARGE_BUFFER || declaration?.type !== 'short_var_declaration') continue;
      const name = declaration.childForFieldName('left')?.namedChildren[0]?.text;
      if (name) buffers.push({ name, declaration, size, bytes: args[0].text.replace(/\s+/g, '') === '[]byte', made: call.text, sliceType: args[0].text });
    } else if (tracked.fact.kind === 'moved-to-heap' && node.type === 'identifier') {
      // `var buf [N]T` or `buf := [N]T{}`: the array is the buffer.
      const declaration = node.parent?.type === 'expression_list' ? node.parent.parent : node.parent;
      let arrayType: SyntaxNode | null | undefined;
      if (declaration?.type === 'var_spec') arrayType = declaration.childForFieldName('type');
      else if (declaration?.type === 'short_var_declaration') {
        const value = declaration.childForFieldName('right')?.namedChildren[0];
        arrayType = value?.type === 'composite_literal' ? value.childForFieldName('type') : undefined;
      }
      const length = arrayType?.type === 'array_type' ? arrayType.childForFieldName('length') : undefined;
      const element = arrayType?.childForFieldName('element');
      const size = length ? constantInt(length) : undefined;
      if (!declaration || !arrayType || !element || size === undefined || size < LARGE_BUFFER) continue;
      buffers.push({ name: node.text, declaration, size, bytes: element.text === 'byte', made: declaration.type === 'var_spec' ? `var ${declaration.text}` : declaration.text, sliceType: `[]${element.text}` });
    }
  }
  return buffers;
}

function isReturned(slice: SyntaxNode): boolean {
  return slice.parent?.type === 'expression_list' && slice.parent.parent?.type === 'return_statement';
}

/** The value of an integer constant expression such as `65536`, `64 << 10` or `16 * 1024`. */
function constantInt(node: SyntaxNode): number | undefined {
  if (node.type === 'int_literal') {
    const value = Number(node.text.replace(/_/g, ''));
    return Number.isSafeInteger(value) ? value : undefined;
  }
  if (node.type === 'parenthesized_expression') return node.namedChildren[0] ? constantInt(node.namedChildren[0]) : undefined;
  if (node.type !== 'binary_expression') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const a = left ? constantInt(left) : undefined;
  const b = right ? constantInt(right) : undefined;
  if (a === undefined || b === undefined) return undefined;
  switch (node.childForFieldName('operator')?.text) {
    case '<<': return b < 40 ? a * 2 ** b : undefined;
    case '*': return a * b;
    case '+': return a + b;
    default: return undefined;
  }
}

/**
 * Whether the function writes into (or replaces) the slice named `name`: `name[i] = …`, `name = …`,
 * `copy(name…, …)`, `name = append(name, …)`. A parameter used so is the caller's output buffer.
 */
function isWrittenIn(name: string, body: SyntaxNode): boolean {
  const isName = (n: SyntaxNode | null | undefined): boolean => {
    if (!n) return false;
    if (n.type === 'identifier') return n.text === name;
    if (n.type === 'index_expression' || n.type === 'slice_expression') return isName(n.childForFieldName('operand'));
    if (n.type === 'parenthesized_expression') return isName(n.namedChildren[0]);
    return false;
  };
  for (const assignment of findAll(body, 'assignment_statement')) {
    if (assignment.childForFieldName('left')?.namedChildren.some(isName)) return true;
  }
  for (const call of findAll(body, 'call_expression', (n) => n.childForFieldName('function')?.text === 'copy')) {
    if (isName(call.childForFieldName('arguments')?.namedChildren[0])) return true;
  }
  return false;
}

/** `p[n:]`: from a start to the end of the parameter, with no capacity bound. */
function isRemainder(slice: SyntaxNode): boolean {
  return !!slice.childForFieldName('start') && !slice.childForFieldName('end') && !slice.childForFieldName('capacity');
}

/** `p[a:b]` with at least one bound: the whole `p[:]` is not a sub-slice worth copying. */
function isSubSlice(slice: SyntaxNode): boolean {
  return !!(slice.childForFieldName('start') || slice.childForFieldName('end'));
}

/** Whether the sub-slice outlives the call: returned, or stored in a field, map, global or channel. */
function keptBeyondCall(slice: SyntaxNode, kind: string): 'returned' | 'stored' | undefined {
  let node = slice;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'expression_list' && parent.parent?.type === 'return_statement') return kind === 'leaking-param-to-result' ? 'returned' : undefined;
  if (kind === 'leaking-param-to-result') return undefined;
  if (parent?.type === 'send_statement' && parent.childForFieldName('value')?.equals(node)) return 'stored';
  if (parent?.type === 'expression_list' && parent.parent?.type === 'assignment_statement') {
    const statement = parent.parent;
    if (!statement.childForFieldName('right')?.equals(parent)) return undefined;
    const index = parent.namedChildren.findIndex((n) => n?.equals(node));
    const target = statement.childForFieldName('left')?.namedChildren[index];
    if (target && (target.type === 'selector_expression' || target.type === 'index_expression' || (target.type === 'identifier' && isPackageLevel(target)))) return 'stored';
  }
  if (parent?.type === 'literal_element' || parent?.type === 'keyed_element') return 'stored';
  return undefined;
}

/** An identifier not declared in its function (as a parameter, result, `var` or `:=`) names a package-level variable. */
function isPackageLevel(identifier: SyntaxNode): boolean {
  const fn = enclosingFunction(identifier);
  if (!fn) return true;
  const name = identifier.text;
  const declares = (n: SyntaxNode) => {
    if (n.type === 'var_spec' || n.type === 'parameter_declaration') return n.childrenForFieldName('name').some((i) => i?.text === name);
    if (n.type === 'short_var_declaration') return n.childForFieldName('left')?.namedChildren.some((i) => i?.text === name) === true;
    return false;
  };
  return findAll(fn, ['var_spec', 'parameter_declaration', 'short_var_declaration'], declares).length === 0;
}

/** What the copy copies: `16 bytes` when the bounds are constants, else the sub-slice itself. */
function copiedAmount(slice: SyntaxNode, bytes: boolean): string {
  const start = slice.childForFieldName('start');
  const end = slice.childForFieldName('end');
  const from = start ? constantInt(start) : 0;
  const to = end ? constantInt(end) : undefined;
  if (from === undefined || to === undefined || slice.childForFieldName('capacity')) return `\`${slice.text}\``;
  const count = to - from;
  return bytes ? `${count} byte${count === 1 ? '' : 's'}` : `${count} element${count === 1 ? '' : 's'}`;
}

/** Copy with the library function the declared type and module Go version allow; else `append(T(nil), s...)`. */
function cloneFix(slice: SyntaxNode, typeText: string | undefined, context: PitfallContext, title: (expression: string) => string): PitfallFix[] {
  if (!typeText) return [];
  const clone = cloneExpression(typeText, slice.text, context.goVersion);
  if (!clone) return [];
  const root = context.syntax.tree.rootNode;
  const edits: TextEdit[] = [{ range: rangeOf(slice), newText: clone.expression }];
  if (clone.importPath && !importNames(root).has(clone.importPath)) {
    const edit = importEdit(root, [clone.importPath]);
    if (edit) edits.unshift(edit);
  }
  return [{ title: title(clone.expression), preferred: true, edits }];
}

export function cloneExpression(typeText: string, expression: string, version: GoVersionNumber | undefined): { expression: string; importPath?: string } | undefined {
  const type = typeText.replace(/\s+/g, '');
  if (type === 'string') return atLeast(version, 1, 18) ? { expression: `strings.Clone(${expression})`, importPath: 'strings' } : { expression: `string([]byte(${expression}))` };
  if (!type.startsWith('[]')) return undefined; // a named type: its methods and conversions are not ours to guess
  if (type === '[]byte' && atLeast(version, 1, 20)) return { expression: `bytes.Clone(${expression})`, importPath: 'bytes' };
  if (atLeast(version, 1, 21)) return { expression: `slices.Clone(${expression})`, importPath: 'slices' };
  return { expression: `append(${typeText}(nil), ${expression}...)` };
}
