import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { JsonFinding, JsonReport } from '../../server/src/analysis/report';
import type { Baseline } from '../../server/src/cli/baseline';
import { copyFixture } from '../helpers/paths';
import { runCli } from '../helpers/runCli';

/** The baseline gate end to end: the real CLI and the real compiler on a copy of test/testdata/gate. */
describe('go-escape-hints analyze --baseline (the gate)', () => {
  const setUp = () => {
    const dir = copyFixture('gate');
    const written = runCli(['analyze', './...', '--write-baseline', 'baseline.json', '--format', 'json'], { cwd: dir });
    assert.equal(written.code, 0, written.stderr);
    return dir;
  };
  const gate = (dir: string, extra: string[] = []) => {
    const run = runCli(['analyze', './...', '--baseline', 'baseline.json', '--format', 'json', ...extra], { cwd: dir });
    return { ...run, report: JSON.parse(run.stdout) as JsonReport };
  };
  const edit = (dir: string, file: string, change: (text: string) => string) => {
    const full = path.join(dir, file);
    const before = fs.readFileSync(full, 'utf8');
    const after = change(before);
    assert.notEqual(after, before, 'the edit changed the file');
    fs.writeFileSync(full, after);
  };

  it('writes a baseline of fingerprints (package, function, kind, subject, occurrence), not line numbers', () => {
    const dir = setUp();
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as Baseline;
    assert.equal(baseline.tool, 'go-escape-hints');
    const v = baseline.findings.find((e) => e.kind === 'moved-to-heap' && e.subject === 'v');
    assert.ok(v, 'moved to heap: v is recorded');
    assert.deepEqual({ package: v.package, function: v.function, occurrence: v.occurrence, counted: v.counted }, { package: 'example.com/gate/decoder', function: 'Keep', occurrence: 0, counted: true });
    assert.ok(baseline.findings.some((e) => e.pitfall && e.kind === 'interface-boxing' && e.function === 'Describe'), 'pitfalls are recorded too');
  });

  it('reports nothing new after lines are inserted above a function', () => {
    const dir = setUp();
    edit(dir, 'decoder/decoder.go', (t) => t.replace('func Keep(', '// Keep returns a pointer.\n// It is here to move down the file.\n\nvar unrelated = 1\n\nfunc Keep('));
    edit(dir, 'util/util.go', (t) => t.replace('package util\n', 'package util\n\n// A comment that moves every line.\n'));
    const { code, report, stderr } = gate(dir);
    assert.equal(code, 0, stderr);
    assert.deepEqual(report.findings.map((f) => `${f.kind} ${f.message}`), []);
    assert.equal(report.baseline?.new, 0);
    assert.match(stderr, /0 new heap allocations, 0 new pitfalls, 0 fixed since the baseline/);
  });

  it('fails with status 3 on a new allocation in a loop, and names it', () => {
    const dir = setUp();
    edit(dir, 'decoder/decoder.go', (t) => t + '\nfunc Each(items []Item, sink func(*string)) {\n\tfor i := range items {\n\t\ts := items[i].Name\n\t\tsink(&s)\n\t}\n}\n');
    const { code, report, stderr } = gate(dir);
    assert.equal(code, 3, stderr);
    const s = report.findings.find((f): f is JsonFinding => f.kind === 'moved-to-heap' && f.message === 'moved to heap: s');
    assert.ok(s, JSON.stringify(report.findings.map((f) => f.message)));
    assert.equal(s.inLoop, true);
    assert.equal(s.function, 'Each');
    assert.ok(report.findings.every((f) => f.function === 'Each'), 'only the new findings are listed');
    assert.match(stderr, /1 new heap allocation \(1 in a loop\), 0 new pitfalls, 0 fixed since the baseline/);
    // The text format names it too.
    const text = runCli(['analyze', './...', '--baseline', 'baseline.json'], { cwd: dir });
    assert.equal(text.code, 3);
    assert.match(text.stdout, /decoder\/decoder\.go:\d+:3: moved-to-heap: moved to heap: s/);
  });

  it('reports a fixed allocation as fixed, and passes', () => {
    const dir = setUp();
    edit(dir, 'decoder/decoder.go', (t) => t.replace('func Keep(n int) *int {\n\tv := n\n\treturn &v\n}', 'func Keep(n int) int {\n\treturn n\n}'));
    const { code, report, stderr } = gate(dir);
    assert.equal(code, 0, stderr);
    assert.deepEqual(report.baseline?.fixed.filter((e) => e.kind === 'moved-to-heap'), [{ package: 'example.com/gate/decoder', function: 'Keep', kind: 'moved-to-heap', subject: 'v', occurrence: 0 }]);
    assert.match(stderr, /0 new heap allocations, 0 new pitfalls, 1 fixed since the baseline/);
  });

  it('--fail-on chooses what fails: a new pitfall fails by default, not with --fail-on heap', () => {
    const dir = setUp();
    edit(dir, 'decoder/decoder.go', (t) => t + '\nfunc Label(n int) string {\n\treturn fmt.Sprint(n)\n}\n');
    const byDefault = gate(dir);
    assert.equal(byDefault.code, 3, byDefault.stderr);
    assert.ok(byDefault.report.findings.some((f) => 'id' in f && f.id === 'interface-boxing' && f.function === 'Label'));
    const heapOnly = gate(dir, ['--fail-on', 'heap']);
    // fmt.Sprint(n) boxes n: a heap fact as well as a pitfall, so heap still fails it.
    assert.equal(heapOnly.code, 3);
    const leaksOnly = gate(dir, ['--fail-on', 'leaking-param']);
    assert.equal(leaksOnly.code, 0, leaksOnly.stderr);
    const none = gate(dir, ['--fail-on', 'none']);
    assert.equal(none.code, 0);
    assert.ok(none.report.findings.length > 0, 'new findings are still listed');
  });

  it('analysing one package against a module baseline does not call the others fixed', () => {
    const dir = setUp();
    const run = runCli(['analyze', './util', '--baseline', 'baseline.json', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const parsed = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(parsed.baseline?.fixed, []);
  });

  it('a narrower run (sarif\'s heap kinds, --no-pitfalls) against a full baseline fixes nothing', () => {
    const dir = setUp();
    const sarif = runCli(['analyze', './...', '--baseline', 'baseline.json', '--format', 'sarif', '--no-pitfalls'], { cwd: dir });
    assert.equal(sarif.code, 0, sarif.stderr);
    assert.match(sarif.stderr, /0 new heap allocations, 0 new pitfalls, 0 fixed since the baseline/);
    assert.deepEqual(JSON.parse(sarif.stdout).runs[0].results, []);
  });

  it('says clearly when the baseline is missing or not a baseline', () => {
    const dir = setUp();
    const missing = runCli(['analyze', './...', '--baseline', 'nope.json'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the baseline nope\.json: no such file \(write one with --write-baseline\)/);
    fs.writeFileSync(path.join(dir, 'other.json'), '{"a": 1}');
    const other = runCli(['analyze', './...', '--baseline', 'other.json'], { cwd: dir });
    assert.equal(other.code, 2);
    assert.match(other.stderr, /other\.json is not a go-escape-hints baseline/);
    const badFailOn = runCli(['analyze', './...', '--fail-on', 'heap,bogus'], { cwd: dir });
    assert.equal(badFailOn.code, 2);
    assert.match(badFailOn.stderr, /--fail-on: unknown kind bogus/);
  });
});
