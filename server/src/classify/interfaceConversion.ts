import type { CompilerFact } from '../compiler/facts';
import type { SyntaxNode } from '../syntax/goParser';
import type { PackageDeclarations } from './declarations';
import { resolveLocalName, shadowedTypeNames } from './localNames';
import { isOneByteValue, isPredeclaredTypeName, isStructOrArray, isZeroSize, shapeOfTypeNode, sizeOf, TypeLookup, TypeShape } from './typeShapes';
import type { NoAllocationReason } from './classification';

/** What the interface-conversion rules look at: the fact, the syntax node it is anchored on, and what the package declares. */
export interface ConversionContext {
  fact: CompilerFact;
  node: SyntaxNode;
  declarations: PackageDeclarations;
  /** The compiler's version, when known: Go 1.26 stores constant composite literals as read-only data. */
  goVersion?: { major: number; minor: number };
}

/**
 * Why an `… escapes to heap` fact costs no allocation, or undefined when it allocates (or we cannot
 * tell: when unsure, it allocates). These are the cases of the compiler's walk of interface
 * conversions (walk/order.go addrTemp, walk/convert.go dataWord) in Go 1.19 to 1.26:
 * - a constant is stored in read-only data (`addrTemp` on an OLITERAL), the interface points at it;
 * - a zero-size value points at `runtime.zerobase`;
 * - a bool or one-byte integer points into `runtime.staticuint64s`;
 * - (Go 1.26) a struct or array literal of constants is a read-only static, a zero one `zeroVal`.
 * Pointer-shaped values need no data word at all, so the compiler never reports their conversion
 * (escape analysis spills only non-direct-interface types): no fact reaches us for them.
 */
export function conversionWithoutAllocation(context: ConversionContext): NoAllocationReason | undefined {
  const { fact } = context;
  if (fact.kind !== 'escapes-to-heap') return undefined;
  // FIPS packages keep constants out of read-only data (walk/order.go: `!base.Ctxt.IsFIPS()`).
  if (fact.packagePath?.startsWith('crypto/internal/fips140')) return undefined;
  const subject = fact.subject.trim();
  if (subject.startsWith('&') || subject === '... argument' || subject === 'func literal') return undefined;
  if (isConstantRendering(subject) && renderedConstantIsNotACall(subject, context)) return 'constant';
  const lookup = lookupIn(context.declarations, context.node);
  if (isBooleanExpression(context.node, subject)) return 'small-value';
  const node = nodeFor(subject, context.node);
  if (!node) return inlinedLiteralReason(subject, lookup);
  if (node.type === 'identifier') return identifierReason(node, context, lookup);
  if (node.type === 'selector_expression') return qualifiedReason(node, context, lookup);
  if (node.type === 'composite_literal') return compositeReason(node, context, lookup);
  if (node.type === 'call_expression') {
    const shape = callResultShape(node, context.declarations);
    if (shape && isZeroSize(shape, lookup)) return 'zero-size';
    if (shape && isOneByteValue(shape, lookup)) return 'small-value';
  }
  return undefined;
}

/** Types by name: the package's own, unless a type parameter or local type shadows it; another package's (`pkg.T`) when the caller gave its declarations. */
export function lookupIn(declarations: PackageDeclarations, at: SyntaxNode): TypeLookup {
  let shadowed: Set<string> | undefined;
  return (name) => {
    const dot = name.indexOf('.');
    if (dot >= 0) return declarations.imported?.(name.slice(0, dot))?.types.get(name.slice(dot + 1));
    shadowed ??= shadowedTypeNames(at);
    return shadowed.has(name) ? undefined : declarations.types.get(name);
  };
}

/**
 * How the compiler prints a constant (ir/fmt.go, OLITERAL): its value — `"text"` (cut with `...`
 * past 72 characters), `42`, `-1.5`, `'x'`, `true` — or `T(value)` for a typed constant whose type
 * is not the value's default. A name (`msg`) is printed when the constant kept its symbol (Go 1.19).
 */
export function isConstantRendering(subject: string): boolean {
  const inner = explicitInterfaceConversion(subject);
  if (inner !== undefined) return isConstantRendering(inner);
  if (PLAIN_CONSTANT.test(subject)) return true;
  const typed = /^([A-Za-z_][\w.]*)\((.*)\)$/s.exec(subject);
  return !!typed && PLAIN_CONSTANT.test(typed[2]);
}
/** Go 1.19 prints an inlined conversion to `any` as `(interface {})(X)`: X, or undefined. */
function explicitInterfaceConversion(subject: string): string | undefined {
  const match = /^\(interface \{\}\)\((.*)\)$/s.exec(subject);
  return match ? match[1] : undefined;
}

const PLAIN_CONSTANT = new RegExp(
  [
    String.raw`"(?:[^"\\]|\\.)*(?:"|\.\.\.)`, // string
    String.raw`'(?:[^'\\]|\\.[^']*)'`, // rune
    String.raw`-?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)`, // integer or float
    String.raw`\(-?[\d.eE+-]+ [-+] [\d.eE+-]+i\)`, // complex
    'true|false',
  ]
    .map((p) => `(?:${p})`)
    .join('|')
    .replace(/^/, '^(?:')
    .concat(')$'),
  's',
);

/**
 * `T(42)` is how a typed constant prints, and also how a call `f(42)` prints. It is a constant when
 * `T` is a type the source declares (or a predeclared one), or when the source at the anchor is a
 * name the compiler folded (`time.Second` → `time.Duration(1000000000)`). A qualified `pkg.F(42)`
 * anchored on a call stays unknown: it may be a function of that package.
 */
function renderedConstantIsNotACall(subject: string, context: ConversionContext): boolean {
  const inner = explicitInterfaceConversion(subject);
  if (inner !== undefined) return renderedConstantIsNotACall(inner, context);
  const typed = /^([A-Za-z_][\w.]*)\(/.exec(subject);
  if (!typed || PLAIN_CONSTANT.test(subject)) return true;
  const anchor = context.node;
  if ((anchor.type === 'identifier' || anchor.type === 'selector_expression') && !isAssignedTo(anchor)) return true;
  const name = typed[1];
  if (name.includes('.') || resolveLocalName(name, anchor)) return false;
  return context.declarations.types.has(name) || (isPredeclaredTypeName(name) && !context.declarations.functionResults.has(name));
}

/** `sink` in `sink = …`: Go 1.19 puts a conversion at its statement, so an anchor there is not the value. */
function isAssignedTo(node: SyntaxNode): boolean {
  if (node.parent?.type === 'var_spec' && node.parent.childrenForFieldName('name').some((n) => n?.equals(node))) return true;
  const list = node.parent;
  const statement = list?.parent;
  return list?.type === 'expression_list' && !!statement && ['assignment_statement', 'short_var_declaration'].includes(statement.type) && !!statement.childForFieldName('left')?.equals(list);
}

/** The node the subject names: the anchor itself, or the one descendant that reads exactly like it. */
function nodeFor(subject: string, anchor: SyntaxNode): SyntaxNode | undefined {
  const wanted = subject.replace(/\s+/g, '');
  const text = (n: SyntaxNode) => n.text.replace(/\s+/g, '');
  if (text(anchor) === wanted) return anchor;
  // The compiler elides composite literals' contents: `T{...}` is any `T{…}` at the anchor.
  if (anchor.type === 'composite_literal' && wanted.endsWith('{...}') && text(anchor).startsWith(wanted.slice(0, -4))) return anchor;
  return undefined;
}

function identifierReason(node: SyntaxNode, context: ConversionContext, lookup: TypeLookup): NoAllocationReason | undefined {
  const name = node.text;
  const local = resolveLocalName(name, node);
  let shape: TypeShape | undefined;
  if (local) {
    if (local.kind === 'const') return 'constant';
    shape = local.type;
  } else if (context.declarations.constants.has(name)) {
    return 'constant';
  } else {
    shape = context.declarations.variables.get(name);
  }
  return shape ? shapeReason(shape, lookup) : undefined;
}

/** `pkg.Name` (Go 1.19 prints imported constants by name): a constant or a variable of the imported package. */
function qualifiedReason(node: SyntaxNode, context: ConversionContext, lookup: TypeLookup): NoAllocationReason | undefined {
  const operand = node.childForFieldName('operand');
  const field = node.childForFieldName('field')?.text;
  if (operand?.type !== 'identifier' || !field || resolveLocalName(operand.text, node) || context.declarations.names.has(operand.text)) return undefined;
  if (!importedUnaliased(operand.text, node)) return undefined;
  const imported = context.declarations.imported?.(operand.text);
  if (!imported) return undefined;
  if (imported.constants.has(field)) return 'constant';
  const shape = imported.variables.get(field);
  return shape ? shapeReason(shape, lookup) : undefined;
}

/** The file imports a package whose path ends in `name`, without renaming it: then `name.X` is that package's. */
function importedUnaliased(name: string, at: SyntaxNode): boolean {
  let root = at;
  while (root.parent) root = root.parent;
  for (const declaration of root.namedChildren) {
    if (declaration?.type !== 'import_declaration') continue;
    for (const spec of declaration.descendantsOfType('import_spec')) {
      if (!spec || spec.childForFieldName('name')) continue;
      const importPath = spec.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '') ?? '';
      if (importPath.split('/').pop() === name) return true;
    }
  }
  return false;
}

function shapeReason(shape: TypeShape, lookup: TypeLookup): NoAllocationReason | undefined {
  if (isZeroSize(shape, lookup)) return 'zero-size';
  if (isOneByteValue(shape, lookup)) return 'small-value';
  return undefined;
}

/**
 * An empty literal of another package's type, printed where the compiler inlined the code that
 * builds it (`context.Background()` reports `context.backgroundCtx{} escapes to heap` at the call):
 * the printed type is all there is to read, and all dataWord reads.
 */
function inlinedLiteralReason(subject: string, lookup: TypeLookup): NoAllocationReason | undefined {
  const literal = /^([A-Za-z_]\w*\.[A-Za-z_]\w*)\{\}$/.exec(subject);
  if (!literal) return undefined;
  return shapeReason({ kind: 'named', name: literal[1] }, lookup);
}

/** `T{}` of a zero-size type; on Go 1.26, a struct or array literal of constants (read-only data) or its zero value (`zeroVal`). */
function compositeReason(node: SyntaxNode, context: ConversionContext, lookup: TypeLookup): NoAllocationReason | undefined {
  const shape = shapeOfTypeNode(node.childForFieldName('type'));
  if (isZeroSize(shape, lookup)) return 'zero-size';
  if (isOneByteValue(shape, lookup)) return 'small-value'; // dataWord decides by type: `flag{b}` of `struct{ on bool }` too
  const version = context.goVersion;
  if (!version || version.major !== 1 || version.minor < 26) return undefined;
  if (!isStructOrArray(shape, lookup)) return undefined;
  const body = node.childForFieldName('body');
  if (!body) return undefined;
  if (body.namedChildCount === 0) {
    // zeroVal is 1024 bytes; leave room for padding the field sum does not count.
    const size = sizeOf(shape, lookup);
    return size !== undefined && size > 0 && size <= 512 ? 'read-only-global' : undefined;
  }
  return isConstantLiteralBody(body, context, lookup) ? 'read-only-global' : undefined;
}

/** Every element of `{…}` is a constant or a nested struct/array literal of constants (walk/complit.go isStaticCompositeLiteral). */
function isConstantLiteralBody(body: SyntaxNode, context: ConversionContext, lookup: TypeLookup): boolean {
  for (const element of body.namedChildren) {
    if (!element || element.type === 'comment') continue;
    let value: SyntaxNode | null = element;
    if (element.type === 'keyed_element') {
      value = element.namedChildren[element.namedChildren.length - 1];
      // A keyed array element's key must be a constant index; a struct key is a field name.
    }
    if (value?.type === 'literal_element') value = value.namedChildren[0];
    if (!value) return false;
    if (value.type === 'literal_value') return false; // an elided nested type: not worth guessing
    if (value.type === 'composite_literal') {
      const shape = shapeOfTypeNode(value.childForFieldName('type'));
      const inner = value.childForFieldName('body');
      if (!isStructOrArray(shape, lookup) || !inner || !isConstantLiteralBody(inner, context, lookup)) return false;
      continue;
    }
    if (!isConstantExpression(value, context)) return false;
  }
  return true;
}

const LITERAL_TYPES = new Set(['int_literal', 'float_literal', 'imaginary_literal', 'rune_literal', 'interpreted_string_literal', 'raw_string_literal', 'true', 'false']);

/** Literals, the package's or a function's constants, and operators over them (the compiler folds them). */
function isConstantExpression(node: SyntaxNode, context: ConversionContext): boolean {
  if (LITERAL_TYPES.has(node.type)) return true;
  if (node.type === 'parenthesized_expression') return !!node.namedChildren[0] && isConstantExpression(node.namedChildren[0], context);
  if (node.type === 'unary_expression') return ['-', '+', '^', '!'].includes(node.child(0)?.type ?? '') && !!node.childForFieldName('operand') && isConstantExpression(node.childForFieldName('operand')!, context);
  if (node.type === 'binary_expression') return isConstantExpression(node.childForFieldName('left')!, context) && isConstantExpression(node.childForFieldName('right')!, context);
  if (node.type === 'identifier') {
    const local = resolveLocalName(node.text, node);
    return local ? local.kind === 'const' : context.declarations.constants.has(node.text);
  }
  return false;
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);

/**
 * A comparison or logical expression is a bool: the compiler points at staticuint64s. The compiler
 * puts a binary expression at its operator and prints its constants folded (`c == 't'` →
 * `c == byte(116)`), so the anchor's expression and the subject must share the operator.
 */
function isBooleanExpression(anchor: SyntaxNode, subject: string): boolean {
  const node = anchor.parent?.type === 'binary_expression' && anchor.parent.childForFieldName('operator')?.equals(anchor) ? anchor.parent : anchor;
  if (node.type === 'binary_expression') {
    const operator = node.childForFieldName('operator')?.type ?? '';
    return COMPARISONS.has(operator) && hasTopLevelComparison(subject);
  }
  return node.type === 'unary_expression' && node.child(0)?.type === '!' && subject.startsWith('!');
}

/**
 * Comparison and logical operators bind loosest, so one outside parentheses, brackets and quotes is
 * the root of the printed expression: the value is a bool.
 */
function hasTopLevelComparison(subject: string): boolean {
  let depth = 0;
  for (let i = 0; i < subject.length; i++) {
    const c = subject[i];
    if (c === '"' || c === "'") {
      for (i++; i < subject.length && subject[i] !== c; i++) if (subject[i] === '\\') i++;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && c === ' ' && / (==|!=|<=|>=|<|>|&&|\|\|) /y.test(subject.slice(i, i + 4))) return true;
  }
  return false;
}

/**
 * The result type of `f(x)` or `T(x)` when the source says: a conversion to a predeclared or package
 * type, or a call of a package function with one result. Methods and other packages' functions stay unknown.
 */
function callResultShape(node: SyntaxNode, declarations: PackageDeclarations): TypeShape | undefined {
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'identifier' && callee?.type !== 'type_identifier') return undefined;
  const name = callee.text;
  if (resolveLocalName(name, node)) return undefined; // a function value or a shadowing variable
  if (declarations.types.has(name)) return { kind: 'named', name };
  const result = declarations.functionResults.get(name);
  if (result) return result;
  if (isPredeclaredTypeName(name) && node.childForFieldName('arguments')?.namedChildCount === 1) return { kind: 'named', name };
  return undefined;
}
