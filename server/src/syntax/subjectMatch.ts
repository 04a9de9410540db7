import { shapeNeutral } from '../compiler/shapes';
import type { SyntaxNode } from './goParser';

/** Reading the compiler's rendering of an expression (`&T{...}`, `make([]go.shape.int, n)`) against source text. */

/**
 * How well a node's text reads like the compiler's rendering of an expression: 3 for the same text,
 * 2 when it matches all the compiler printed before its `...` elision (`&T{...}`), otherwise the
 * fraction of the subject that is a common prefix (the compiler folds constants: `1<<17` → `131072`).
 */
export function matchScore(nodeText: string, subject: string): number {
  if (nodeText === subject) return 3;
  if (subject.includes('go.shape.')) return genericMatchScore(nodeText, subject);
  const elision = subject.indexOf('...');
  if (elision > 0 && nodeText.startsWith(subject.slice(0, elision))) return 2;
  let i = 0;
  while (i < subject.length && i < nodeText.length && subject.charCodeAt(i) === nodeText.charCodeAt(i)) i++;
  return i / (subject.length + 1);
}

/**
 * A generic function's subject names the shape its copy was compiled for (`&Box[go.shape.int]{...}`)
 * where the source names a type parameter (`&Box[T]{value: v}`): a shape matches any simple type.
 */
function genericMatchScore(nodeText: string, subject: string): number {
  const neutral = shapeNeutral(subject, '\u0000');
  if (neutral.replace(/\u0000|\.\.\./g, '').length < 2) return 0; // only a shape: it would match any name
  const parts = neutral.split('...');
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = parts.map((part) => part.split('\u0000').map(escape).join('[^,\\[\\](){}]+')).join('.*');
  return new RegExp(`^${source}$`, 's').test(nodeText) ? (parts.length > 1 ? 2 : 3) : 0;
}

export function normalizeExpression(text: string): string {
  return text.replace(/\s+/g, '');
}

/** go1.19 prints a shaped value boxed in generic code as `unsafe.Pointer(b.value)`: the source says `b.value`. */
export function withoutCompilerConversions(subject: string): string {
  const match = /^unsafe\.Pointer\((.*)\)$/s.exec(subject);
  return match ? match[1] : subject;
}

/**
 * go1.19 names a generic call through its dictionary: `(*Box[go.shape.string_0]).Describe(&.dict.(*Box[string]).Describe, b)`,
 * `Map[go.shape.int_0,go.shape.string_1](&.dict.Map[int,string], ...)`. Returns the callee's name.
 */
export function dictionaryCallee(subject: string): string | undefined {
  if (!subject.includes('(&.dict.')) return undefined;
  const head = subject.slice(0, subject.indexOf('(&.dict.'));
  const method = /\)\.([A-Za-z_]\w*)$/.exec(head);
  if (method) return method[1];
  const fn = /([A-Za-z_]\w*)\[[^]*\]$/.exec(head);
  return fn?.[1];
}

/** The name a call calls: `Name(…)`, `x.Name(…)`, `Name[T](…)`. */
export function calleeName(call: SyntaxNode): string | undefined {
  let fn = call.childForFieldName('function');
  if (fn?.type === 'generic_type' || fn?.type === 'index_expression') fn = fn.namedChildren[0] ?? null;
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'selector_expression') return fn.childForFieldName('field')?.text;
  return undefined;
}
