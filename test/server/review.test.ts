import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, InlayHint } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { AnchoredFact, anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { isCountedAllocation } from '../../server/src/classify/classification';
import { HEAP_KINDS, LEAK_KINDS } from '../../server/src/compiler/facts';
import { ALLOCATIONS_REQUEST, AllocationsResult, COMPILER_REPORT_REQUEST, CompilerReportResult } from '../../server/src/shared/protocol';
import { GoParser } from '../../server/src/syntax/goParser';
import { currentGo } from '../helpers/goToolchains';
import { TestLspClient } from '../helpers/lspClient';
import { copyFixture } from '../helpers/paths';

function label(hint: InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

/** A copy of a standard-library package as a module of its own (real code nobody wrote for these tests). */
function copyStdPackage(importPath: string): string {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `geh-${path.basename(importPath)}-`));
  const source = path.join(goroot, 'src', importPath);
  for (const name of fs.readdirSync(source)) {
    if (name.endsWith('.go') && !name.endsWith('_test.go')) fs.copyFileSync(path.join(source, name), path.join(dir, name));
  }
  fs.writeFileSync(path.join(dir, 'go.mod'), `module example.com/${path.basename(importPath)}\n\ngo 1.21\n`);
  return dir;
}

/** A third-party module from the module cache, copied so it can be built as the main module. */
function copyModule(modulePath: string, version: string): string | undefined {
  const cache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const source = path.join(cache, `${modulePath}@${version}`);
  if (!fs.existsSync(source)) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-module-'));
  for (const name of fs.readdirSync(source)) {
    if (name.endsWith('.go') && !name.endsWith('_test.go') || name === 'go.mod') fs.copyFileSync(path.join(source, name), path.join(dir, name));
  }
  for (const name of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, name), 0o644);
  return dir;
}

/** The heap facts of a file as the server's own stages see them (anchored and classified), from a fresh build. */
async function classifiedFacts(dir: string, file: string): Promise<AnchoredFact[]> {
  const result = await analyzePackage(await currentGo(), dir);
  assert.ok(result.ok, 'the package builds');
  const sources = new DiskSources(await GoParser.load());
  try {
    return anchorFacts(result.value.factsIn(file), (f) => sources.get(f));
  } finally {
    sources.dispose();
  }
}

/** `func (d *decodeState) …`: where the receiver's declaration ends on a method's line, if it is one. */
function receiverEnd(line: string): number | undefined {
  const match = /^func \(([^)]*)\)/.exec(line);
  return match ? 'func ('.length + match[1].length : undefined;
}

describe('quiet defaults on a copy of encoding/json', { timeout: 300_000 }, () => {
  let dir: string;
  let client: TestLspClient;
  let decode: string;
  let decodeUri: string;
  let encodeUri: string;
  let facts: AnchoredFact[];

  before(async () => {
    dir = copyStdPackage('encoding/json');
    decode = path.join(dir, 'decode.go');
    encodeUri = URI.file(path.join(dir, 'encode.go')).toString();
    facts = await classifiedFacts(dir, decode);
    client = await TestLspClient.start();
    decodeUri = client.open(decode);
    await client.waitForStatus(decodeUri, (s) => s.state === 'ready', 'decode.go analysed');
  });
  after(() => client?.stop());

  it('shows no inlined, receiver-leak or stack hint, and a heap hint only where something allocates on a normal path', async () => {
    const hints = await client.inlayHints(decodeUri);
    const lines = fs.readFileSync(decode, 'utf8').split('\n');
    assert.ok(hints.some((h) => label(h).includes('↑heap')), 'allocations are hinted');
    assert.ok(!hints.some((h) => /inlined|stack|inlinable/.test(label(h))), 'no inlining or stack hints');
    for (const hint of hints.filter((h) => label(h).includes('leaks'))) {
      assert.notEqual(hint.position.character, receiverEnd(lines[hint.position.line]), `no receiver leak hint on line ${hint.position.line + 1}`);
    }
    const countedLines = new Set(facts.filter((f) => isCountedAllocation(f.fact, f.classification)).map((f) => f.anchor.focus.end.line));
    for (const hint of hints.filter((h) => label(h).includes('↑heap'))) {
      assert.ok(countedLines.has(hint.position.line), `line ${hint.position.line + 1} has an allocation on a normal path`);
    }
    for (const hint of hints) assert.ok(hint.paddingLeft);
    assert.ok(hints.length < 150, `${hints.length} hints: the defaults stay quiet`);
  });

  it('publishes no diagnostic on a fact that costs no allocation or runs only on failure; loops as Information, others as Hint', () => {
    const diagnostics = client.latestDiagnostics(decodeUri)!.diagnostics;
    const quiet = facts.filter((f) => HEAP_KINDS.has(f.fact.kind) && !isCountedAllocation(f.fact, f.classification));
    for (const fact of quiet) {
      const onIt = diagnostics.filter((d) => d.code === fact.fact.kind && d.range.start.line === fact.anchor.focus.start.line && d.range.start.character === fact.anchor.focus.start.character && d.message.startsWith(fact.fact.message));
      assert.deepEqual(onIt, [], `${fact.fact.message} is not an allocation on a normal path`);
    }
    for (const d of diagnostics.filter((x) => HEAP_KINDS.has(String(x.code) as never))) {
      assert.equal(d.severity, /every iteration of the loop/.test(d.message) ? DiagnosticSeverity.Information : DiagnosticSeverity.Hint, d.message);
    }
    assert.ok(!diagnostics.some((d) => LEAK_KINDS.has(String(d.code) as never) || d.code === 'inlining-call'), 'no leak or inlining diagnostics');
    for (const d of diagnostics.filter((x) => x.data?.kind === 'pitfall')) {
      // A boxing finding explains one allocation and ranks like it; the other pitfalls are warnings.
      if (d.data.pitfall === 'interface-boxing') assert.ok(d.severity === DiagnosticSeverity.Hint || d.severity === DiagnosticSeverity.Information, d.message);
      else assert.equal(d.severity, DiagnosticSeverity.Warning, d.message);
    }
  });

  it('keeps every hover of decode.go short: the diagnostic VS Code shows with it, and ours', async () => {
    const diagnostics = client.latestDiagnostics(decodeUri)!.diagnostics;
    for (const d of diagnostics) assert.ok((d.relatedInformation?.length ?? 0) <= 3, `${d.message}: at most three steps`);
    for (const fact of facts) {
      const hover = await client.hover(decodeUri, fact.anchor.range.start.line, fact.anchor.range.start.character);
      const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
      const shown = value.replace(/\]\([^)]*\)/g, ']'); // what is drawn: link targets are not
      assert.ok(value.split('\n').length <= 12 && shown.length <= 700, `line ${fact.fact.line}: ${value.split('\n').length} lines, ${shown.length} characters`);
      assert.ok((value.match(/^\*\*/gm)?.length ?? 0) <= 1, `line ${fact.fact.line}: one headline`);
    }
  });

  it('publishes diagnostics for a file of the package nobody opened, without another build', async () => {
    const builds = (await client.stats()).buildsStarted;
    const published = await client.waitForDiagnostics(encodeUri, (d) => d.length > 0, 'encode.go diagnostics');
    assert.ok(published.diagnostics.every((d) => d.source === 'Go Escape Hints'));
    assert.ok(published.diagnostics.some((d) => HEAP_KINDS.has(String(d.code) as never)));
    assert.equal((await client.stats()).buildsStarted, builds);
  });

  it('lists the package\'s allocations by function for the Allocations view, loop sites first and cold ones last', async () => {
    const result: AllocationsResult = await client.connection.sendRequest(ALLOCATIONS_REQUEST);
    const pkg = result.packages.find((p) => p.importPath === 'example.com/json');
    assert.ok(pkg, 'the package is listed');
    const sites = pkg.functions.flatMap((f) => f.sites);
    assert.ok(sites.some((s) => s.uri === encodeUri), 'unopened files count too');
    assert.ok(sites.some((s) => s.uri === decodeUri));
    assert.ok(pkg.functions.some((f) => f.name === '(*decodeState).object' || f.name === '(*decodeState).array'));
    for (const fn of pkg.functions) {
      const weights = fn.sites.map((s) => (s.coldPath ? 2 : s.inLoop ? 0 : 1));
      assert.deepEqual(weights, [...weights].sort((a, b) => a - b), `${fn.name}: loops first, cold last`);
    }
  });

  it('hands out the raw compiler report of the package', async () => {
    const report: CompilerReportResult = await client.connection.sendRequest(COMPILER_REPORT_REQUEST, { uri: decodeUri });
    assert.ok(report.ok);
    assert.equal(report.importPath, 'example.com/json');
    assert.match(report.text, /^\.\/decode\.go:\d+:\d+: /m);
  });

  it('publishes the open files only with diagnostics.scope = openFiles, and the package again with package', async () => {
    client.configurationChanged({ diagnostics: { scope: 'openFiles' } });
    await client.waitForDiagnostics(encodeUri, (d) => d.length === 0, 'encode.go withdrawn');
    assert.ok(client.latestDiagnostics(decodeUri)!.diagnostics.length > 0, 'the open file keeps its own');
    client.configurationChanged({});
    await client.waitForDiagnostics(encodeUri, (d) => d.length > 0, 'encode.go published again');
  });

  it('withdraws the other files\' diagnostics when the package\'s last open file closes', async () => {
    client.close(decodeUri);
    await client.waitForDiagnostics(encodeUri, (d) => d.length === 0, 'encode.go cleared');
  });
});

describe('quiet defaults on a third-party module (github.com/spf13/pflag)', { timeout: 300_000 }, () => {
  const dir = copyModule('github.com/spf13/pflag', 'v1.0.5');

  it('hints allocations, never receivers\' leaks or inlined calls', { skip: dir ? false : 'pflag is not in the module cache' }, async () => {
    const file = path.join(dir!, 'flag.go');
    const client = await TestLspClient.start();
    try {
      const uri = client.open(file);
      await client.waitForStatus(uri, (s) => s.state === 'ready', 'flag.go analysed');
      const hints = await client.inlayHints(uri);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      assert.ok(hints.some((h) => label(h).includes('↑heap')));
      assert.ok(!hints.some((h) => label(h) === 'inlined'));
      const methods = lines.filter((l) => receiverEnd(l) !== undefined).length;
      assert.ok(methods > 20, 'a file full of methods');
      for (const hint of hints) assert.notEqual(hint.position.character, receiverEnd(lines[hint.position.line]), `no receiver hint on line ${hint.position.line + 1}`);
      const other = URI.file(path.join(dir!, 'string_slice.go')).toString();
      await client.waitForDiagnostics(other, (d) => d.length > 0, 'diagnostics of an unopened file');
    } finally {
      await client.stop();
    }
  });
});

describe('progress of a long build', { timeout: 300_000 }, () => {
  it('reports work-done progress with the package name, and a cancel stops the build', async () => {
    const dir = copyFixture('escapes');
    const gocache = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-gocache-')); // a cold cache: the build compiles fmt and its dependencies first
    const client = await TestLspClient.start({ env: { ...process.env, GOTOOLCHAIN: 'local', GOCACHE: gocache }, window: { workDoneProgress: true } });
    type Progress = { token: string | number; value: { kind: string; message?: string; cancellable?: boolean } };
    const tokens: (string | number)[] = [];
    let begun!: (p: Progress) => void;
    let ended!: (p: Progress) => void;
    const begin = new Promise<Progress>((resolve) => (begun = resolve));
    const end = new Promise<Progress>((resolve) => (ended = resolve));
    client.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      tokens.push(params.token);
      return null;
    });
    client.connection.onNotification('$/progress', (params: Progress) => (params.value.kind === 'begin' ? begun(params) : params.value.kind === 'end' ? ended(params) : undefined));
    try {
      const uri = client.open(path.join(dir, 'escapes.go'));
      const begun = await begin;
      assert.match(begun.value.message ?? '', /example\.com\/escapes/);
      assert.equal(begun.value.cancellable, true);
      assert.ok(tokens.includes(begun.token));
      const mark = client.statuses.length;
      client.connection.sendNotification('window/workDoneProgress/cancel', { token: begun.token });
      assert.equal((await end).token, begun.token);
      const status = await client.waitForStatus(uri, (s) => s.state !== 'analysing', 'the status leaves analysing', mark);
      assert.notEqual(status.state, 'ready', 'cancelled, not finished');
      // The go process is killed with its children: poll until the server counts none running.
      while ((await client.stats()).processesRunning > 0) await new Promise((resolve) => setImmediate(resolve));
      assert.equal((await client.stats()).processesRunning, 0);
    } finally {
      await client.stop();
      fs.rmSync(gocache, { recursive: true, force: true });
    }
  });
});
