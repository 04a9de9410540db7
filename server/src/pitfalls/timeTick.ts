import type { SyntaxNode } from '../syntax/goParser';
import { enclosingFunction, enclosingLoop, enclosingStatement, findAll, freshName, importNames, indentOf, isPackageCall, rangeOf } from '../syntax/goSyntax';
import { atLeast, Pitfall, PitfallContext, PitfallFinding, PitfallFix } from './types';

/**
 * `time.Tick` in a function that can return leaks its ticker before Go 1.23: nothing can stop it, and
 * an unstopped ticker was never collected. A `for range time.Tick(d)` loop that never ends is fine,
 * and so are `main` packages and tests, which end with the process.
 */
export const TimeTickPitfall: Pitfall = {
  code: 'time-tick-leak',
  detect(context: PitfallContext): PitfallFinding[] {
    if (atLeast(context.goVersion, 1, 23) || context.packageName === 'main' || context.isTestFile) return [];
    const root = context.syntax.tree.rootNode;
    const timeName = importNames(root).get('time');
    if (!timeName) return [];
    const findings: PitfallFinding[] = [];
    for (const call of findAll(root, 'call_expression', (n) => isPackageCall(n, timeName, 'Tick'))) {
      const loop = rangeLoopOver(call);
      if (loop && !canLeaveLoop(loop)) continue; // endless: the ticker lives as long as the program anyway
      if (!enclosingFunction(call)) continue; // a package-level ticker lives as long as the program too
      findings.push({
        code: 'time-tick-leak',
        range: rangeOf(call),
        message: `${call.text} leaks its ticker when the function returns (before Go 1.23 an unstopped ticker is never collected)`,
        explanation: [
          '**time.Tick leaks its ticker**',
          '',
          'Before Go 1.23, a ticker that is never stopped is never garbage-collected, and `time.Tick` gives no way to stop it. Each call in a function that returns leaves one ticker (and its timer) running forever.',
          '',
          `This module says \`go ${context.goVersion ? `${context.goVersion.major}.${context.goVersion.minor}` : '(unknown)'}\`. Use \`time.NewTicker\` and \`defer ticker.Stop()\`, or raise the module to \`go 1.23\`, from which unstopped tickers are collected.`,
        ].join('\n'),
        severity: 'warning',
        fixes: tickerFix(call, loop, timeName, context),
        inLoop: !!enclosingLoop(call),
      });
    }
    return findings;
  },
};

/** The `for … range time.Tick(d)` statement whose range expression is `call`. */
function rangeLoopOver(call: SyntaxNode): SyntaxNode | undefined {
  const clause = call.parent;
  if (clause?.type !== 'range_clause' || !clause.childForFieldName('right')?.equals(call)) return undefined;
  return clause.parent?.type === 'for_statement' ? clause.parent : undefined;
}

/** A `return` anywhere in the body, or a `break` (or `goto`) that leaves this loop. */
function canLeaveLoop(loop: SyntaxNode): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return true;
  const label = loop.parent?.type === 'labeled_statement' ? loop.parent.childForFieldName('label')?.text : undefined;
  return findAll(body, ['return_statement', 'goto_statement', 'break_statement'], (n) => {
    if (n.type === 'return_statement' || n.type === 'goto_statement') return !insideFuncLiteral(n, body);
    if (n.type !== 'break_statement') return false;
    const target = n.namedChildren[0]?.text;
    if (target) return target === label;
    return breakTarget(n)?.equals(loop) === true;
  }).length > 0;
}

function insideFuncLiteral(node: SyntaxNode, stop: SyntaxNode): boolean {
  for (let n = node.parent; n && !n.equals(stop); n = n.parent) if (n.type === 'func_literal') return true;
  return false;
}

/** An unlabelled `break` leaves the innermost `for`, `switch` or `select`. */
function breakTarget(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement'].includes(n.type)) return n;
    if (n.type === 'func_literal') return undefined;
  }
  return undefined;
}

/**
 * `ticker := time.NewTicker(d)` + `defer ticker.Stop()` before the statement, and `ticker.C` for the
 * call. Offered for `for range time.Tick(d)` and for `c := time.Tick(d)` whose channel stays in the
 * function (received from or ranged over only) — where stopping at return is certainly right.
 */
function tickerFix(call: SyntaxNode, loop: SyntaxNode | undefined, timeName: string, context: PitfallContext): PitfallFix[] {
  const statement = loop ?? enclosingStatement(call);
  const fn = enclosingFunction(call);
  if (!statement || !fn) return [];
  if (!loop && !channelStaysLocal(statement, call, fn)) return [];
  // A `defer` inside a loop would keep every iteration's ticker until the function returns.
  if (statement.parent?.type !== 'statement_list' || enclosingLoop(statement)) return [];
  const interval = call.childForFieldName('arguments')?.namedChildren[0]?.text;
  if (!interval) return [];
  const ticker = freshName('ticker', fn);
  const indent = indentOf(context.syntax.lines, statement.startPosition.row);
  const start = { line: statement.startPosition.row, character: statement.startPosition.column };
  return [{
    title: `Use time.NewTicker and stop it when ${fn.type === 'func_literal' ? 'the function literal' : 'the function'} returns`,
    preferred: true,
    edits: [
      { range: { start, end: start }, newText: `${ticker} := ${timeName}.NewTicker(${interval})\n${indent}defer ${ticker}.Stop()\n${indent}` },
      { range: rangeOf(call), newText: `${ticker}.C` },
    ],
  }];
}

/** `c := time.Tick(d)` where `c` is only received from (`<-c`, `range c`, `case <-c`) in the function. */
function channelStaysLocal(statement: SyntaxNode, call: SyntaxNode, fn: SyntaxNode): boolean {
  if (statement.type !== 'short_var_declaration') return false;
  const right = statement.childForFieldName('right')?.namedChildren ?? [];
  const left = statement.childForFieldName('left')?.namedChildren ?? [];
  const index = right.findIndex((n) => n?.equals(call));
  const name = index >= 0 ? left[index]?.text : undefined;
  if (!name || right.length !== 1) return false;
  const uses = findAll(fn, 'identifier', (n) => n.text === name && n.startIndex > statement.endIndex);
  return uses.every((use) => {
    const parent = use.parent;
    if (parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '<-') return true;
    return parent?.type === 'range_clause' && parent.childForFieldName('right')?.equals(use) === true;
  });
}
