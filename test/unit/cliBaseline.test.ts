import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { ReportedFinding } from '../../server/src/analysis/report';
import { baselineOf, compareWithBaseline, failsGate, parseFailOn, readBaseline, summaryLine, writeBaseline, FailOn } from '../../server/src/cli/baseline';
import { assignFingerprints, fingerprintOf } from '../../server/src/cli/fingerprint';
import type { CompilerFact } from '../../server/src/compiler/facts';

/** A finding as buildFindings makes it, without a compiler run: the baseline module only reads these fields. */
function finding(over: { kind?: string; pitfall?: string; subject: string; fn: string; line: number; pkg?: string; inLoop?: boolean; allocates?: boolean; cold?: boolean }): ReportedFinding {
  const range = { start: { line: over.line - 1, character: 1 }, end: { line: over.line - 1, character: 2 } };
  const base = { file: '/m/p/a.go', position: { line: over.line, column: 2 }, range, package: over.pkg ?? 'example.com/m/p', function: over.fn, subject: over.subject, inLoop: !!over.inLoop, occurrence: 0, fingerprint: '' };
  if (over.pitfall) {
    return { ...base, pitfall: { code: over.pitfall as 'interface-boxing', range, message: 'boxed', explanation: '', severity: 'warning', fixes: [], inLoop: !!over.inLoop } };
  }
  const fact = { kind: over.kind ?? 'moved-to-heap', message: `moved to heap: ${over.subject}`, subject: over.subject, file: base.file, line: over.line, column: 2, details: {}, explanations: [] } as unknown as CompilerFact;
  const classification = { allocates: over.allocates ?? true, ...(over.cold ? { coldPath: { kind: 'error-return' as const, note: 'on an error return' } } : {}) };
  const anchor = { range, focus: range, nodeType: 'identifier', byteColumn: 2 };
  const tracked = { fact, cause: undefined, classification, range, focus: range, steps: [], stale: false, inLoop: !!over.inLoop };
  return { ...base, fact: { fact, anchor, cause: undefined, classification, tracked } };
}

const DEFAULT = parseFailOn('heap,pitfall') as FailOn;

describe('baseline fingerprints', () => {
  it('ignore lines and files; count occurrences of the same subject in a function', () => {
    const before = [finding({ subject: 'v', fn: 'Keep', line: 10 }), finding({ subject: 'v', fn: 'Keep', line: 12 }), finding({ subject: 'v', fn: 'Other', line: 20 })];
    const after = [finding({ subject: 'v', fn: 'Keep', line: 40 }), finding({ subject: 'v', fn: 'Keep', line: 45 }), finding({ subject: 'v', fn: 'Other', line: 90 })];
    after[2].file = '/m/p/moved.go';
    assignFingerprints(before);
    assignFingerprints(after);
    assert.deepEqual(before.map((f) => f.occurrence), [0, 1, 0]);
    assert.deepEqual(after.map((f) => f.fingerprint), before.map((f) => f.fingerprint));
    assert.equal(new Set(before.map((f) => f.fingerprint)).size, 3);
  });

  it('change with package, function, kind, subject and occurrence', () => {
    const parts = { package: 'p', function: 'F', kind: 'moved-to-heap', subject: 'x', occurrence: 0 };
    const base = fingerprintOf(parts);
    for (const change of [{ package: 'q' }, { function: 'G' }, { kind: 'escapes-to-heap' }, { subject: 'y' }, { occurrence: 1 }]) {
      assert.notEqual(fingerprintOf({ ...parts, ...change }), base, JSON.stringify(change));
    }
  });
});

describe('baseline comparison and gate', () => {
  const recorded = [finding({ subject: 'v', fn: 'Keep', line: 10 }), finding({ subject: 'gone', fn: 'Old', line: 20 }), finding({ subject: 'q', fn: 'Q', line: 5, pkg: 'example.com/m/other' })];
  assignFingerprints(recorded);
  const baseline = baselineOf(recorded, '/m');

  it('round-trips through a file, sorted by identity, with the file relative to the working directory', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'geh-baseline-')), 'b.json');
    writeBaseline(file, baseline);
    const read = readBaseline(file);
    assert.ok(read.ok);
    assert.deepEqual(read.baseline, baseline);
    assert.equal(baseline.findings[0].file, 'p/a.go');
    assert.deepEqual(baseline.findings.map((e) => `${e.package} ${e.function}`), ['example.com/m/other Q', 'example.com/m/p Keep', 'example.com/m/p Old']);
  });

  it('finds new findings and fixed ones, only in packages analysed now', () => {
    const now = [finding({ subject: 'v', fn: 'Keep', line: 30 }), finding({ subject: 's', fn: 'Each', line: 50, inLoop: true }), finding({ subject: 't', fn: 'Each', line: 51 })];
    assignFingerprints(now);
    const comparison = compareWithBaseline(now, baseline, new Set(['example.com/m/p']));
    assert.deepEqual(comparison.added.map((f) => f.subject), ['s', 't']);
    assert.deepEqual(comparison.fixed.map((e) => e.subject), ['gone'], 'other package not analysed: not fixed');
    assert.equal(summaryLine(comparison, DEFAULT, true), '2 new heap allocations (1 in a loop), 0 new pitfalls, 1 fixed since the baseline');
    const narrower = compareWithBaseline(now, baseline, new Set(['example.com/m/p']), (e) => e.kind !== 'moved-to-heap');
    assert.deepEqual(narrower.fixed, [], 'kinds this run did not look for are not fixed');
  });

  it('counts only real, non-cold heap allocations under heap; pitfalls under pitfall', () => {
    const cold = finding({ subject: 'err', fn: 'F', line: 1, cold: true });
    const free = finding({ subject: 'c', fn: 'F', line: 2, allocates: false });
    const real = finding({ subject: 'r', fn: 'F', line: 3 });
    const leak = finding({ subject: 'p', fn: 'F', line: 4, kind: 'leaking-param' });
    const boxed = finding({ subject: 'n', fn: 'F', line: 5, pitfall: 'interface-boxing' });
    assert.deepEqual([cold, free, real, leak, boxed].map((f) => failsGate(f, DEFAULT)), [false, false, true, false, true]);
    const leaks = parseFailOn('leaking-param,slice-preallocation') as FailOn;
    assert.deepEqual([real, leak, boxed].map((f) => failsGate(f, leaks)), [false, true, false]);
    const none = parseFailOn('none') as FailOn;
    assert.ok([cold, free, real, leak, boxed].every((f) => !failsGate(f, none)));
    assert.deepEqual(parseFailOn('heap,nope'), { error: '--fail-on: unknown kind nope (use heap, pitfall, none, a pitfall id or a fact kind)' });
  });

  it('refuses files that are not baselines, with a message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-baseline-'));
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ not json');
    fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ tool: 'go-escape-hints', version: 0, findings: [] }));
    const bad = readBaseline(path.join(dir, 'bad.json'));
    assert.ok(!bad.ok && /is not JSON/.test(bad.message));
    const old = readBaseline(path.join(dir, 'old.json'));
    assert.ok(!old.ok && /has version 0; this CLI reads version 1/.test(old.message));
    const missing = readBaseline(path.join(dir, 'none.json'));
    assert.ok(!missing.ok && /no such file/.test(missing.message));
  });
});
