import type { SyntaxNode } from '../syntax/goParser';
import { anchorNodeOf } from './factNodes';
import { enclosingFunction, enclosingLoop, enclosingStatement, findAll, freshName, importNames, indentOf, rangeOf } from '../syntax/goSyntax';
import { typeOfOperand } from './goTypes';
import type { Pitfall, PitfallContext, PitfallFinding, PitfallFix, TextEdit } from './types';

/**
 * `pool.Put(b)` with a slice or struct value: converting it to `any` allocates, so every Put costs
 * the allocation the pool was meant to save. Store pointers (`*[]byte`) instead.
 */
export const SyncPoolValuePitfall: Pitfall = {
  code: 'sync-pool-value',
  detect(context: PitfallContext): PitfallFinding[] {
    const root = context.syntax.tree.rootNode;
    const syncName = importNames(root).get('sync');
    // A pool used through a field or a function needs no sync import here: the helper's types tell.
    if (!syncName && !context.expressionTypes) return [];
    const findings: PitfallFinding[] = [];
    for (const tracked of context.facts) {
      if (tracked.fact.kind !== 'escapes-to-heap') continue;
      const argument = anchorNodeOf(tracked, root);
      const call = argument?.parent?.type === 'argument_list' ? argument.parent.parent : undefined;
      if (!argument || !call || !isPoolPut(call, syncName, context.expressionTypes)) continue;
      const pool = call.childForFieldName('function')!.childForFieldName('operand')!;
      findings.push({
        code: 'sync-pool-value',
        range: rangeOf(call),
        message: `${call.text} boxes a non-pointer value: every Put allocates`,
        explanation: [
          '**Non-pointer value in a sync.Pool**',
          '',
          `\`sync.Pool.Put\` takes \`any\`. Converting \`${argument.text}\` (a slice or struct, not a pointer) to \`any\` copies it into a new heap box, so each Put allocates — the allocation the pool was meant to save (staticcheck SA6002).`,
          '',
          'Pool pointers instead: `New` returns `&buf`, `Get` asserts `*[]byte`, and `Put` gives the same pointer back.',
        ].join('\n'),
        severity: 'warning',
        fixes: pointerRewrite(pool, context),
        inLoop: !!enclosingLoop(call),
      });
    }
    return findings;
  },
};

/**
 * `pool.Put(…)` on a `sync.Pool` (or `*sync.Pool`): typed by the types helper when it has answered (a
 * pool returned by a function, a field of a struct declared elsewhere), else by what this file declares.
 */
export function isPoolPut(call: SyntaxNode, syncName: string | undefined, typeOf?: PitfallContext['expressionTypes']): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Put') return false;
  const pool = fn.childForFieldName('operand');
  if (!pool) return false;
  const typed = typeOf?.(pool)?.type;
  if (typed) return typed === 'sync.Pool' || typed === '*sync.Pool';
  return !!syncName && isSyncPool(pool, syncName);
}

/** The operand of each `x.Put(…)` call: the expressions whose type says whether it is a sync.Pool. */
export function putOperands(root: SyntaxNode): SyntaxNode[] {
  return findAll(root, 'call_expression', (call) => {
    const fn = call.childForFieldName('function');
    return fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'Put';
  }).map((call) => call.childForFieldName('function')!.childForFieldName('operand')!).filter((n) => !!n);
}

function isSyncPool(pool: SyntaxNode, syncName: string): boolean {
  const isPool = (type: SyntaxNode | undefined) => {
    const base = type?.type === 'pointer_type' ? type.namedChildren[0] : type;
    return base?.type === 'qualified_type' && base.childForFieldName('package')?.text === syncName && base.childForFieldName('name')?.text === 'Pool';
  };
  if (isPool(typeOfOperand(pool))) return true;
  // No declared type: the value the name was given (`p := &sync.Pool{…}`, `p := new(sync.Pool)`, `var p = sync.Pool{…}`).
  return pool.type === 'identifier' && initializersOf(pool).some((value) => isPool(poolTypeOf(value)));
}

/** `sync.Pool{…}` → sync.Pool, `&sync.Pool{…}` → sync.Pool, `new(sync.Pool)` → sync.Pool. */
function poolTypeOf(value: SyntaxNode): SyntaxNode | undefined {
  let expression = value;
  while (expression.type === 'parenthesized_expression' && expression.namedChildren[0]) expression = expression.namedChildren[0];
  if (expression.type === 'unary_expression' && expression.childForFieldName('operator')?.text === '&') {
    const operand = expression.childForFieldName('operand');
    return operand?.type === 'composite_literal' ? operand.childForFieldName('type') ?? undefined : undefined;
  }
  if (expression.type === 'composite_literal') return expression.childForFieldName('type') ?? undefined;
  if (expression.type === 'call_expression' && expression.childForFieldName('function')?.text === 'new') {
    return expression.childForFieldName('arguments')?.namedChildren[0] ?? undefined;
  }
  return undefined;
}

/**
 * The values `name` is declared or assigned with in its function (or at package level when no
 * function declares it): `name := v`, `var name = v`, `name = v`.
 */
function initializersOf(name: SyntaxNode): SyntaxNode[] {
  const values: SyntaxNode[] = [];
  const fn = enclosingFunction(name);
  const scope = fn ?? name.tree.rootNode;
  const take = (left: readonly (SyntaxNode | null)[], right: readonly (SyntaxNode | null)[]) => {
    const index = left.findIndex((n) => n?.text === name.text);
    if (index >= 0 && left.length === right.length && right[index]) values.push(right[index]!);
  };
  for (const statement of findAll(scope, ['short_var_declaration', 'assignment_statement'])) {
    take(statement.childForFieldName('left')?.namedChildren ?? [], statement.childForFieldName('right')?.namedChildren ?? []);
  }
  for (const spec of findAll(scope, 'var_spec')) take(spec.childrenForFieldName('name'), spec.childForFieldName('value')?.namedChildren ?? []);
  if (values.length === 0 && fn) {
    for (const spec of findAll(name.tree.rootNode, 'var_spec', (n) => !enclosingFunction(n))) take(spec.childrenForFieldName('name'), spec.childForFieldName('value')?.namedChildren ?? []);
  }
  return values;
}

/**
 * Rewrites New, every Get and every Put of a package-level pool declared in this file to pool
 * pointers — only when all of them have the simple shapes below and no other file uses the pool;
 * a partial rewrite would make Get's type assertion panic.
 */
function pointerRewrite(poolNode: SyntaxNode, context: PitfallContext): PitfallFix[] {
  if (poolNode.type !== 'identifier') return [];
  const name = poolNode.text;
  const root = context.syntax.tree.rootNode;
  if (context.mentionedInOtherFiles(name)) return [];
  const spec = findAll(root, 'var_spec', (n) => !enclosingFunction(n) && n.childrenForFieldName('name').some((i) => i?.text === name))[0];
  const literal = spec?.childForFieldName('value')?.namedChildren[0];
  if (!literal || literal.type !== 'composite_literal') return [];
  const newFunc = findAll(literal, 'keyed_element', (n) => n.namedChildren[0]?.text === 'New')[0]?.namedChildren[1]?.namedChildren[0];
  const newReturn = newFunc?.type === 'func_literal' ? findAll(newFunc, 'return_statement') : [];
  const newValue = newReturn.length === 1 ? newReturn[0].namedChildren[0]?.namedChildren[0] : undefined;
  if (!newFunc || !newValue || newFunc.childForFieldName('body')?.namedChildren[0]?.namedChildren.length !== 1) return [];

  const uses = findAll(root, 'identifier', (n) => n.text === name && !n.equals(spec!.childrenForFieldName('name')[0]!));
  const gets: { statement: SyntaxNode; variable: string; type: string }[] = [];
  const puts: { statement: SyntaxNode; argument: SyntaxNode }[] = [];
  for (const use of uses) {
    const selector = use.parent;
    const call = selector?.parent;
    const method = selector?.type === 'selector_expression' ? selector.childForFieldName('field')?.text : undefined;
    if (call?.type !== 'call_expression') return [];
    if (method === 'Get') {
      const assertion = call.parent;
      const statement = assertion?.parent?.parent;
      if (assertion?.type !== 'type_assertion_expression' || statement?.type !== 'short_var_declaration') return [];
      const left = statement.childForFieldName('left')?.namedChildren ?? [];
      if (left.length !== 1 || !left[0]) return [];
      gets.push({ statement, variable: left[0].text, type: assertion.childForFieldName('type')!.text });
    } else if (method === 'Put') {
      const statement = enclosingStatement(call);
      const argument = call.childForFieldName('arguments')?.namedChildren[0];
      if (!statement || statement.type !== 'expression_statement' || !argument) return [];
      puts.push({ statement, argument });
    } else {
      return [];
    }
  }
  const types = new Set(gets.map((g) => g.type));
  if (gets.length === 0 || puts.length === 0 || types.size !== 1) return [];
  const valueType = [...types][0];
  if (valueType.startsWith('*')) return [];

  const edits: TextEdit[] = [];
  const lines = context.syntax.lines;
  // New: return a pointer to the value.
  const boxed = freshName('v', newFunc);
  const returnStatement = newReturn[0];
  if (returnStatement.startPosition.row === newFunc.startPosition.row) {
    edits.push({ range: rangeOf(returnStatement), newText: `${boxed} := ${newValue.text}; return &${boxed}` });
  } else {
    edits.push({ range: rangeOf(returnStatement), newText: `${boxed} := ${newValue.text}\n${indentOf(lines, returnStatement.startPosition.row)}return &${boxed}` });
  }
  // Get: keep the pointer, work on the value.
  const pointerOf = new Map<SyntaxNode, string>();
  for (const get of gets) {
    const fn = enclosingFunction(get.statement);
    if (!fn) return [];
    const pointer = freshName(`${get.variable}Ptr`, fn);
    pointerOf.set(fn, pointer);
    const call = get.statement.childForFieldName('right')!.namedChildren[0]!.childForFieldName('operand')!.text;
    edits.push({ range: rangeOf(get.statement), newText: `${pointer} := ${call}.(*${valueType})\n${indentOf(lines, get.statement.startPosition.row)}${get.variable} := *${pointer}` });
  }
  // Put: store the (possibly grown) value back through the pointer and put the pointer.
  for (const put of puts) {
    const fn = enclosingFunction(put.statement);
    const pointer = [...pointerOf].find(([f]) => fn && f.equals(fn))?.[1];
    if (!pointer) return []; // a Put without a Get in the same function: no pointer to give back
    edits.push({ range: rangeOf(put.statement), newText: `*${pointer} = ${put.argument.text}\n${indentOf(lines, put.statement.startPosition.row)}${name}.Put(${pointer})` });
  }
  return [{ title: `Pool *${valueType} instead of ${valueType} (New, Get and Put of ${name})`, preferred: true, edits }];
}
