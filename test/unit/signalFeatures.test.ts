import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, InlayHint } from 'vscode-languageserver';
import { Classification, classificationNote } from '../../server/src/classify/classification';
import type { FactKind } from '../../server/src/compiler/facts';
import type { Cause } from '../../server/src/explain/causes';
import { toDiagnostics } from '../../server/src/features/diagnostics';
import { calleesForcingAllocation } from '../../server/src/features/factFilter';
import { hoverAt } from '../../server/src/features/hover';
import { toInlayHints } from '../../server/src/features/inlayHints';
import { DEFAULT_SETTINGS, resolveSettings, Settings } from '../../server/src/shared/settings';
import type { SourceSyntax } from '../../server/src/syntax/anchor';
import { GoParser } from '../../server/src/syntax/goParser';
import { LineIndex } from '../../server/src/syntax/textPositions';
import type { TrackedFact, TrackedStep } from '../../server/src/workspace/trackedFacts';
import { reportLinks } from '../../client/src/reportLinks';

// Facts whose classification the test sets: the filtering must follow the contract whatever the classifier says.
const SOURCE = `package demo

import "fmt"

type T struct{ n int }

func (t *T) Store(name string, ids []int) {
	a, b := pair()
	fmt.Println(a, b, t.n)
	for i := range ids {
		fmt.Println(i)
	}
}

func pair() (int, int) { return 1, 2 }

func Poll(done chan struct{}) int {
	return 0
}
`;

const FULL = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

let parser: GoParser;
let syntax: SourceSyntax;

function at(needle: string, occurrence = 0): { line: number; character: number } {
  const lines = SOURCE.split('\n');
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    let from = 0;
    for (;;) {
      const character = lines[line].indexOf(needle, from);
      if (character < 0) break;
      if (seen++ === occurrence) return { line, character };
      from = character + 1;
    }
  }
  throw new Error(`${needle} not in the source`);
}

function fact(kind: FactKind, subject: string, where: { line: number; character: number }, options: { classification?: Classification; inLoop?: boolean; cause?: Cause; steps?: TrackedStep[]; details?: TrackedFact['fact']['details'] } = {}): TrackedFact {
  const range = { start: where, end: { line: where.line, character: where.character + subject.length } };
  return {
    fact: { kind, subject, message: `${subject} ${kind}`, file: '/demo/demo.go', line: where.line + 1, column: where.character + 1, details: options.details ?? {}, explanations: [] },
    cause: options.cause,
    classification: options.classification ?? { allocates: kind === 'moved-to-heap' || kind === 'escapes-to-heap' ? true : undefined },
    range,
    focus: range,
    steps: options.steps ?? [],
    stale: false,
    inLoop: options.inLoop ?? false,
  };
}

function label(hint: InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

function settings(raw: unknown = {}): Settings {
  return resolveSettings(raw);
}

before(async () => {
  parser = await GoParser.load();
  syntax = { tree: parser.parse(SOURCE), lines: new LineIndex(SOURCE) };
});
after(() => syntax.tree.delete());

describe('default hints and diagnostics follow the classification', () => {
  const boxed = () => fact('escapes-to-heap', 't.n', at('t.n'), { cause: 'interface-boxing' });
  const constant = () => fact('escapes-to-heap', 'a', at('a, b, t.n'), { classification: { allocates: false, noAllocationReason: 'small-value' } });
  const cold = () => fact('escapes-to-heap', 'b', at('b, t.n'), { classification: { allocates: true, coldPath: { kind: 'panic', note: 'on a panic path' } } });
  const loop = () => fact('escapes-to-heap', 'i', at('Println(i)', 0), { inLoop: true });

  it('hint an allocation, stress one in a loop, and say nothing of a constant or a cold path', () => {
    const hints = toInlayHints([constant(), cold()], [], FULL, DEFAULT_SETTINGS, { syntax });
    assert.deepEqual(hints, [], 'non-allocating and cold facts get no hint by default');
    const shown = toInlayHints([boxed(), loop()], [], FULL, DEFAULT_SETTINGS, { syntax }).map(label);
    assert.deepEqual(shown, ['↑heap', '↑heap ↻']);
  });

  it('bring non-allocating and cold facts back by setting', () => {
    const hints = toInlayHints([constant()], [], FULL, settings({ inlayHints: { nonAllocating: true } }), { syntax }).map(label);
    assert.deepEqual(hints, ['↑no alloc']);
    assert.deepEqual(toInlayHints([cold()], [], FULL, settings({ inlayHints: { coldPath: true } }), { syntax }).map(label), ['↑heap (cold)']);
  });

  it('publish loop allocations as Information, others as Hint, nothing on cold paths or without allocation', () => {
    const diagnostics = toDiagnostics([boxed(), loop(), constant(), cold()], [], DEFAULT_SETTINGS);
    assert.deepEqual(diagnostics.map((d) => [d.message.split(':')[0], d.severity]), [
      ['i escapes-to-heap — allocates on every iteration of the loop', DiagnosticSeverity.Information],
      ['t.n escapes-to-heap', DiagnosticSeverity.Hint],
    ]);
    const all = toDiagnostics([constant(), cold()], [], settings({ diagnostics: { coldPath: 'hint', nonAllocating: 'information' } }));
    assert.equal(all.length, 2);
    assert.ok(all.find((d) => d.message.startsWith('a '))!.message.includes(classificationNote(constant().classification)!), 'says why it costs nothing');
    assert.ok(all.find((d) => d.message.startsWith('b '))!.message.includes(classificationNote(cold().classification)!), 'says it runs only on failure');
  });

  it('hide inlined calls by default', () => {
    const inlined = fact('inlining-call', 'pair', at('pair()'));
    assert.deepEqual(toInlayHints([inlined], [], FULL, DEFAULT_SETTINGS, { syntax }), []);
    assert.deepEqual(toInlayHints([inlined], [], FULL, settings({ inlayHints: { kinds: { 'inlining-call': true } } }), { syntax }).map(label), ['inlined']);
  });
});

describe('hints never read like code', () => {
  it('put a parameter hint after its type, with padding and a separator', () => {
    const leak = fact('leaking-param', 'name', at('name string'));
    const hints = toInlayHints([leak], [], FULL, settings({ inlayHints: { leaks: 'parameters' } }), { syntax });
    assert.equal(hints.length, 1);
    assert.deepEqual(hints[0].position, { line: at('name string').line, character: at('name string').character + 'name string'.length });
    assert.equal(label(hints[0]), '· leaks');
    assert.ok(hints[0].paddingLeft);
    assert.ok(!hints[0].paddingRight, 'a comma follows: no padding needed');
  });

  it('leave receiver leaks out unless asked for all, and parameter leaks out unless the package pays for them', () => {
    const receiver = fact('leaking-param', 't', at('t *T'));
    const param = fact('leaking-param-content', 'ids', at('ids []int'));
    assert.deepEqual(toInlayHints([receiver, param], [], FULL, DEFAULT_SETTINGS, { syntax, forcing: new Set() }), [], 'nobody in the package allocates because of Store');
    assert.deepEqual(toInlayHints([receiver, param], [], FULL, DEFAULT_SETTINGS, { syntax, forcing: new Set(['(*T).Store']) }).map(label), ['· leaks'], 'a caller allocates: the parameter, not the receiver');
    assert.deepEqual(toInlayHints([param], [], FULL, DEFAULT_SETTINGS, { syntax, forcing: new Set(['t.Store']) }), [], 'an interface call names its operand, not this method');
    assert.equal(toInlayHints([receiver], [], FULL, settings({ inlayHints: { leaks: 'all' } }), { syntax }).length, 1);
  });

  it('put a variable hint after the whole name list, naming the variable when there are several', () => {
    const moved = fact('moved-to-heap', 'b', at('b := pair'));
    const [hint] = toInlayHints([moved], [], FULL, DEFAULT_SETTINGS, { syntax });
    assert.deepEqual(hint.position, { line: at('a, b :=').line, character: at('a, b :=').character + 'a, b'.length });
    assert.equal(label(hint), '· b ↑heap');
  });

  it('put a function hint after the signature', () => {
    const tooComplex = fact('cannot-inline', 'Poll', at('Poll'), { details: { cost: 81, budget: 80 } });
    const [hint] = toInlayHints([tooComplex], [], FULL, settings({ inlayHints: { kinds: { 'cannot-inline': true } } }), { syntax });
    const line = SOURCE.split('\n')[hint.position.line];
    assert.equal(line.slice(0, hint.position.character), 'func Poll(done chan struct{}) int');
    assert.equal(label(hint), '· inline cost 81/80');
  });

  it('merge several facts on one line into one label at its end', () => {
    const line = at('fmt.Println(a, b, t.n)').line;
    const facts = [fact('escapes-to-heap', 'a', at('a, b, t.n')), fact('escapes-to-heap', 'b', at('b, t.n')), fact('escapes-to-heap', 't.n', at('t.n'))];
    const hints = toInlayHints(facts, [], FULL, DEFAULT_SETTINGS, { syntax });
    assert.equal(hints.length, 1);
    assert.deepEqual(hints[0].position, { line, character: SOURCE.split('\n')[line].length });
    assert.equal(label(hints[0]), '↑heap: a, b, t.n');
    assert.ok(!hints[0].paddingRight, 'nothing follows it');
  });

  it('give a parameter that leaks one hint, not a second that it flows to a result', () => {
    const both = [fact('leaking-param', 'name', at('name string')), fact('leaking-param-to-result', 'name', at('name string'))];
    assert.deepEqual(toInlayHints(both, [], FULL, settings({ inlayHints: { leaks: 'parameters' } }), { syntax }).map(label), ['· leaks']);
  });

  it('name the parameters when their hints merge at the end of the line', () => {
    const mixed = [fact('leaking-param', 'name', at('name string')), fact('leaking-param-to-result', 'ids', at('ids []int'))];
    assert.deepEqual(toInlayHints(mixed, [], FULL, settings({ inlayHints: { leaks: 'parameters' } }), { syntax }).map(label), ['leaks: name · leaks to result: ids']);
  });

  it('merge the leaks of several names of one declaration into one label naming them', () => {
    const leaks = [fact('leaking-param', 'name', at('name string')), fact('leaking-param-content', 'ids', at('ids []int'))];
    const hints = toInlayHints(leaks, [], FULL, settings({ inlayHints: { leaks: 'parameters' } }), { syntax });
    assert.deepEqual(hints.map(label), ['leaks: name, ids']);
  });
});

describe('the hover tells one story', () => {
  const step = (message: string, line: number): TrackedStep => ({ message, position: { file: '/demo/demo.go', line: line + 1, column: 2 }, range: { start: { line, character: 1 }, end: { line, character: 2 } } });

  it('gives a headline, the cause, the chain once, one advice, and other facts in one short line', () => {
    const steps = [step('flow: {heap} ← t.n:', 8), step('from t.n (interface-converted)', 8), step('from fmt.Println(a, b, t.n) (call parameter)', 8), step('flow: {heap} ← t.n:', 8), step('from t.n (interface-converted)', 8)];
    const boxed = fact('escapes-to-heap', 't.n', at('t.n'), { cause: 'interface-boxing', steps });
    const stack = fact('does-not-escape', 't.n', at('t.n'));
    const inlined = fact('inlining-call', 't.n', at('t.n'));
    const value = (hoverAt([stack, inlined, boxed], [], at('t.n'))!.contents as { value: string }).value;
    assert.match(value, /^\*\*Allocates on the heap\*\* `t\.n`\n/);
    assert.equal(value.match(/^\d+\. /gm)?.length, 2, 'each step once, flow edges left out');
    assert.match(value, /1\. from `t\.n` \(interface-converted\) — \[demo\.go:9\]\(file:\/\/\/demo\/demo\.go#L9,2\)/);
    assert.equal(value.match(/💡/g)?.length, 1);
    assert.match(value, /\n_Also here: call inlined t\.n · stays on the stack t\.n_$/);
    assert.ok(value.split('\n').length <= 14, 'short enough to fit without scrolling');
  });

  it('leaves the cause and the chain to the diagnostic when the fact has one (editors show both together)', () => {
    const steps = [step('from t.n (interface-converted)', 8)];
    const boxed = fact('escapes-to-heap', 't.n', at('t.n'), { cause: 'interface-boxing', steps });
    const withDiagnostic = (hoverAt([boxed], [], at('t.n'), DEFAULT_SETTINGS)!.contents as { value: string }).value;
    assert.ok(!/^1\. /m.test(withDiagnostic) && !withDiagnostic.includes('Converted to an interface'), withDiagnostic);
    assert.match(withDiagnostic, /^💡 Avoid the interface/, 'the diagnostic shown with it is the headline: the hover adds the advice');
    const noDiagnostic = (hoverAt([boxed], [], at('t.n'), settings({ diagnostics: { severity: { 'escapes-to-heap': 'off' } } }))!.contents as { value: string }).value;
    assert.match(noDiagnostic, /^1\. from `t\.n`/m);
  });

  it('says when a heap fact costs no allocation or runs only on failure', () => {
    const constant = fact('escapes-to-heap', 'a', at('a, b, t.n'), { classification: { allocates: false, noAllocationReason: 'constant' } });
    const value = (hoverAt([constant], [], at('a, b, t.n'))!.contents as { value: string }).value;
    assert.equal(value.split('\n')[0], `**Escapes to the heap** \`a\` — ${classificationNote(constant.classification)}`);
    assert.ok(!value.includes('💡'), 'no advice on avoiding an allocation that does not happen');
  });
});

describe('which callees make the package allocate', () => {
  it('are read from the call-parameter steps of counted allocations only', () => {
    const step = (message: string): TrackedStep => ({ message, position: { file: '/demo/demo.go', line: 1, column: 1 } });
    const counted = fact('moved-to-heap', 'x', at('a, b'), { steps: [step('from &x (address-of)'), step('from (*T).Store(t, &x) (call parameter)'), step('from keep(&x, 1) (call parameter)')] });
    const cold = fact('moved-to-heap', 'y', at('a, b'), { classification: { allocates: true, coldPath: { kind: 'error-return', note: 'on an error return' } }, steps: [step('from drop(&y) (call parameter)')] });
    assert.deepEqual([...calleesForcingAllocation([counted, cold])], ['(*T).Store', 'keep']);
  });
});

describe('compiler report links', () => {
  it('link every file:line:col, relative paths against the package directory', () => {
    const text = './decode.go:12:5: moved to heap: d\n./decode.go:12:5:     from &d (address-of) at ./decode.go:13:9\n<autogenerated>:1: inlining call to x\n/usr/lib/go/src/fmt/print.go:7: note\n';
    const links = reportLinks(text, '/work/json');
    assert.deepEqual(links.map((l) => [text.slice(l.start, l.end), l.file, l.line, l.column]), [
      ['./decode.go:12:5', '/work/json/decode.go', 12, 5],
      ['./decode.go:12:5', '/work/json/decode.go', 12, 5],
      ['./decode.go:13:9', '/work/json/decode.go', 13, 9],
      ['/usr/lib/go/src/fmt/print.go:7', '/usr/lib/go/src/fmt/print.go', 7, 1],
    ]);
  });
});
