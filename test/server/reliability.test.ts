import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { goSectionFor } from '../../server/src/shared/settings';
import { fakeGo, isRunning, peakConcurrency } from '../helpers/fakeGo';
import { TestLspClient } from '../helpers/lspClient';
import { copyFixture } from '../helpers/paths';

/** Resolves once `check` holds, re-checking every few milliseconds (a readiness poll, not a sleep). */
async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function noInternalErrors(client: TestLspClient): void {
  const bad = client.logs.filter((l) => /internal error|failed with message|TypeError/.test(l));
  assert.deepEqual(bad, [], 'no internal error in the log');
}

/** Stops a server that may already have ended (writing to its closed input would fail after the test). */
async function stopUnlessGone(client: TestLspClient): Promise<void> {
  if (client.process.exitCode === null && client.process.signalCode === null) await client.stop();
  else client.connection.dispose();
}

function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe('1. a new file is analysed without file-watch events', () => {
  it('an unsaved new file, then saved, then edited, shows its own heap allocations each time', async () => {
    const dir = copyFixture('escapes');
    const client = await TestLspClient.start({ settings: { debounceMs: 50 } });
    try {
      const a = client.open(path.join(dir, 'escapes.go'));
      await client.waitForStatus(a, (s) => s.state === 'ready', 'the package analysed');
      const bFile = path.join(dir, 'b.go');
      const bText = 'package escapes\n\nfunc B(n int) *int { b := n; return &b }\n';
      const b = client.open(bFile, bText); // not on disk: go list does not know it
      await client.waitForDiagnostics(b, (d) => d.some((x) => x.message.startsWith('moved to heap: b')), 'the unsaved file\'s fact');
      const ready = await client.waitForStatus(b, (s) => s.state === 'ready' && s.version === 1, 'b.go ready');
      assert.equal(ready.heapAllocations, 1);
      // The editor writes the file, then says so; no didChangeWatchedFiles follows (Neovim 0.7).
      fs.writeFileSync(bFile, bText);
      const mark = client.statuses.length;
      client.save(b);
      const saved = await client.waitForStatus(b, (s) => s.state === 'ready', 'b.go ready after the save', mark);
      assert.equal(saved.heapAllocations, 1);
      const version = client.change(b, [{ range: { start: { line: 2, character: 21 }, end: { line: 2, character: 22 } }, text: 'c' }, { range: { start: { line: 2, character: 37 }, end: { line: 2, character: 38 } }, text: 'c' }]);
      await client.waitForStatus(b, (s) => s.state === 'ready' && s.version === version, 'b.go ready after the edit');
      assert.ok(client.latestDiagnostics(b)!.diagnostics.some((x) => x.message.startsWith('moved to heap: c')), 'the fact of the edited text');
      noInternalErrors(client);
    } finally {
      await client.stop();
    }
  });

  it('a file created on disk after the package was listed is found when opened', async () => {
    const dir = copyFixture('escapes');
    const client = await TestLspClient.start({ settings: { debounceMs: 50 } });
    try {
      const a = client.open(path.join(dir, 'escapes.go'));
      await client.waitForStatus(a, (s) => s.state === 'ready', 'the package analysed');
      const cFile = path.join(dir, 'c.go');
      fs.writeFileSync(cFile, 'package escapes\n\nfunc C() *[4]int { var c [4]int; return &c }\n');
      const c = client.open(cFile);
      await client.waitForDiagnostics(c, (d) => d.some((x) => x.message.startsWith('moved to heap: c')), 'the new file\'s fact');
    } finally {
      await client.stop();
    }
  });
});

describe('2. nothing is left behind when the server dies', () => {
  /** A server whose builds hang, with one build running on an unsaved buffer (so an overlay is on disk). */
  async function serverWithHangingBuild(tmp: string): Promise<{ client: TestLspClient; buildPid: number; overlays: () => string[] }> {
    const mark = path.join(tmp, 'builds.log');
    const client = await TestLspClient.start({
      settings: { debounceMs: 0, goPath: fakeGo('build-hangs') },
      env: { ...process.env, GOTOOLCHAIN: 'local', TMPDIR: tmp, FAKE_GO_MARK: mark },
    });
    const file = path.join(copyFixture('escapes'), 'escapes.go');
    const uri = client.open(file);
    client.change(uri, [{ range: { start: endOf(fs.readFileSync(file, 'utf8')), end: endOf(fs.readFileSync(file, 'utf8')) }, text: '\n// unsaved\n' }]);
    const line = await until(() => fs.existsSync(mark) && fs.readFileSync(mark, 'utf8').split('\n')[0], 'the build to start');
    const overlays = () => fs.readdirSync(tmp).filter((name) => name.startsWith('go-escape-hints-'));
    assert.match(line, /-overlay=/, 'the build got the unsaved buffer as an overlay');
    assert.equal(overlays().length, 1, 'the overlay is on disk while the build runs');
    return { client, buildPid: Number(line.split(' ')[0]), overlays };
  }

  const endings: [string, (client: TestLspClient) => void][] = [
    ['exit without shutdown', (client) => void client.connection.sendNotification('exit')],
    ['stdin closing', (client) => client.process.stdin!.end()],
    ['SIGTERM', (client) => client.process.kill('SIGTERM')],
    ['SIGINT', (client) => client.process.kill('SIGINT')],
  ];
  for (const [how, end] of endings) {
    it(`on ${how}: the go process group is killed and the overlay directory removed`, async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-tmp-'));
      const { client, buildPid, overlays } = await serverWithHangingBuild(tmp);
      try {
        assert.ok(isRunning(buildPid));
        const exited = new Promise((resolve) => client.process.once('exit', resolve));
        end(client);
        await exited;
        assert.deepEqual(overlays(), [], 'no overlay left in the temp dir');
        await until(() => !isRunning(buildPid), 'the build to be gone', 10_000);
      } finally {
        if (isRunning(buildPid)) process.kill(-buildPid, 'SIGKILL');
        await stopUnlessGone(client);
      }
    });
  }

  it('after SIGKILL, the next server removes the overlay directory the killed one left', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-tmp-'));
    const { client, buildPid, overlays } = await serverWithHangingBuild(tmp);
    try {
      const exited = new Promise((resolve) => client.process.once('exit', resolve));
      client.process.kill('SIGKILL');
      await exited;
      assert.equal(overlays().length, 1, 'nothing could clean up on SIGKILL');
      const next = await TestLspClient.start({ env: { ...process.env, GOTOOLCHAIN: 'local', TMPDIR: tmp } });
      try {
        assert.deepEqual(overlays(), [], 'removed at start-up: its owner is gone');
        // A live server's overlay is never touched: the new server's own (pid alive) would be kept.
      } finally {
        await next.stop();
      }
    } finally {
      if (isRunning(buildPid)) process.kill(-buildPid, 'SIGKILL');
      await stopUnlessGone(client);
    }
  });
});

describe('3. malformed notifications', () => {
  it('a reversed range and out-of-range positions are applied as the text model reads them, in step with the tree and the facts', async () => {
    const left = copyFixture('escapes');
    const right = copyFixture('escapes');
    const text = fs.readFileSync(path.join(left, 'escapes.go'), 'utf8');
    const client = await TestLspClient.start({ settings: { debounceMs: 50 } });
    try {
      const malformed = client.open(path.join(left, 'escapes.go'));
      const wellFormed = client.open(path.join(right, 'escapes.go'));
      await client.waitForStatus(malformed, (s) => s.state === 'ready', 'first analysis');
      await client.waitForStatus(wellFormed, (s) => s.state === 'ready', 'first analysis');
      // Delete the two comment lines (end before start), then append past the last line and past a line's end.
      const end = endOf(text);
      const v1 = client.change(malformed, [
        { range: { start: { line: 2, character: 0 }, end: { line: 0, character: 0 } }, text: '' },
        { range: { start: { line: 10_000, character: 3 }, end: { line: 10_000, character: 9 } }, text: '\nfunc Appended() *int { z := 2; return &z }\n' },
        { range: { start: { line: 0, character: 500 }, end: { line: 0, character: 900 } }, text: ' // note' },
      ]);
      const v2 = client.change(wellFormed, [
        { range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: '' },
        { range: { start: { line: end.line - 2, character: 0 }, end: { line: end.line - 2, character: 0 } }, text: '\nfunc Appended() *int { z := 2; return &z }\n' },
        { range: { start: { line: 0, character: text.split('\n')[2].length }, end: { line: 0, character: text.split('\n')[2].length } }, text: ' // note' },
      ]);
      assert.equal(end.character, 0, 'the fixture ends with a newline: the appended text lands on the last (empty) line');
      const shape = (uri: string) => client.latestDiagnostics(uri)!.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`).sort();
      // Carried through the edit at once, then re-analysed: both times the same as the well-formed edit.
      await client.waitForDiagnostics(malformed, (_, v) => v === v1, 'carried facts');
      await client.waitForDiagnostics(wellFormed, (_, v) => v === v2, 'carried facts');
      await client.waitForStatus(malformed, (s) => s.state === 'ready' && s.version === v1, 'rebuilt');
      await client.waitForStatus(wellFormed, (s) => s.state === 'ready' && s.version === v2, 'rebuilt');
      assert.ok(shape(malformed).some((d) => d.includes('moved to heap: z')));
      assert.deepEqual(shape(malformed), shape(wellFormed));
      const lines = text.split('\n').length; // 2 deleted, 2 added by the appended function
      for (const d of client.latestDiagnostics(malformed)!.diagnostics) assert.ok(d.range.end.line < lines && d.range.end.line - d.range.start.line < 3, `a sane range: ${JSON.stringify(d.range)}`);
      assert.ok(client.logs.some((l) => /protocol error: textDocument\/didChange.*reversed range 2:0-0:0/.test(l)));
      assert.ok(client.logs.some((l) => /protocol error: textDocument\/didChange.*outside the document/.test(l)));
      noInternalErrors(client);
    } finally {
      await client.stop();
    }
  });

  it('text: null in didOpen, params: null and garbage changes are ignored with a logged protocol error', async () => {
    const dir = copyFixture('escapes');
    const file = path.join(dir, 'escapes.go');
    const client = await TestLspClient.start({ settings: { debounceMs: 50 } });
    try {
      const uri = URI.file(file).toString();
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: null } });
      for (const method of ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didSave', 'textDocument/didClose', 'workspace/didChangeWatchedFiles', 'workspace/didChangeConfiguration']) {
        client.connection.sendNotification(method, null);
      }
      // Requests with null params are answered with the protocol's own InvalidParams error.
      for (const method of ['textDocument/inlayHint', 'textDocument/hover', 'textDocument/codeAction']) {
        await assert.rejects(client.connection.sendRequest(method, null), (error: { code?: number }) => error.code === -32602);
      }
      await client.waitFor(() => client.logs.filter((l) => l.startsWith('protocol error:')).length >= 6 || undefined, 'a protocol error per notification');
      assert.ok(client.logs.some((l) => /didOpen: textDocument\.text is null/.test(l)));
      assert.ok(!client.diagnostics.some((d) => d.uri === uri), 'the null text was not opened (nothing analysed)');
      // The document opens properly afterwards.
      const opened = client.open(file);
      await client.waitForStatus(opened, (s) => s.state === 'ready' && s.version === 1, 'analysed');
      assert.ok((await client.inlayHints(opened)).length > 0);
      // A change that cannot be read: the editor applied it, we could not, so the text here is no longer
      // the editor's. Nothing is shown for the document (rather than facts on the wrong text)…
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 'a', character: 0 }, end: null }, text: 'x' }] });
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// typed on the lost text\n' }] });
      await client.waitForDiagnostics(opened, (d, v) => d.length === 0 && v === undefined, 'the facts withdrawn');
      assert.ok(client.logs.some((l) => /protocol error: textDocument\/didChange: contentChanges\[0\]\.range is not/.test(l)));
      assert.deepEqual(await client.inlayHints(opened), []);
      // …until the editor sends the whole text again.
      const whole = `// back in step\n${fs.readFileSync(file, 'utf8')}`;
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: whole }] });
      await client.waitForStatus(opened, (s) => s.state === 'ready' && s.version === 4, 'analysed again');
      const p = client.latestDiagnostics(opened)!.diagnostics.find((d) => d.message.startsWith('moved to heap: p'))!;
      assert.equal(whole.split('\n')[p.range.start.line].slice(p.range.start.character, p.range.end.character), 'p', 'anchored on the whole text sent');
      noInternalErrors(client);
    } finally {
      await client.stop();
    }
  });
});

describe('4. a clear message for every failure', () => {
  it('a goPath that hangs on `go version` is given up after a time limit, saying so', async () => {
    const client = await TestLspClient.start({ settings: { goPath: fakeGo('version-hangs') } });
    try {
      const uri = client.open(path.join(copyFixture('escapes'), 'escapes.go'));
      const status = await client.waitForStatus(uri, (s) => s.state === 'error', 'an error status');
      assert.match(status.message ?? '', /did not answer `go version` within 10 s/);
      assert.equal((await client.stats()).processesRunning, 0, 'the hung program was killed');
    } finally {
      await client.stop();
    }
  });

  it('a build killed by a signal says so, and the facts shown are not marked stale for it', async () => {
    const dir = copyFixture('escapes');
    const client = await TestLspClient.start({ settings: { debounceMs: 50 } });
    try {
      const uri = client.open(path.join(dir, 'escapes.go'));
      await client.waitForStatus(uri, (s) => s.state === 'ready', 'analysed by the real go');
      client.configurationChanged({ debounceMs: 50, goPath: fakeGo('build-killed') });
      const mark = client.statuses.length;
      client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '// edited\n' }]);
      const status = await client.waitForStatus(uri, (s) => !!s.message, 'the failure', mark);
      assert.match(status.message ?? '', /^The build was stopped by signal KILL/);
      assert.equal(status.errorCode, 'killed');
      const shown = client.latestDiagnostics(uri)!.diagnostics;
      assert.ok(shown.some((d) => d.message.startsWith('moved to heap: p')));
      assert.ok(!shown.some((d) => /last successful build/.test(d.message)), 'not stale: the code is not at fault');
    } finally {
      await client.stop();
    }
  });

  it('a package directory deleted while open is named as gone, not blamed on Go', async () => {
    const dir = copyFixture('escapes');
    const client = await TestLspClient.start({ settings: { debounceMs: 50 } });
    try {
      const uri = client.open(path.join(dir, 'escapes.go'));
      await client.waitForStatus(uri, (s) => s.state === 'ready', 'analysed');
      fs.rmSync(dir, { recursive: true, force: true });
      const mark = client.statuses.length;
      client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '// edited\n' }]);
      const status = await client.waitForStatus(uri, (s) => !!s.message, 'the failure', mark);
      assert.equal(status.message, `The directory ${dir} no longer exists (deleted, renamed or unmounted): reopen the file from its new place.`);
      assert.ok(client.logs.some((l) => l.includes('no longer exists')), 'and in the log');
    } finally {
      await client.stop();
    }
  });

  it('inconsistent vendoring: the message keeps the module at fault and the fix', async () => {
    const dir = copyFixture('vendored');
    fs.appendFileSync(path.join(dir, 'go.mod'), '\nrequire example.com/other v1.2.0\n');
    const client = await TestLspClient.start();
    try {
      const uri = client.open(path.join(dir, 'main.go'));
      const status = await client.waitForStatus(uri, (s) => s.state === 'error', 'an error');
      assert.match(status.message ?? '', /inconsistent vendoring in .*: example\.com\/other@v1\.2\.0: is explicitly required in go\.mod, but not marked as explicit in vendor\/modules\.txt\. .*To sync the vendor directory, run: go mod vendor/);
    } finally {
      await client.stop();
    }
  });

  it('an older Go on a newer module: the note "module requires Go 1.22" stays in the message', async (t) => {
    if (!fs.existsSync('/usr/lib/go-1.19/bin/go')) return t.skip('Go 1.19 is not installed');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-newer-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/newer\n\ngo 1.22\n');
    fs.writeFileSync(path.join(dir, 'a.go'), 'package newer\n\nfunc M(a, b int) int { return min(a, b) }\n');
    const client = await TestLspClient.start({ settings: { goPath: '/usr/lib/go-1.19/bin/go' } });
    try {
      const uri = client.open(path.join(dir, 'a.go'));
      const status = await client.waitForStatus(uri, (s) => s.state === 'error', 'an error');
      assert.equal(status.message, 'package does not build: a.go:3:31: undefined: min (note: module requires Go 1.22)');
    } finally {
      await client.stop();
    }
  });

  it('the error behind `go: downloading …` is the message, not the progress line', async () => {
    const client = await TestLspClient.start({ settings: { goPath: fakeGo('build-readonly-modcache') } });
    try {
      const uri = client.open(path.join(copyFixture('escapes'), 'escapes.go'));
      const status = await client.waitForStatus(uri, (s) => s.state === 'error', 'an error');
      assert.equal(status.message, 'package does not build: go: writing go.mod cache: mkdir /ro/modcache/cache: read-only file system');
    } finally {
      await client.stop();
    }
  });

  it('a go that prints something else and exits 0 is reported, not shown as 0 allocations', async () => {
    const client = await TestLspClient.start({ settings: { goPath: fakeGo('build-garbage') } });
    try {
      const uri = client.open(path.join(copyFixture('escapes'), 'escapes.go'));
      const status = await client.waitForStatus(uri, (s) => s.state === 'error' || s.state === 'ready', 'the outcome');
      assert.equal(status.state, 'error');
      assert.equal(status.errorCode, 'not-a-report');
      assert.match(status.message ?? '', /succeeded but printed something that is not a compiler report \("hello from a wrapper that ate the report"\)/);
    } finally {
      await client.stop();
    }
  });

  it('an open file excluded by its build constraints says so in the status', async () => {
    const dir = copyFixture('escapes');
    const file = path.join(dir, 'winonly.go');
    fs.writeFileSync(file, '//go:build windows\n\npackage escapes\n\nfunc W() *int { w := 1; return &w }\n');
    const client = await TestLspClient.start();
    try {
      const uri = client.open(file);
      const status = await client.waitForStatus(uri, (s) => s.state !== 'analysing' && !!s.message, 'the status');
      assert.equal(status.state, 'not-analysed');
      assert.equal(status.errorCode, 'excluded-by-build-constraints');
      assert.match(status.message ?? '', /winonly\.go is excluded from the build by its build constraint `\/\/go:build windows`/);
      // The constraint removed and saved (no file-watch event): the file joins the build.
      const version = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
      fs.writeFileSync(file, 'package escapes\n\nfunc W() *int { w := 1; return &w }\n');
      client.save(uri);
      const ready = await client.waitForStatus(uri, (s) => s.state === 'ready' && s.version === version, 'analysed once it is part of the build');
      assert.equal(ready.heapAllocations, 1);
      assert.ok(client.latestDiagnostics(uri)!.diagnostics.some((d) => d.message.startsWith('moved to heap: w')));
    } finally {
      await client.stop();
    }
  });
});

describe('5. typing stays instant', () => {
  it('a burst of keystrokes publishes carried diagnostics once per pause, while hints follow every keystroke at once', async () => {
    const dir = copyFixture('escapes');
    const client = await TestLspClient.start({ settings: { debounceMs: 400 } });
    try {
      const uri = client.open(path.join(dir, 'escapes.go'));
      await client.waitForStatus(uri, (s) => s.state === 'ready', 'analysed');
      // The first hint below the typing, whatever its words: after 30 new lines above it, it is 30 lines down.
      const hintsBelow = async () => (await client.inlayHints(uri)).filter((h) => h.position.line > 2);
      const [hint] = await hintsBelow();
      assert.ok(hint, 'a hint to follow');
      const first = hint.position.line;
      const heapLine = async () => (await hintsBelow()).find((h) => JSON.stringify(h.label) === JSON.stringify(hint.label) && h.position.character === hint.position.character)!.position.line;
      const mark = client.diagnostics.length;
      let version = 1;
      for (let i = 0; i < 30; i++) version = client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '\n' }]);
      assert.equal(await heapLine(), first + 30, 'the hint answer already follows the last keystroke');
      await client.waitForStatus(uri, (s) => s.state === 'ready' && s.version === version, 'the rebuild');
      const published = client.diagnostics.slice(mark).filter((d) => d.uri === uri);
      assert.ok(published.length <= 3, `${published.length} diagnostics publishes for 30 keystrokes (carried once per pause, then the rebuild)`);
      assert.equal(published.at(-1)!.version, version);
    } finally {
      await client.stop();
    }
  });
});

describe('6. every go process counts toward maxConcurrentBuilds', () => {
  it('opening eight packages at once never runs more than two go processes (go list included)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-many-'));
    fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/many\n\ngo 1.21\n');
    const files: string[] = [];
    for (let i = 0; i < 8; i++) {
      fs.mkdirSync(path.join(root, `p${i}`));
      const file = path.join(root, `p${i}`, 'p.go');
      fs.writeFileSync(file, `package p${i}\n\nfunc F() *int { x := ${i}; return &x }\n`);
      files.push(file);
    }
    const log = path.join(root, 'calls.log');
    const client = await TestLspClient.start({
      settings: { maxConcurrentBuilds: 2, goPath: fakeGo('count-calls') },
      env: { ...process.env, GOTOOLCHAIN: 'local', FAKE_GO_MARK: log },
    });
    try {
      const uris = files.map((file) => client.open(file));
      for (const uri of uris) await client.waitForDiagnostics(uri, (d) => d.some((x) => x.message.startsWith('moved to heap: x')), 'each package analysed');
      const calls = fs.readFileSync(log, 'utf8');
      assert.ok(calls.split('\n').filter((l) => l.startsWith('start ')).length >= 17, 'go version, 8 go list, 8 go build');
      const peak = peakConcurrency(calls);
      assert.ok(peak <= 2, `${peak} go processes ran at once`);
    } finally {
      await client.stop();
    }
  });
});

describe('7. trusted workspaces are honoured like the Go extension does', () => {
  it('go.toolsEnvVars from the go section apply: GOFLAGS=-tags=integration builds the integration file', async () => {
    const dir = copyFixture('escapes');
    const file = path.join(dir, 'integration.go');
    fs.writeFileSync(file, '//go:build integration\n\npackage escapes\n\nfunc I() *int { i := 1; return &i }\n');
    const client = await TestLspClient.start({ goSettings: { toolsEnvVars: { GOFLAGS: '-tags=integration' } } });
    try {
      const uri = client.open(file);
      await client.waitForDiagnostics(uri, (d) => d.some((x) => x.message.startsWith('moved to heap: i')), 'the tagged file analysed');
    } finally {
      await client.stop();
    }
  });

  it('workspace values of the restricted go settings are sent when trusted, only user values when not', () => {
    const values = { goroot: { user: '/user/go', resolved: '/workspace/go' }, toolsEnvVars: { user: undefined, resolved: { GOFLAGS: '-tags=integration' } }, alternateTools: { user: {}, resolved: { go: '/ws/bin/go' } }, buildTags: { user: '', resolved: 'ws' } };
    const read = {
      resolved: (key: string) => values[key as keyof typeof values].resolved,
      userValue: (key: string) => values[key as keyof typeof values].user,
    };
    assert.deepEqual(goSectionFor(read, true), { goroot: '/workspace/go', toolsEnvVars: { GOFLAGS: '-tags=integration' }, alternateTools: { go: '/ws/bin/go' }, buildTags: 'ws' });
    assert.deepEqual(goSectionFor(read, false), { goroot: '/user/go', toolsEnvVars: undefined, alternateTools: {}, buildTags: 'ws' });
  });
});
