import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, InlayHint } from 'vscode-languageserver-protocol';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { GoParser } from '../../server/src/syntax/goParser';
import { currentGo } from '../helpers/goToolchains';
import { descendantsOf, TestLspClient } from '../helpers/lspClient';
import { copyFixture } from '../helpers/paths';

function label(hint: InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `"${needle}" in the file`);
  return line;
}

describe('language server on test/testdata/escapes', () => {
  let client: TestLspClient;
  let dir: string;
  let file: string;
  let uri: string;
  let text: string;

  before(async () => {
    dir = copyFixture('escapes');
    file = path.join(dir, 'escapes.go');
    text = fs.readFileSync(file, 'utf8');
    // These tests count go processes: the struct layout helper (run after 'ready') has its own tests (structLayout.test.ts).
    client = await TestLspClient.start({ settings: { debounceMs: 150, structLayout: { enabled: false } } });
    uri = client.open(file);
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the first diagnostics');
  });
  after(() => client.stop());

  it('publishes heap allocations outside loops as Hint, leaks not at all by default, at the anchored ranges', () => {
    const { diagnostics, version } = client.latestDiagnostics(uri)!;
    assert.equal(version, 1);
    const p = diagnostics.find((d) => d.message.startsWith('moved to heap: p'));
    assert.ok(p);
    assert.deepEqual(p.range, { start: { line: 14, character: 1 }, end: { line: 14, character: 2 } });
    assert.equal(p.severity, DiagnosticSeverity.Hint);
    assert.equal(p.source, 'Go Escape Hints');
    assert.equal(p.code, 'moved-to-heap');
    assert.match(p.codeDescription?.href ?? '', /README\.md#moved-to-heap$/);
    assert.match(p.message, /address .* is returned/);
    assert.ok(p.relatedInformation?.some((r) => r.message === 'from &p (address-of)' && r.location.range.start.line === 15 && r.location.range.start.character === 8 && r.location.uri.endsWith('/escapes.go')));
    const literal = diagnostics.find((d) => d.message.startsWith('&Point{...} escapes to heap'))!;
    assert.equal(text.split('\n')[literal.range.start.line].slice(literal.range.start.character, literal.range.end.character), '&Point{3, 4}');
    assert.ok(!diagnostics.some((d) => ['can-inline', 'inlining-call', 'does-not-escape', 'leaking-param', 'leaking-param-content', 'leaking-param-to-result'].includes(String(d.code))), 'inlining, stack and leak facts are off by default');
    for (const d of diagnostics) assert.ok(d.range.end.line > d.range.start.line || d.range.end.character > d.range.start.character, 'never zero-width');
  });

  it('shows short inlay hints after the nodes, with tooltips', async () => {
    const hints = await client.inlayHints(uri);
    const at = (line: number, character: number) => hints.filter((h) => h.position.line === line && h.position.character === character).map(label);
    assert.deepEqual(at(14, 2), ['· ↑heap'], 'after the name list, with a separator');
    const literalLine = lineOf(text, 'return &Point{3, 4}');
    assert.deepEqual(at(literalLine, text.split('\n')[literalLine].indexOf('}') + 1), ['↑heap']);
    assert.ok(!hints.some((h) => /inline|leaks|stack/.test(label(h))), 'inlining, near-budget, leak and stack hints are off by default');
    for (const h of hints) assert.ok(h.paddingLeft, 'padded from the code');
    const heap = hints.find((h) => label(h) === '· ↑heap')!;
    assert.match(typeof heap.tooltip === 'string' ? heap.tooltip : heap.tooltip?.value ?? '', /Moved to the heap/);
  });

  it('explains a fact on hover: what, why, the numbered chain with links, advice', async () => {
    // A leak has no diagnostic by default: the hover tells the whole story.
    const keep = lineOf(text, 'func Keep(data []byte)');
    const leak = await client.hover(uri, keep, 'func Keep('.length);
    const story = (leak?.contents as { value: string }).value;
    assert.match(story, /^\*\*Parameter leaks\*\* `data`\n\n\S.*\n/, 'a headline, then the cause');
    assert.match(story, /\n1\. from `.*` \(assign\) — \[escapes\.go:31\]\(file:\/\/.*escapes\.go#L31,\d+\)/);
    assert.ok(!story.includes('flow:'), 'the chain once: the operations, not the flow edges between them');
    assert.equal(story.match(/💡/g)?.length, 1, 'one piece of advice');
    // A heap fact has a diagnostic, whose message (the cause) and related information (the chain) the editor shows with the hover.
    const hover = await client.hover(uri, 14, 1);
    const value = (hover?.contents as { value: string }).value;
    assert.ok(!/^1\. /m.test(value) && !/is returned/.test(value) && !/Moved to the heap/.test(value), 'headline, cause and chain are the diagnostic\'s');
    assert.match(value, /^💡 Return the value instead of its address/);
    const diagnostic = client.latestDiagnostics(uri)!.diagnostics.find((d) => d.message.startsWith('moved to heap: p'))!;
    assert.match(diagnostic.message, /address .* is returned/);
    assert.ok(diagnostic.relatedInformation?.some((r) => r.message === 'from &p (address-of)'));
    assert.equal(await client.hover(uri, 0, 0), null);
  });

  it('moves facts with an edit above them at once, before any rebuild', async () => {
    const stats = await client.stats();
    const version = client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '// a new line above\n' }]);
    const published = await client.waitForDiagnostics(uri, (_, v) => v === version, 'diagnostics for the edit');
    const p = published.diagnostics.find((d) => d.message.startsWith('moved to heap: p'))!;
    assert.deepEqual(p.range.start, { line: 15, character: 1 });
    const hints = await client.inlayHints(uri);
    assert.ok(hints.some((h) => label(h) === '· ↑heap' && h.position.line === 15 && h.position.character === 2));
    assert.ok(!hints.some((h) => label(h).includes('↑heap') && h.position.line === 14), 'nothing left at the old place');
    assert.equal((await client.stats()).buildsStarted, stats.buildsStarted, 'carried, not rebuilt');
    const moved = (await client.hover(uri, lineOf(text, 'func Keep(data []byte)') + 1, 'func Keep('.length))?.contents as { value: string };
    assert.match(moved.value, /\[escapes\.go:32\]\(file:\/\/.*escapes\.go#L32,\d+\)/, 'the chain\'s links follow the edit too');
    // Undo, so the following tests see the original text again.
    client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' }]);
  });

  it('drops a fact when an edit touches its node, until the rebuild confirms it', async () => {
    const line = lineOf(text, 'return &Point{3, 4}');
    const character = text.split('\n')[line].indexOf('4}');
    const version = client.change(uri, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: '5' }]);
    const immediate = await client.waitForDiagnostics(uri, (_, v) => v === version, 'diagnostics for the edit');
    assert.ok(!immediate.diagnostics.some((d) => d.message.startsWith('&Point{...}')), 'dropped at once');
    const rebuilt = await client.waitForDiagnostics(uri, (d, v) => v === version && d.some((x) => x.message.startsWith('&Point{...}')), 'the rebuilt fact');
    assert.ok(rebuilt.diagnostics.find((d) => d.message.startsWith('&Point{...}'))!.range.start.line === line);
  });

  it('analyses unsaved code after the pause: the hints match a fresh analysis of the same text', async () => {
    const end = text.split('\n').length - 1;
    const addition = '\nfunc Typed() *int { x := 1; p := &x; _ = p; return p }\n';
    const version = client.change(uri, [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: addition }]);
    const published = await client.waitForDiagnostics(uri, (d, v) => v === version && d.some((x) => x.message === 'moved to heap: x' || x.message.startsWith('moved to heap: x:')), 'the new heap fact');
    assert.ok(!fs.readFileSync(file, 'utf8').includes('Typed'), 'nothing was saved');
    // A fresh analysis of the same text, written to a copy of the module.
    const copy = copyFixture('escapes');
    const current = fs.readFileSync(file, 'utf8').split('\n');
    const edited = [...current.slice(0, end), ...(current[end] + addition).split('\n'), ...current.slice(end + 1)].join('\n').replace('return &Point{3, 4}', 'return &Point{3, 5}');
    fs.writeFileSync(path.join(copy, 'escapes.go'), edited);
    const fresh = await analyzePackage(await currentGo(), copy);
    assert.ok(fresh.ok);
    const sources = new DiskSources(await GoParser.load());
    const expected = anchorFacts(fresh.value.facts.filter((f) => f.file.endsWith('escapes.go') && (f.kind === 'moved-to-heap' || f.kind === 'escapes-to-heap')), (f) => sources.get(f));
    sources.dispose();
    const hints = await client.inlayHints(uri);
    // One hint per line at most (several facts on a line merge): the lines with a heap hint are the lines of heap facts.
    const ours = [...new Set(hints.filter((h) => label(h).includes('↑heap')).map((h) => h.position.line))].sort((a, b) => a - b);
    assert.deepEqual(ours, [...new Set(expected.map((a) => a.anchor.focus.end.line))].sort((a, b) => a - b));
    const typedLine = published.diagnostics.find((d) => d.message.startsWith('moved to heap: x'))!.range.start.line;
    assert.ok(hints.some((h) => h.position.line === typedLine && label(h).includes('↑heap')));
  });

  it('answers a reopened file from memory without running go', async () => {
    const before = await client.stats();
    client.close(uri);
    await client.waitForDiagnostics(uri, (d, v) => d.length === 0 && v === undefined, 'cleared diagnostics on close');
    const reopened = client.open(file);
    const published = await client.waitForDiagnostics(reopened, (d) => d.length > 0, 'diagnostics after reopening');
    assert.equal(published.version, 1);
    const second = client.open(path.join(dir, 'second.go'));
    const secondPublished = await client.waitForDiagnostics(second, (d) => d.length > 0, 'diagnostics of another file of the package');
    assert.ok(secondPublished.diagnostics.some((d) => d.message.startsWith('moved to heap: label')));
    const afterStats = await client.stats();
    assert.equal(afterStats.processesStarted, before.processesStarted, 'no go process at all');
  });
});

describe('language server under stress and failure', () => {
  it('ends fifty rapid edits with diagnostics for the last version and no go process left', async () => {
    const dir = copyFixture('escapes');
    const file = path.join(dir, 'escapes.go');
    // No process may be left once the last version is 'ready': the struct layout helper runs after that (its own test checks it ends).
    const client = await TestLspClient.start({ settings: { debounceMs: 100, structLayout: { enabled: false } } });
    try {
      const uri = client.open(file);
      await client.waitForDiagnostics(uri, (d) => d.length > 0, 'first diagnostics');
      const start = client.diagnostics.length;
      let version = 1;
      for (let i = 0; i < 50; i++) {
        version = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: i % 2 ? '// x\n' : '// y\n' }]);
      }
      // Carried facts are published for the last version before any rebuild, and a 'ready' of an
      // earlier build may still be the latest status: only a 'ready' for this version says the
      // rebuild of the last text ended (reading earlier made this test flaky under load).
      await client.waitForStatus(uri, (s) => s.state === 'ready' && s.version === version, 'ready for the last version');
      const last = client.latestDiagnostics(uri)!;
      assert.equal(last.version, version);
      assert.ok(last.diagnostics.some((x) => x.message.startsWith('moved to heap: p')));
      const p = last.diagnostics.find((d) => d.message.startsWith('moved to heap: p'))!;
      assert.equal(p.range.start.line, 14 + 50);
      const versions = client.diagnostics.slice(start).filter((d) => d.uri === uri).map((d) => d.version ?? 0);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'never an older version after a newer one');
      const stats = await client.stats();
      assert.ok(stats.buildsStarted <= 4, `${stats.buildsStarted} builds for fifty edits`);
      assert.equal(stats.processesRunning, 0);
      assert.deepEqual(descendantsOf(client.process.pid!), []);
    } finally {
      await client.stop();
    }
  });

  it('keeps the last good facts, marked stale, when the package stops building', async () => {
    const dir = copyFixture('escapes');
    const file = path.join(dir, 'escapes.go');
    const client = await TestLspClient.start({ settings: { debounceMs: 50 } });
    try {
      const uri = client.open(file);
      await client.waitForDiagnostics(uri, (d) => d.length > 0, 'first diagnostics');
      const lines = fs.readFileSync(file, 'utf8').split('\n').length;
      const statusMark = client.statuses.length;
      client.change(uri, [{ range: { start: { line: lines - 1, character: 0 }, end: { line: lines - 1, character: 0 } }, text: 'var _ = undefinedName\n' }]);
      const status = await client.waitForStatus(uri, (s) => s.state === 'stale', 'a stale status', statusMark);
      assert.match(status.message ?? '', /^package does not build: escapes\.go:\d+:9: undefined: undefinedName$/);
      assert.equal(status.errorCode, 'build-failed');
      const latest = client.latestDiagnostics(uri)!;
      assert.ok(latest.diagnostics.some((d) => d.message.startsWith('moved to heap: p') && /last successful build/.test(d.message)));
      assert.ok(latest.diagnostics.every((d) => d.source === 'Go Escape Hints' && !/undefined/.test(d.message)), 'compile errors are gopls\'s to report');
      const hints = await client.inlayHints(uri);
      assert.ok(hints.some((h) => /last successful build/.test(typeof h.tooltip === 'string' ? h.tooltip : h.tooltip?.value ?? '')));
    } finally {
      await client.stop();
    }
  });

  it('says clearly that Go is missing', async () => {
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-nogo-'));
    const client = await TestLspClient.start({ env: { ...process.env, PATH: emptyPath } });
    try {
      const file = path.join(copyFixture('escapes'), 'escapes.go');
      const uri = client.open(file);
      const status = await client.waitForStatus(uri, (s) => s.state === 'error', 'an error status');
      assert.equal(status.errorCode, 'go-not-found');
      assert.match(status.message ?? '', /Go was not found on PATH.*goEscapeHints\.goPath/);
      assert.ok(!client.diagnostics.some((d) => d.uri === uri && d.diagnostics.length > 0));
    } finally {
      await client.stop();
    }
  });

  it('analyses a file opened through a symlinked directory', async () => {
    const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'geh-link-')), 'linked');
    fs.symlinkSync(copyFixture('escapes'), link);
    const client = await TestLspClient.start();
    try {
      const uri = client.open(path.join(link, 'escapes.go'));
      const published = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.message.startsWith('moved to heap: p')), 'diagnostics through the symlink');
      assert.ok(published.diagnostics.length > 5);
    } finally {
      await client.stop();
    }
  });

  it('re-reads settings when they change: hint kinds and severities', async () => {
    const client = await TestLspClient.start();
    try {
      const file = path.join(copyFixture('escapes'), 'escapes.go');
      const uri = client.open(file);
      await client.waitForDiagnostics(uri, (d) => d.length > 0, 'first diagnostics');
      assert.ok(!(await client.inlayHints(uri)).some((h) => label(h).includes('stack')));
      client.configurationChanged({ inlayHints: { kinds: { 'does-not-escape': true } }, diagnostics: { severity: { 'moved-to-heap': 'warning' } } });
      const published = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'moved-to-heap' && x.severity === DiagnosticSeverity.Warning), 'warnings after the change');
      assert.ok(published);
      assert.ok((await client.inlayHints(uri)).some((h) => label(h).includes('stack')));
    } finally {
      await client.stop();
    }
  });
});
