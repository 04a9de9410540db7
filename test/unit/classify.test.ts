import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import type { AnchoredFact } from '../../server/src/analysis/anchoredFacts';
import { Classification, classificationNote, isCountedAllocation, NO_ALLOCATION_REASONS } from '../../server/src/classify/classification';
import { isConstantRendering } from '../../server/src/classify/interfaceConversion';
import type { GoToolchain } from '../../server/src/go/toolchain';
import { classifyPackage } from '../helpers/allocationFigures';
import { allGos } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';

const FIXTURE = path.join(TESTDATA, 'allocs');

/** The fixture's heap facts by the function they are in (functions are one per line or a few lines in allocs.go). */
function factsOf(facts: readonly AnchoredFact[], lines: readonly number[]): AnchoredFact[] {
  return facts.filter((a) => lines.includes(a.fact.line));
}

/** allocs.go's lines of each function, from `func Name` to its closing brace. */
const LINES: Record<string, number[]> = functionLines(fs.readFileSync(path.join(FIXTURE, 'allocs.go'), 'utf8'));

function functionLines(text: string): Record<string, number[]> {
  const lines: Record<string, number[]> = {};
  let current: string | undefined;
  text.split('\n').forEach((line, index) => {
    const start = /^func (\w+)/.exec(line);
    if (start) current = start[1];
    if (current) (lines[current] ??= []).push(index + 1);
    if (start ? line.endsWith('}') : line === '}') current = undefined;
  });
  return lines;
}

function reasons(facts: readonly AnchoredFact[]): string[] {
  return facts.map((a) => (a.classification.allocates ? 'allocates' : a.classification.noAllocationReason!)).sort();
}

describe('classify: which heap facts allocate, and which are on cold paths', async () => {
  const gos = await allGos();
  for (const go of gos) {
    describe(`${go.version.raw} on test/testdata/allocs`, () => {
      let facts: AnchoredFact[];
      before(async () => {
        facts = (await classifyPackage(go as GoToolchain, FIXTURE)).heapFacts;
      });
      const expect = (name: string, expected: string[]) =>
        it(`${name}: ${expected.join(', ')}`, () => assert.deepEqual(reasons(factsOf(facts, LINES[name])), expected.sort()));

      expect('ConstantString', ['constant']);
      expect('NamedConstant', ['constant']);
      expect('ZeroSize', ['zero-size']);
      expect('ZeroSizePointer', ['zero-size']);
      expect('Bool', ['small-value']);
      expect('Byte', ['small-value']);
      expect('Level', ['small-value']);
      expect('SoleBool', ['small-value']);
      expect('Comparison', ['small-value']);
      expect('LocalBool', ['small-value']);
      expect('Integer', ['allocates']);
      // Go 1.26 keeps a struct literal of constants in read-only data; older compilers call convTnoptr.
      expect('ConstantPoint', [go.version.minor >= 26 ? 'read-only-global' : 'allocates']);
      expect('NewPoint', ['allocates']);
      expect('MakeSlice', ['allocates']);
      expect('MovedToHeap', ['allocates']);
      expect('Closure', ['allocates']);
      expect('StaticClosure', ['read-only-global']);
      // Go 1.23 made make([]T, 0) the address of zerobase (an SSA rule); Go 1.19 calls makeslice.
      // Go 1.19 prints the constant's name; later versions its value, time.Duration(1000000000).
      expect('ImportedConstant', ['constant']);
      // context.Background() is inlined and builds a zero-size context.backgroundCtx{} (Go 1.21+; before, a global pointer).
      expect('InlinedZeroSize', go.version.minor >= 21 ? ['zero-size'] : []);
      expect('EmptyMake', [go.version.minor >= 23 ? 'zero-size' : 'allocates']);
      // Boxed's type parameter is named like the package's zero-size type `nothing`: it is not that type.
      expect('Boxed', ['allocates']);

      it('marks the error a return hands back as cold, and not counted', () => {
        const cold = factsOf(facts, LINES.ErrorReturn).filter((a) => a.classification.allocates);
        assert.ok(cold.length > 0);
        for (const a of cold) {
          assert.equal(a.classification.coldPath?.kind, 'error-return', a.fact.message);
          assert.equal(isCountedAllocation(a.fact, a.classification), false);
        }
        assert.ok(factsOf(facts, LINES.ErrorBranch).every((a) => a.classification.coldPath?.kind === 'error-return'));
      });

      it('marks what runs in an `if err != nil` branch as cold', () => {
        const logged = factsOf(facts, LINES.ErrorLogged);
        assert.ok(logged.length > 0);
        for (const a of logged) assert.equal(a.classification.coldPath?.note, 'in the `if err != nil` branch, which runs only when an error occurred', a.fact.message);
      });

      it('marks an error being built as cold, wherever it goes next', () => {
        const built = factsOf(facts, LINES.SavedError).filter((a) => a.classification.allocates);
        assert.ok(built.length > 0, 'fmt.Errorf boxes the name and allocates the error');
        for (const a of built) assert.equal(a.classification.coldPath?.kind, 'error-value', a.fact.message);
      });

      it('marks what panic(…) is given as cold', () => {
        const panicking = factsOf(facts, LINES.PanicPath);
        assert.ok(panicking.length > 0);
        assert.deepEqual(panicking.map((a) => a.classification.coldPath?.kind), panicking.map(() => 'panic'));
      });

      it('says an allocation reported at rv.IsNil() is on the inlined function\'s panic path', () => {
        const [valueError] = factsOf(facts, LINES.IsNil);
        assert.equal(valueError?.fact.subject, '&reflect.ValueError{...}');
        assert.equal(valueError.classification.allocates, true);
        if (valueError.fact.explanations.length === 0) return; // plain -m has no flow to read
        assert.deepEqual(valueError.classification.coldPath, { kind: 'inlined-panic', note: 'inside the inlined reflect.Value.IsNil, on its panic path' });
      });

      it('leaves counted exactly the allocating facts off cold paths', () => {
        for (const a of facts) assert.equal(isCountedAllocation(a.fact, a.classification), a.classification.allocates === true && !a.classification.coldPath);
      });
    });
  }
});

describe('classify: reading the compiler\'s rendering of a constant', () => {
  it('knows literals and typed constants', () => {
    for (const constant of ['"text"', '"a \\"quoted\\" word"', '"reflect.TypeAssert: cannot return value obtained from unexported fie...', '42', '-7', '1.5', '1e+06', "'x'", "'\\n'", 'true', 'Delim(91)', 'time.Duration(1000000000)', 'byte(116)', '(1 + 2i)']) {
      assert.equal(isConstantRendering(constant), true, constant);
    }
  });
  it('does not take expressions for constants', () => {
    for (const expression of ['x', 'f(x)', '"a" + s', 'n == 3', '&T{...}', 'T{...}', 'string(b)', '([]byte)("null")', '... argument', 'Number(s)']) {
      assert.equal(isConstantRendering(expression), false, expression);
    }
  });
});

describe('classify: hover words', () => {
  it('says why each kind of non-allocation costs nothing', () => {
    const words = NO_ALLOCATION_REASONS.map((reason) => classificationNote({ allocates: false, noAllocationReason: reason }));
    assert.equal(new Set(words).size, NO_ALLOCATION_REASONS.length);
    assert.equal(words[0], 'Escapes, but no allocation: a constant is stored as static data.');
    assert.match(classificationNote({ allocates: false, noAllocationReason: 'zero-size' })!, /zerobase/);
    assert.match(classificationNote({ allocates: false, noAllocationReason: 'small-value' })!, /static table of byte values/);
  });
  it('says where a cold allocation really is', () => {
    const cold: Classification = { allocates: true, coldPath: { kind: 'inlined-panic', note: 'inside the inlined reflect.Value.IsNil, on its panic path' } };
    assert.equal(classificationNote(cold), 'On a cold path: inside the inlined reflect.Value.IsNil, on its panic path.');
    assert.equal(classificationNote({ allocates: true }), undefined);
    assert.equal(classificationNote({ allocates: undefined }), undefined);
  });
});
