import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompilerFact, FactKind, FlowStep } from '../../server/src/compiler/facts';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { classifyCause, explanationSteps, isImplicitBoxing } from '../../server/src/explain/causes';

/** A fact with one chain of `from` steps, each `[expression, why]`, as `-m=2` prints them. */
function fact(kind: FactKind, subject: string, whys: string[] = [], details: CompilerFact['details'] = {}): CompilerFact {
  const steps: FlowStep[] = whys.map((why, i) => ({ kind: 'from', message: `from x (${why})`, why, expression: 'x', position: { file: '/p/a.go', line: 10 + i, column: 2 } }));
  return { file: '/p/a.go', line: 3, column: 2, kind, message: `${subject} escapes to heap`, subject, details, explanations: whys.length ? [{ header: `${subject} escapes to heap in f`, steps }] : [] };
}

describe('which "escapes to heap" is an interface box', () => {
  const allocating = ['&x', '&Point{...}', 'make([]int, n)', 'new(T)', 'append(a, b)', 'func literal', '[]int{...}', 'map[string]int{...}', '... argument', 'string(b)', '([]byte)(s)', '[]byte(s)', '([]rune)(s)', '[]rune(s)', '{...}', 'a + b', 's + "x"'];
  for (const subject of allocating) it(`${subject} allocates itself`, () => assert.equal(isImplicitBoxing(fact('escapes-to-heap', subject)), false));

  const boxed = ['x', 'p.field', 'f()', 'Point{...}', 'a[i]', 'pmake(1)', 'x & y', 'renew(t)', 'mystring(b)', '"héllo"'];
  for (const subject of boxed) it(`${subject} is boxed`, () => assert.equal(isImplicitBoxing(fact('escapes-to-heap', subject)), true));

  it('reads the subject without its surrounding spaces', () => assert.equal(isImplicitBoxing(fact('escapes-to-heap', ' &x ')), false));
  it('is only about "escapes to heap"', () => {
    for (const kind of ['moved-to-heap', 'does-not-escape', 'leaking-param'] as FactKind[]) assert.equal(isImplicitBoxing(fact(kind, 'x')), false);
  });
});

describe('the cause read from a chain', () => {
  it('has none for facts that are neither heap nor leak facts', () => {
    for (const kind of ['does-not-escape', 'can-inline', 'cannot-inline', 'inlining-call', 'devirtualized', 'other'] as FactKind[]) {
      assert.equal(classifyCause(fact(kind, 'x', ['return'])), undefined, kind);
    }
  });

  it('a parameter leaking to a result flows to the result, with or without a chain', () => {
    const [plain] = parseCompilerOutput('./a.go:3:8: leaking param: data to result ~r0 level=0\n', { baseDir: '/p' }).facts;
    assert.equal(plain.kind, 'leaking-param-to-result');
    assert.equal(classifyCause(plain), 'flows-to-result');
  });

  it('a leak to ~rN is a flow to a result; to anything else, a leak to the heap', () => {
    assert.equal(classifyCause(fact('leaking-param', 'p', ['assign'], { leaksTo: '~r0' })), 'flows-to-result');
    assert.equal(classifyCause(fact('leaking-param-content', 'p', ['assign'], { leaksTo: '~r12' })), 'flows-to-result');
    for (const leaksTo of ['{heap}', 'x~r0', '~r0x', '~r', '~rx', undefined]) {
      assert.equal(classifyCause(fact('leaking-param', 'p', ['assign'], { leaksTo })), 'leaks-to-heap', String(leaksTo));
    }
  });

  it('names each operation\'s cause, the first that applies winning', () => {
    const cases: [string[], string][] = [
      [['captured by a closure', 'return'], 'closure-capture'],
      [['too large for stack'], 'too-large-for-stack'],
      [['non-constant size'], 'non-constant-size'],
      [['interface-converted', 'return'], 'interface-boxing'],
      [['return'], 'address-returned'],
      [['call parameter'], 'passed-to-opaque-call'],
      [['assign', 'call parameter', 'return'], 'address-returned'],
      [['assign'], 'stored-in-escaping-location'],
      [['spill', 'assign-pair'], 'stored-in-escaping-location'],
      [[], 'unexplained'],
    ];
    for (const [whys, cause] of cases) assert.equal(classifyCause(fact('moved-to-heap', 'x', whys)), cause, whys.join(', '));
    // A pointer converted to an interface is its own data word: no box; the pointer is stored somewhere that outlives the call.
    assert.equal(classifyCause(fact('escapes-to-heap', '&Point{...}', ['interface-converted'])), 'stored-in-escaping-location');
    assert.equal(classifyCause(fact('escapes-to-heap', 'x', [])), 'interface-boxing', 'a boxed value needs no chain');
  });
});

describe('explanation steps', () => {
  it('keeps the chain\'s order; a flow line takes the position of the step after it', () => {
    const text = [
      './a.go:5:2: x escapes to heap in f:',
      './a.go:5:2:   flow: y ← &x:',
      './a.go:5:2:     from &x (address-of) at ./a.go:6:7',
      './a.go:5:2:     from y := &x (assign) at ./a.go:6:4',
      './a.go:5:2:   flow: ~r0 ← y:',
      './a.go:5:2:     from return y (return) at ./a.go:7:2',
      './a.go:5:2: moved to heap: x',
    ].join('\n');
    const [moved] = parseCompilerOutput(text, { baseDir: '/p' }).facts;
    const steps = explanationSteps(moved).map((s) => `${s.message} @${s.position.line}:${s.position.column}`);
    assert.deepEqual(steps, ['flow: y ← &x @6:7', 'from &x (address-of) @6:7', 'from y := &x (assign) @6:4', 'flow: ~r0 ← y @7:2', 'from return y (return) @7:2']);
  });

  it('puts a step without a position of its own at the fact', () => {
    const f = fact('moved-to-heap', 'x', ['return']);
    f.explanations[0].steps.push({ kind: 'flow', message: 'flow: {heap} ← x' });
    const steps = explanationSteps(f);
    assert.deepEqual(steps.at(-1)!.position, { file: '/p/a.go', line: 3, column: 2 });
  });
});
