import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { descendantsOf, TestLspClient } from '../helpers/lspClient';
import { LOAD_PROFILES_REQUEST, LoadProfilesResult, PROFILE_BENCHMARKS_REQUEST, ProfileBenchmarksResult } from '../../server/src/shared/protocol';
import { copyFixture } from '../helpers/paths';
import { profileFixture } from '../helpers/profiledFixture';
import { URI } from 'vscode-uri';

// The language server weighing test/testdata/profiled's hints by a real `go test -bench -memprofile`,
// found through goEscapeHints.profile.files; then carried through edits.

function label(hint: InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

describe('language server with goEscapeHints.profile.files', () => {
  let client: TestLspClient;
  let dir: string;
  let uri: string;
  let text: string;

  const lineOf = (source: string, needle: string) => source.split('\n').findIndex((l) => l.includes(needle));

  /** Fetches hints until `accept` finds what it wants, re-asking after each refresh the server sends. */
  async function hintsUntil<T>(accept: (hints: InlayHint[]) => T | undefined, what: string): Promise<T> {
    for (;;) {
      const seen = client.inlayHintRefreshes;
      const found = accept(await client.inlayHints(uri));
      if (found !== undefined) return found;
      await client.waitFor(() => client.inlayHintRefreshes > seen, what);
    }
  }

  const weighedHint = (line: number) => (hints: InlayHint[]) => hints.find((h) => h.position.line === line && /^↑heap ↻ \d+%\??$/.test(label(h)));

  before(async () => {
    dir = copyFixture('profiled');
    profileFixture(dir, path.join(dir, 'profiles'));
    text = fs.readFileSync(path.join(dir, 'records.go'), 'utf8');
    client = await TestLspClient.start({ settings: { debounceMs: 100, profile: { files: ['profiles/*.pprof'] } }, workspaceFolders: [dir] });
    uri = client.open(path.join(dir, 'records.go'));
  });
  after(() => client.stop());

  it('labels the hot allocation with its share and says where the numbers came from', async () => {
    const line = lineOf(text, 'r := &Record{ID: i}');
    const hint = await hintsUntil(weighedHint(line), 'the weighed hint of the hot loop');
    const share = Number(/(\d+)%/.exec(label(hint))![1]);
    assert.ok(share > 50, label(hint));
    const hover = await client.hover(uri, line, text.split('\n')[line].indexOf('&Record'));
    const value = (hover?.contents as { value: string }).value;
    assert.match(value, /of the profiled bytes: [\d.]+ [kMG]B in [\d.]+[kM]? objects/);
    assert.match(value, /; its function takes \d+% of the CPU time — from (mem\.pprof, cpu\.pprof|cpu\.pprof, mem\.pprof)\./);
    assert.doesNotMatch(value, /stale/);
    // The cold function's allocation: weighed at nothing, so no share in its label.
    const hints = await client.inlayHints(uri);
    const cold = hints.find((h) => h.position.line === lineOf(text, 'r := &Record{Name: name}'));
    assert.equal(cold && label(cold), '↑heap');
  });

  it('hides allocations below goEscapeHints.profile.minShare (profile-first mode)', async () => {
    client.configurationChanged({ debounceMs: 100, profile: { files: ['profiles/*.pprof'], minShare: 0.1 } });
    const coldLine = lineOf(text, 'r := &Record{Name: name}');
    await hintsUntil((hints) => (hints.some((h) => h.position.line === coldLine) ? undefined : hints), 'the cold hint hidden');
    await hintsUntil(weighedHint(lineOf(text, 'r := &Record{ID: i}')), 'the hot hint kept');
    client.configurationChanged({ debounceMs: 100, profile: { files: ['profiles/*.pprof'] } });
    await hintsUntil((hints) => hints.find((h) => h.position.line === coldLine), 'the cold hint back');
  });

  it('keeps the weight on its line when lines are inserted above the function, fresh', async () => {
    const at = lineOf(text, 'func Hot(');
    const statusesBefore = client.statuses.length;
    client.change(uri, [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: '// Three new lines\n// above Hot\n\n' }]);
    text = text.split('\n').slice(0, at).concat(['// Three new lines', '// above Hot', ''], text.split('\n').slice(at)).join('\n');
    const line = lineOf(text, 'r := &Record{ID: i}');
    const hint = await hintsUntil(weighedHint(line), 'the weighed hint three lines down');
    assert.doesNotMatch(label(hint), /\?$/, 'not stale: only the lines above changed');
    // Once the edit is analysed again, the fresh facts get the same weight on the same line.
    await client.waitForStatus(uri, (status) => status.state === 'ready', 'the analysis of the edited text', statusesBefore);
    const again = await hintsUntil(weighedHint(line), 'the weighed hint after the analysis');
    assert.equal(label(again), label(hint));
  });

  it('marks the weights of an edited function as possibly stale', async () => {
    const line = lineOf(text, 'total += r.ID');
    const character = text.split('\n')[line].length;
    client.change(uri, [{ range: { start: { line, character }, end: { line, character } }, text: ' * 2' }]);
    const hot = lineOf(text, 'r := &Record{ID: i}');
    const hint = await hintsUntil((hints) => hints.find((h) => h.position.line === hot && /^↑heap ↻ \d+%\?$/.test(label(h))), 'the stale mark');
    assert.ok(hint);
    const hover = await client.hover(uri, hot, text.split('\n')[hot].indexOf('&Record'));
    assert.match((hover?.contents as { value: string }).value, /Profile may be stale here/);
  });

  it('reloads goEscapeHints.profile.files when they change on disk', async () => {
    const hot = lineOf(text, 'r := &Record{ID: i}');
    const profiles = path.join(dir, 'profiles');
    const files = fs.readdirSync(profiles).filter((f) => f.endsWith('.pprof'));
    for (const file of files) fs.rmSync(path.join(profiles, file));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: files.map((file) => ({ uri: URI.file(path.join(profiles, file)).toString(), type: 3 })) });
    const plain = await hintsUntil((hints) => hints.find((h) => h.position.line === hot && label(h) === '↑heap ↻'), 'the hint without a share once the profiles are gone');
    assert.ok(plain);
  });
});

describe('language server: Load Profile and Profile Package Benchmarks requests', () => {
  let client: TestLspClient;
  let dir: string;
  let uri: string;
  let hotLine: number;

  before(async () => {
    dir = copyFixture('profiled');
    const text = fs.readFileSync(path.join(dir, 'records.go'), 'utf8');
    hotLine = text.split('\n').findIndex((l) => l.includes('r := &Record{ID: i}'));
    client = await TestLspClient.start({ settings: { debounceMs: 100 } });
    uri = client.open(path.join(dir, 'records.go'));
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the first diagnostics');
  });
  after(() => client.stop());

  async function hotLabel(accept: (label: string) => boolean, what: string): Promise<string> {
    for (;;) {
      const seen = client.inlayHintRefreshes;
      const hint = (await client.inlayHints(uri)).find((h) => h.position.line === hotLine && accept(label(h)));
      if (hint) return label(hint);
      await client.waitFor(() => client.inlayHintRefreshes > seen, what);
    }
  }

  it('runs the package benchmarks, loads both profiles and weighs the hints', async () => {
    assert.equal(await hotLabel((l) => l.startsWith('↑heap'), 'the plain hint'), '↑heap ↻');
    const result = await client.connection.sendRequest<ProfileBenchmarksResult>(PROFILE_BENCHMARKS_REQUEST, { uri });
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(result.benchmarks, ['BenchmarkHot']);
    assert.equal(result.profiles.length, 2);
    assert.ok(!fs.readdirSync(dir).some((f) => f.endsWith('.test')), 'no test binary left in the package');
    assert.match(await hotLabel((l) => /^↑heap ↻ \d+%$/.test(l), 'the weighed hint'), /^↑heap ↻ \d+%$/);
  });

  it('stops go test when the request is cancelled, before or while it runs', async () => {
    const early = new CancellationTokenSource();
    const cancelledAtOnce = client.connection.sendRequest<ProfileBenchmarksResult>(PROFILE_BENCHMARKS_REQUEST, { uri }, early.token);
    early.cancel();
    assert.match((await cancelledAtOnce).message, /cancelled/);

    const late = new CancellationTokenSource();
    const running = client.connection.sendRequest<ProfileBenchmarksResult>(PROFILE_BENCHMARKS_REQUEST, { uri }, late.token);
    let settled = false;
    void running.finally(() => (settled = true));
    // Ready signal: the server reports go test running (each stats request is one round trip, no sleep).
    while (!settled && (await client.stats()).processesRunning === 0) {
      /* ask again */
    }
    late.cancel();
    const result = await running; // the server answers once go test has stopped
    assert.equal(result.ok, false);
    assert.match(result.message, /cancelled/);
    assert.equal((await client.stats()).processesRunning, 0);
    assert.deepEqual(descendantsOf(client.process.pid!), []);
  });

  it('loads and unloads profile files by request, saying which could not be used', async () => {
    const { memProfile } = profileFixture(dir, path.join(dir, 'loaded'));
    const result = await client.connection.sendRequest<LoadProfilesResult>(LOAD_PROFILES_REQUEST, { files: [memProfile, path.join(dir, 'records.go')] });
    assert.deepEqual(result.loaded, [memProfile]);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0], /records\.go is not a pprof profile/);
    const none = await client.connection.sendRequest<LoadProfilesResult>(LOAD_PROFILES_REQUEST, { files: [] });
    assert.deepEqual(none, { loaded: [], errors: [] });
  });
});
