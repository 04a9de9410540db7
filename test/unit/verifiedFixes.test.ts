import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { applyOutcomes, countRemoved, fixKey, planFixes } from '../../server/src/features/verifiedFixes';
import type { CompilerFact } from '../../server/src/compiler/facts';
import type { PitfallFinding } from '../../server/src/pitfalls/types';
import { BuildQueue } from '../../server/src/session/buildQueue';
import { FixVerifier } from '../../server/src/session/fixVerification';
import { currentGo } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';

/** A finding on the call on a 1-based line of format.go, with one fix replacing that call by `newText`. */
function findingOn(text: string, line: number, call: string, newText: string): PitfallFinding {
  const character = text.split('\n')[line - 1].indexOf(call);
  assert.ok(character >= 0, call);
  const range = { start: { line: line - 1, character }, end: { line: line - 1, character: character + call.length } };
  return { code: 'interface-boxing', range, message: 'boxed', explanation: 'boxed', severity: 'information', inLoop: false, fixes: [{ title: `Use ${newText}`, edits: [{ range, newText }], preferred: true }] };
}

describe('fixes proven by the compiler (real builds)', () => {
  it('withdraws a fix that does not build, keeps the others unverified, and counts what a good fix removes', async () => {
    const go = await currentGo();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-verify-unit-'));
    fs.cpSync(path.join(TESTDATA, 'pitfalls', 'boxing'), dir, { recursive: true });
    const file = path.join(dir, 'format.go');
    const text = fs.readFileSync(file, 'utf8');
    const original = await analyzePackage(go, dir);
    assert.ok(original.ok);
    const before = original.value.factsIn(file);
    const build = (fixedText: string, signal: AbortSignal) => analyzePackage(go, dir, { overlay: new Map([[file, fixedText]]), signal });
    const verifier = new FixVerifier(new BuildQueue(1));

    // strconv is not imported: this fix cannot build. It is verified together with a good one.
    const broken = findingOn(text, 19, 'fmt.Sprintf("%t", b)', 'strconv.FormatBool(b)');
    const good = findingOn(text, 29, 'fmt.Sprint(s)', 's');
    assert.equal(planFixes(text, [broken, good])?.fixes.length, 2, 'one build for both');
    const together = await verifier.verify(dir, 'analysis-1', file, text, [broken, good], before, build);
    assert.ok(together);
    const shown = applyOutcomes([broken, good], together);
    assert.deepEqual(shown[0].fixes, [], 'the fix that does not build is not offered');
    assert.deepEqual(shown[1].fixes.map((f) => f.title), ['Use s'], 'the build failed, so nothing is claimed for the other');

    const alone = await verifier.verify(dir, 'analysis-2', file, text, [good], before, build);
    assert.deepEqual(applyOutcomes([good], alone!)[0].fixes.map((f) => f.title), ['Use s (removes 1 heap allocation)']);

    // A fix that builds but removes nothing says so.
    const idle = findingOn(text, 34, 'fmt.Sprintf("%5d", n)', 'fmt.Sprintf("%6d", n)');
    const noGain = await verifier.verify(dir, 'analysis-3', file, text, [idle], before, build);
    assert.deepEqual(applyOutcomes([idle], noGain!)[0].fixes.map((f) => f.title), ['Use fmt.Sprintf("%6d", n) (the compiler finds no heap allocation removed)']);
  });
});

describe('attributing heap facts to fixes (positions moved by the edits)', () => {
  const heap = (line: number, column: number): CompilerFact => ({ file: 'f.go', line, column, kind: 'escapes-to-heap', message: 'x escapes to heap', subject: 'x', details: {}, explanations: [] });
  const text = 'package p\n\nimport "fmt"\n\nfunc a(x int) string { return fmt.Sprint(x) }\nfunc b(y int) string { return fmt.Sprint(y) }\n';
  const finding = (line: number, call: string, newText: string, extra: PitfallFinding['fixes'][0]['edits'] = []): PitfallFinding => {
    const character = text.split('\n')[line].indexOf(call);
    const range = { start: { line, character }, end: { line, character: character + call.length } };
    return { code: 'interface-boxing', range, message: '', explanation: '', severity: 'hint', inLoop: false, fixes: [{ title: 't', edits: [...extra, { range, newText }], preferred: true }] };
  };

  it('counts, per fix, the heap facts inside its edits before and inside its new text after, through a line-adding import edit', () => {
    const importEdit = { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } }, newText: 'import (\n\t"fmt"\n\t"strconv"\n)' };
    const first = finding(4, 'fmt.Sprint(x)', 'strconv.Itoa(x)', [importEdit]);
    const second = finding(5, 'fmt.Sprint(y)', 'fmt.Sprint(y, y)');
    const plan = planFixes(text, [first, second])!;
    assert.equal(plan.fixes.length, 2);
    assert.match(plan.fixedText, /return strconv\.Itoa\(x\) }\nfunc b\(y int\) string \{ return fmt\.Sprint\(y, y\) \}/);
    // Before: x and y each escape (columns are bytes: the call's argument). After: only b's two arguments, three lines lower.
    const before = [heap(5, 42), heap(6, 42)];
    const after = [heap(9, 42), heap(9, 45)];
    const removed = countRemoved(plan, text, before, after);
    assert.deepEqual([...removed.values()], [1, -1]);
    const outcomes = new Map([...removed].map(([fix, n]) => [fixKey(fix.finding, fix.fix), { builds: true as const, removed: n }]));
    assert.deepEqual(applyOutcomes([first, second], outcomes).map((f) => f.fixes[0].title), ['t (removes 1 heap allocation)', 't (the compiler finds 1 more heap allocation)']);
  });
});
