import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { classifyMessage } from '../../server/src/compiler/messages';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { compilerDebugFlags } from '../../server/src/features/boundsChecks';
import { DEFAULT_SETTINGS, resolveSettings } from '../../server/src/shared/settings';
import { GoParser } from '../../server/src/syntax/goParser';
import { allGos } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';
import { runCli } from '../helpers/runCli';

const DIR = path.join(TESTDATA, 'bounds');
const FILE = path.join(DIR, 'bounds.go');
const lineOf = (needle: string) => fs.readFileSync(FILE, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('bounds and nil check messages', () => {
  it('classifies the words go1.19–go1.26 print', () => {
    assert.deepEqual(classifyMessage('Found IsInBounds'), { kind: 'bounds-check', subject: '', details: { check: 'index' } });
    assert.deepEqual(classifyMessage('Found IsSliceInBounds'), { kind: 'bounds-check', subject: '', details: { check: 'slice' } });
    assert.equal(classifyMessage('generated nil check').kind, 'nil-check');
    assert.deepEqual(classifyMessage('removed nil check'), { kind: 'other', subject: '', details: { informational: true } });
  });

  it('reads the duplicated slice check once (go1.26 output of the bounds fixture, excerpt)', () => {
    const output = '# example.com/bounds\n./bounds.go:26:18: Found IsSliceInBounds\n./bounds.go:26:18: Found IsSliceInBounds\n./bounds.go:33:11: Found IsInBounds\n';
    const facts = parseCompilerOutput(output, { baseDir: DIR }).facts;
    assert.deepEqual(facts.map((f) => [f.kind, f.line, f.column, f.details.check]), [['bounds-check', 26, 18, 'slice'], ['bounds-check', 33, 11, 'index']]);
  });

  it('asks for -d=nil only when nil checks are on (it changes the build and its cache key)', () => {
    assert.deepEqual(compilerDebugFlags(DEFAULT_SETTINGS), ['ssa/check_bce/debug=1']);
    assert.deepEqual(compilerDebugFlags(resolveSettings({ nilChecks: { enabled: true } })), ['ssa/check_bce/debug=1', 'nil']);
    assert.deepEqual(compilerDebugFlags(resolveSettings({ boundsChecks: { enabled: false } })), []);
  });
});

describe('bounds and nil checks from the real compiler', async () => {
  let parser: GoParser;
  let sources: DiskSources;
  before(async () => {
    parser = await GoParser.load();
    sources = new DiskSources(parser);
  });
  after(() => sources.dispose());

  for (const go of await allGos()) {
    it(`${go.version.raw}: the checks kept, each on its index, slice or dereference; none where ranging proves the index`, async () => {
      const result = await analyzePackage(go, DIR, { debugFlags: ['ssa/check_bce/debug=1', 'nil'] });
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      const checks = anchorFacts(result.value.facts.filter((f) => f.kind === 'bounds-check' || f.kind === 'nil-check'), (file) => sources.get(file));
      const lines = fs.readFileSync(FILE, 'utf8').split('\n');
      const seen = checks
        .map(({ fact, anchor }) => `${fact.line} ${fact.kind}${fact.details.check ? `/${fact.details.check}` : ''} ${lines[anchor.range.start.line].slice(anchor.range.start.character, anchor.range.end.character)}`)
        .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
      assert.deepEqual(seen, [
        `${lineOf('total += xs[i+1]')} bounds-check/index xs[i+1]`,
        `${lineOf('count += len(xs[i:n])')} bounds-check/slice xs[i:n]`,
        `${lineOf('return xs[0]')} bounds-check/index xs[0]`,
        `${lineOf('out[i] = &p.a[5]')} bounds-check/index out[i]`,
        `${lineOf('out[i] = &p.a[5]')} nil-check p.a`,
      ]);
      // Sum ranges over xs: the compiler proves xs[i] in range and keeps no check.
      assert.ok(!checks.some((c) => c.fact.line === lineOf('total += xs[i]')), 'no check in Sum');
    });
  }

  it('adds no check facts without the flags', async () => {
    const [go] = await allGos();
    const result = await analyzePackage(go, DIR);
    assert.ok(result.ok);
    assert.deepEqual(result.value.facts.filter((f) => f.kind === 'bounds-check' || f.kind === 'nil-check'), []);
  });
});

describe('bounds checks on the command line', () => {
  it('reports them with --bounds-checks (and nil checks with --nil-checks) from the one build, and not without', () => {
    const run = (...flags: string[]) => runCli(['analyze', '--kinds', 'bounds-check,nil-check', ...flags, '.'], { cwd: DIR });
    const checked = run('--bounds-checks', '--nil-checks');
    assert.equal(checked.code, 0, checked.stderr);
    const lines = checked.stdout.trim().split('\n');
    assert.ok(lines.includes(`bounds.go:${lineOf('total += xs[i+1]')}:14: bounds-check: Found IsInBounds`), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`bounds.go:${lineOf('out[i] = &p.a[5]')}:14: nil-check: generated nil check`)), lines.join('\n'));
    assert.ok(!run().stdout.includes('bounds-check'), 'no check facts without the flags');
    const sarif = JSON.parse(runCli(['analyze', '--format', 'sarif', '--bounds-checks', '.'], { cwd: DIR }).stdout) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'bounds-check'), 'SARIF reviews what the run was asked to build for');
  });
});
