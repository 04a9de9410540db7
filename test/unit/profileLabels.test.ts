import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { ProfileWeight } from '../../server/src/profile/attribute';
import { belowMinShare, profileHoverLine, shareSuffix, withShare } from '../../server/src/features/profileWeights';
import { expandProfilePatterns, matchesProfilePatterns } from '../../server/src/profile/profilePatterns';
import { formatBytes, formatCount, formatShare } from '../../server/src/profile/weighFindings';
import { DEFAULT_SETTINGS, resolveSettings } from '../../server/src/shared/settings';
import type { TrackedFact } from '../../server/src/workspace/trackedFacts';

const weight = (overrides: Partial<ProfileWeight>): ProfileWeight => ({ bytes: 3_355_443, objects: 1200, share: 0.41, stale: false, source: 'mem.pprof', sharedBy: 1, measuresAllocations: true, ...overrides });
const fact = (profile?: ProfileWeight) => ({ profile }) as unknown as TrackedFact;

describe('profile weights in hints and hovers', () => {
  it('adds the share to the label, leaves small shares out, and marks stale ones', () => {
    assert.equal(shareSuffix(fact(weight({}))), ' 41%');
    assert.equal(shareSuffix(fact(weight({ share: 0.004 }))), '');
    assert.equal(shareSuffix(fact(weight({ stale: true }))), ' 41%?');
    assert.equal(shareSuffix(fact(weight({ measuresAllocations: false, share: 0, bytes: 0, cpuShare: 0.12 }))), ' cpu 12%');
    assert.equal(shareSuffix(fact()), '');
  });

  it('hides weighed facts below profile.minShare, never unweighed ones', () => {
    const settings = resolveSettings({ profile: { minShare: 0.05 } });
    assert.equal(withShare('↑heap', fact(weight({ share: 0.01 })), settings), undefined);
    assert.equal(withShare('↑heap', fact(weight({})), settings), '↑heap 41%');
    assert.equal(withShare('↑heap', fact(), settings), '↑heap');
    assert.equal(belowMinShare(fact(weight({ share: 0 })), DEFAULT_SETTINGS), false, 'minShare 0 shows everything');
  });

  it('says bytes, objects, the CPU share, the source and staleness in the hover', () => {
    assert.equal(profileHoverLine(fact(weight({ cpuShare: 0.63 }))), '📊 **41%** of the profiled bytes: 3.2 MB in 1.2k objects; its function takes 63% of the CPU time — from mem.pprof.');
    assert.match(profileHoverLine(fact(weight({ bytes: 0, objects: 0, share: 0 })))!, /^📊 The profile recorded no allocation here — from mem\.pprof\.$/);
    assert.match(profileHoverLine(fact(weight({ sharedBy: 2 })))!, /shared by the 2 heap allocations on this line/);
    assert.match(profileHoverLine(fact(weight({ stale: true })))!, /⚠️ Profile may be stale here/);
    assert.equal(profileHoverLine(fact()), undefined);
  });

  it('formats sizes, counts and shares for people', () => {
    assert.deepEqual([formatBytes(512), formatBytes(2048), formatBytes(45_000_000), formatBytes(3 * 2 ** 30)], ['512 B', '2.0 kB', '42.9 MB', '3.0 GB']);
    assert.deepEqual([formatCount(999), formatCount(1234), formatCount(56_789), formatCount(1_790_000)], ['999', '1.2k', '57k', '1.8M']);
    assert.deepEqual([formatShare(0), formatShare(0.0004), formatShare(0.0123), formatShare(0.41)], ['0%', '<0.1%', '1.2%', '41%']);
  });

  it('rejects bad profile settings without crashing', () => {
    const settings = resolveSettings({ profile: { files: ['a.pprof', 3, ''], minShare: 7 } });
    assert.deepEqual(settings.profile, { files: ['a.pprof'], minShare: 0 });
  });
});

describe('goEscapeHints.profile.files patterns', () => {
  it('expands paths and globs relative to the workspace folder', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-patterns-'));
    for (const file of ['profiles/mem.pprof', 'profiles/cpu.pprof', 'profiles/notes.txt', 'cmd/api/default.pgo', 'node_modules/x/default.pgo']) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), '');
    }
    assert.deepEqual(expandProfilePatterns(['profiles/*.pprof'], folder), [path.join(folder, 'profiles/cpu.pprof'), path.join(folder, 'profiles/mem.pprof')]);
    assert.deepEqual(expandProfilePatterns(['**/default.pgo'], folder), [path.join(folder, 'cmd/api/default.pgo')], 'node_modules is skipped');
    assert.deepEqual(expandProfilePatterns(['missing.pprof', '/abs/p.pprof'], folder), ['/abs/p.pprof', path.join(folder, 'missing.pprof')], 'plain paths are kept, to report them missing');
    assert.ok(matchesProfilePatterns(path.join(folder, 'profiles/new.pprof'), ['profiles/*.pprof'], folder));
    assert.ok(!matchesProfilePatterns(path.join(folder, 'profiles/sub/new.pprof'), ['profiles/*.pprof'], folder));
    assert.deepEqual(expandProfilePatterns(['profiles/*.pprof'], undefined), [], 'a relative pattern needs a folder');
  });
});
