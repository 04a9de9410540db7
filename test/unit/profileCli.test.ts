import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import type { JsonFinding, JsonReport } from '../../server/src/analysis/report';
import type { JsonProfileWeight } from '../../server/src/profile/cliProfiles';
import { CLI, copyFixture } from '../helpers/paths';
import { profileFixture } from '../helpers/profiledFixture';

// `analyze --profile` on test/testdata/profiled, with profiles from a real `go test -bench -memprofile`.

type Weighed = JsonFinding & { profile?: JsonProfileWeight };

function cli(dir: string, args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'analyze', '.', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('go-escape-hints analyze --profile', () => {
  let dir: string;
  let memProfile: string;
  let cpuProfile: string;
  let lines: string[];

  before(() => {
    dir = copyFixture('profiled');
    ({ memProfile, cpuProfile } = profileFixture(dir, path.join(dir, 'profiles')));
    lines = fs.readFileSync(path.join(dir, 'records.go'), 'utf8').split('\n');
  });

  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

  it('puts bytes, objects and a share on heap findings: the hot loop holds most, the cold function none', () => {
    const { code, stdout, stderr } = cli(dir, ['--profile', memProfile, '--format', 'json']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as JsonReport;
    const findings = report.findings as Weighed[];
    const hot = findings.find((f) => f.kind === 'escapes-to-heap' && f.position.line === lineOf('r := &Record{ID: i}'));
    const cold = findings.find((f) => f.kind === 'escapes-to-heap' && f.position.line === lineOf('r := &Record{Name: name}'));
    assert.ok(hot?.profile && cold?.profile, 'both sites weighed');
    assert.ok(hot.profile.bytes > 1_000_000, `hot bytes ${hot.profile.bytes}`);
    assert.ok(hot.profile.objects > 10_000);
    assert.ok(hot.profile.share > 0.5 && hot.profile.share <= 1, `hot share ${hot.profile.share}`);
    assert.equal(hot.profile.stale, false);
    assert.deepEqual([cold.profile.bytes, cold.profile.objects, cold.profile.share], [0, 0, 0]);
    const weighed = findings.filter((f) => f.profile);
    assert.ok(weighed.every((f) => f.kind === 'moved-to-heap' || f.kind === 'escapes-to-heap'), 'only heap findings carry a profile');
    assert.ok(weighed.reduce((sum, f) => sum + f.profile!.share, 0) <= 1.0001);
  });

  it('sorts the text output by bytes, with the totals in a header', () => {
    const { code, stdout } = cli(dir, ['--profile', memProfile, '--profile', cpuProfile]);
    assert.equal(code, 0);
    const [header, first, ...rest] = stdout.trim().split('\n');
    assert.match(header, /^# profile mem\.pprof, cpu\.pprof: [\d.]+ [kMG]B in [\d.]+[kM]? objects; these heap allocations hold [\d.]+ [kMG]?B \(\d+%\)/);
    assert.ok(first.startsWith(`records.go:${lineOf('r := &Record{ID: i}')}:`), first);
    assert.match(first, /\[\d+% · [\d.]+ [kMG]?B · [\d.]+[kM]? objects · cpu \d+%\]$/);
    const shares = [first, ...rest].map((l) => /\[(\d+(?:\.\d+)?|<0\.1)%/.exec(l)?.[1]).filter((s): s is string => !!s).map((s) => (s === '<0.1' ? 0.05 : Number(s)));
    assert.deepEqual(shares, [...shares].sort((a, b) => b - a), 'heaviest first');
  });

  it('keeps only findings at or above --min-share', () => {
    const { report } = { report: JSON.parse(cli(dir, ['--profile', memProfile, '--min-share', '10%', '--format', 'json']).stdout) as JsonReport };
    assert.deepEqual(report.findings.map((f) => f.position.line), [lineOf('r := &Record{ID: i}')]);
  });

  it('says what is wrong with a bad profile or a share without one', () => {
    const notProfile = cli(dir, ['--profile', path.join(dir, 'records.go')]);
    assert.equal(notProfile.code, 2);
    assert.match(notProfile.stderr, /records\.go is not a pprof profile/);
    const missing = cli(dir, ['--profile', path.join(dir, 'nope.pprof')]);
    assert.match(missing.stderr, /Cannot read profile .*nope\.pprof: no such file/);
    assert.equal(cli(dir, ['--min-share', '0.1']).code, 2);
    assert.match(cli(dir, ['--profile', memProfile, '--min-share', '2']).stderr, /--min-share must be a share between 0 and 1/);
  });
});
