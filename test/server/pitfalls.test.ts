import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { currentGo, goroot } from '../helpers/goToolchains';
import { TestLspClient } from '../helpers/lspClient';
import { TESTDATA } from '../helpers/paths';
import { applyEdits } from '../helpers/textEdits';
import * as os from 'os';

const PITFALL_CODES = new Set(['time-tick-leak', 'sub-slice-pinning', 'queue-reslice-leak', 'interface-boxing', 'sync-pool-value', 'slice-preallocation']);
const UPDATE_GOLDENS = process.env.UPDATE_GOLDENS === '1';

interface Expected {
  code: string;
  /** 1-based line of the finding. */
  line: number;
  /** Whether a quick fix is offered. */
  fix: boolean;
}

/** Every pitfall finding expected in each fixture file; any other finding (a negative case) fails the test. */
const SCENARIOS: { module: string; file: string; expected: Expected[] }[] = [
  { module: 'timetick', file: 'ticks.go', expected: [{ code: 'time-tick-leak', line: 7, fix: true }, { code: 'time-tick-leak', line: 19, fix: true }, { code: 'time-tick-leak', line: 26, fix: false }] },
  { module: 'timetick', file: 'alias.go', expected: [{ code: 'time-tick-leak', line: 8, fix: true }] },
  { module: 'timetick', file: 'ticks_test.go', expected: [{ code: 'interface-boxing', line: 18, fix: false }] },
  { module: 'timetick-main', file: 'main.go', expected: [] },
  // The boundary: unstopped tickers are collected from Go 1.23, so a `go 1.22` module still leaks.
  { module: 'timetick-go122', file: 'ticks.go', expected: [{ code: 'time-tick-leak', line: 7, fix: true }] },
  { module: 'timetick-go123', file: 'ticks.go', expected: [] },
  {
    module: 'subslice',
    file: 'slices.go',
    // Lines 5, 10, 15 and 22 sub-slice a parameter: explained and fixable, but no diagnostic (see QUIET below).
    expected: [
      { code: 'queue-reslice-leak', line: 46, fix: true },
      { code: 'sub-slice-pinning', line: 63, fix: true },
      { code: 'sub-slice-pinning', line: 77, fix: true },
    ],
  },
  // Arrays of known size: a diagnostic from 4096 elements, the fix's title saying what the copy costs.
  { module: 'subslice', file: 'arrays.go', expected: [{ code: 'sub-slice-pinning', line: 7, fix: true }, { code: 'sub-slice-pinning', line: 14, fix: true }] },
  { module: 'subslice-old', file: 'slices.go', expected: [{ code: 'queue-reslice-leak', line: 20, fix: true }] },
  { module: 'boxing', file: 'labels.go', expected: [{ code: 'interface-boxing', line: 7, fix: true }] },
  {
    module: 'boxing',
    file: 'format.go',
    expected: [
      { code: 'interface-boxing', line: 12, fix: true },
      { code: 'interface-boxing', line: 24, fix: true },
      { code: 'interface-boxing', line: 29, fix: true },
      { code: 'interface-boxing', line: 34, fix: false },
      { code: 'interface-boxing', line: 46, fix: true },
      { code: 'interface-boxing', line: 55, fix: true },
    ],
  },
  { module: 'pool', file: 'pool.go', expected: [{ code: 'sync-pool-value', line: 16, fix: true }] },
  // The pool typed from &sync.Pool{}, new(sync.Pool) and a struct field.
  { module: 'pool', file: 'typed.go', expected: [{ code: 'sync-pool-value', line: 8, fix: false }, { code: 'sync-pool-value', line: 14, fix: false }, { code: 'sync-pool-value', line: 22, fix: false }] },
  // False warnings found on real modules (gin, zap, yaml.v3, klauspost/compress, cobra, samber/lo), now silent.
  { module: 'boxing', file: 'constants.go', expected: [] },
  { module: 'subslice', file: 'buffers.go', expected: [] },
  {
    module: 'prealloc',
    file: 'collect.go',
    expected: [
      { code: 'slice-preallocation', line: 7, fix: true },
      { code: 'slice-preallocation', line: 16, fix: true },
      { code: 'slice-preallocation', line: 25, fix: true },
      { code: 'slice-preallocation', line: 63, fix: true },
    ],
  },
];

/** The heap facts of one file, from a fresh analysis of its module directory. */
async function heapFacts(dir: string, file: string): Promise<{ line: number; column: number | null; subject: string; message: string }[]> {
  const result = await analyzePackage(await currentGo(), dir);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value.facts.filter((f) => f.file === path.join(dir, file) && (f.kind === 'moved-to-heap' || f.kind === 'escapes-to-heap'));
}

function pitfallDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => PITFALL_CODES.has(String(d.code)));
}

describe('pitfalls through the real server', () => {
  let client: TestLspClient;
  let gofmt: string;
  before(async () => {
    client = await TestLspClient.start({ settings: { debounceMs: 60_000 } });
    gofmt = path.join(goroot(await currentGo()), 'bin', 'gofmt');
  });
  after(() => client.stop());

  /** Opens a file and returns its diagnostics once its package is analysed. */
  async function analysed(file: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const mark = client.statuses.length;
    const uri = client.open(file);
    await client.waitForStatus(uri, (s) => s.state === 'ready', `${path.basename(file)} analysed`, mark);
    return { uri, diagnostics: client.latestDiagnostics(uri)?.diagnostics ?? [] };
  }

  /** Fixes meant to remove a heap allocation, not only to name a problem. */
  const REMOVES_ALLOCATION = new Set(['interface-boxing', 'sync-pool-value']);

  for (const scenario of SCENARIOS) {
    describe(`${scenario.module}/${scenario.file}`, () => {
      let dir: string;
      let file: string;
      let original: string;
      let uri: string;
      let found: Diagnostic[];
      before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), `geh-pitfall-${scenario.module}-`));
        fs.cpSync(path.join(TESTDATA, 'pitfalls', scenario.module), dir, { recursive: true });
        file = path.join(dir, scenario.file);
        original = fs.readFileSync(file, 'utf8');
        const result = await analysed(file);
        uri = result.uri;
        found = pitfallDiagnostics(result.diagnostics);
      });
      after(() => client.close(uri));

      it('reports exactly the expected pitfalls (and nothing for the negative cases)', () => {
        assert.deepEqual(found.map((d) => `${d.code}:${d.range.start.line + 1}`).sort(), scenario.expected.map((e) => `${e.code}:${e.line}`).sort());
        for (const d of found) {
          assert.equal(d.source, 'Go Escape Hints');
          assert.match(d.codeDescription?.href ?? '', new RegExp(`#pitfall-${d.code}$`));
        }
      });

      for (const expected of scenario.expected) {
        it(`${expected.code} on line ${expected.line}: ${expected.fix ? 'the fix matches its golden file, builds, is gofmt-clean and removes the finding' : 'is explained, with no fix offered'}`, async () => {
          const diagnostic = found.find((d) => d.code === expected.code && d.range.start.line + 1 === expected.line)!;
          assert.ok(diagnostic);
          const hover = await client.hover(uri, diagnostic.range.start.line, diagnostic.range.start.character);
          assert.ok((hover?.contents as { value: string }).value.length > 50, 'a hover explains it');
          const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
          const own = actions.filter((a) => a.diagnostics?.some((d) => d.code === expected.code && d.range.start.line === diagnostic.range.start.line));
          if (!expected.fix) {
            assert.equal(own.length, 0);
            return;
          }
          assert.equal(own.length, 1);
          const action = own[0];
          assert.equal(action.kind, 'quickfix');
          assert.equal(action.isPreferred, true);
          const fixed = applyEdits(original, action.edit!.changes![uri]);
          const golden = path.join(TESTDATA, 'pitfalls', scenario.module, 'golden', `${path.basename(scenario.file, '.go')}.line${expected.line}.go.golden`);
          if (UPDATE_GOLDENS) {
            fs.mkdirSync(path.dirname(golden), { recursive: true });
            fs.writeFileSync(golden, fixed);
          }
          assert.equal(fixed, fs.readFileSync(golden, 'utf8'), 'the edited file equals the golden file');

          // The edited module still builds, is gofmt-clean, and re-analysis no longer reports this pitfall.
          const copy = fs.mkdtempSync(path.join(os.tmpdir(), `geh-fixed-${scenario.module}-`));
          fs.cpSync(dir, copy, { recursive: true });
          const fixedFile = path.join(copy, scenario.file);
          fs.writeFileSync(fixedFile, fixed);
          assert.equal(execFileSync(gofmt, ['-l', fixedFile], { encoding: 'utf8' }), '', 'gofmt-clean');
          const build = spawnSync('go', ['vet', './...'], { cwd: copy, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
          assert.equal(build.status, 0, build.stderr);
          const reanalysed = await analysed(fixedFile);
          const before = found.filter((d) => d.code === expected.code).length;
          const after = pitfallDiagnostics(reanalysed.diagnostics).filter((d) => d.code === expected.code).length;
          client.close(reanalysed.uri);
          assert.equal(after, before - 1, 'the finding is gone after re-analysis, the others stay');
          if (REMOVES_ALLOCATION.has(expected.code)) {
            // The heap facts the finding is about (inside its range) are gone: no heap fact of that subject remains.
            const inside = (f: { line: number; column: number | null }) =>
              f.line - 1 === diagnostic.range.start.line && f.column !== null && f.column - 1 >= diagnostic.range.start.character && f.column - 1 < diagnostic.range.end.character;
            const targeted = (await heapFacts(dir, scenario.file)).filter(inside); // the fixture files are ASCII: bytes are characters
            assert.ok(targeted.length > 0, 'the finding marks a heap fact');
            const remaining = await heapFacts(copy, scenario.file);
            for (const fact of targeted) {
              const count = (facts: { subject: string }[]) => facts.filter((f) => f.subject === fact.subject).length;
              assert.equal(count(remaining), count(await heapFacts(dir, scenario.file)) - 1, `"${fact.message}" is gone`);
            }
          }
        });
      }
    });
  }
});

describe('typed boxing fixes through the real server (types from the types helper)', () => {
  let client: TestLspClient;
  before(async () => {
    client = await TestLspClient.start({ settings: { debounceMs: 60_000, verifyFixes: false } });
  });
  after(() => client.stop());

  it('a method result and named types get their fix once the helper has answered; a String method never does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-typed-boxing-server-'));
    fs.cpSync(path.join(TESTDATA, 'typedfixes'), dir, { recursive: true });
    const file = path.join(dir, 'format.go');
    const original = fs.readFileSync(file, 'utf8');
    const lineOf = (text: string) => original.split('\n').findIndex((l) => l.includes(text));
    const labelled = lineOf('fmt.Sprintf("[%s] %v (%d)"');
    const level = lineOf('fmt.Sprintf("level %v #%d"');
    const uri = client.open(file);
    await client.waitForStatus(uri, (s) => s.state === 'ready', 'format.go analysed');
    const actionsOn = async (line: number): Promise<CodeAction[]> => {
      const diagnostics = pitfallDiagnostics(client.latestDiagnostics(uri)?.diagnostics ?? []).filter((d) => d.code === 'interface-boxing' && d.range.start.line === line);
      assert.ok(diagnostics.length > 0, `boxing reported on line ${line + 1}`);
      return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 200 } }, context: { diagnostics } });
    };
    // The typed findings are published after the build's: wait publication by publication (no sleeps).
    let fix: CodeAction | undefined;
    for (let seen = client.diagnostics.length; !fix; seen = client.diagnostics.length) {
      fix = (await actionsOn(labelled)).find((a) => a.kind === 'quickfix');
      if (!fix) await client.waitFor(() => client.diagnostics.length > seen || undefined, 'the typed findings');
    }
    const fixed = applyEdits(original, fix.edit!.changes![uri]);
    assert.equal(fixed.split('\n')[labelled + 1].trim(), 'return "[" + string(u.Label()) + "] " + strconv.Itoa(int(c)) + " (" + strconv.Itoa(n) + ")"');
    assert.deepEqual((await actionsOn(level)).filter((a) => a.kind === 'quickfix'), [], 'Level has a String method: no fix');
    const hover = await client.hover(uri, level, original.split('\n')[level].indexOf(', l,') + 2);
    assert.match((hover?.contents as { value: string }).value, /String` method/);
    client.close(uri);
  });
});

/** Sub-slices of a parameter: the caller owns the array, so a hover and a quick fix, no diagnostic, no hint. */
const QUIET: { module: string; file: string; line: number; title: RegExp }[] = [
  { module: 'subslice', file: 'slices.go', line: 5, title: /^Copy the sub-slice: bytes\.Clone\(packet\[:16\]\) \(an allocation of its own: worth it if the caller drops a large packet\)$/ },
  { module: 'subslice', file: 'slices.go', line: 10, title: /strings\.Clone\(line\[5:10\]\)/ },
  { module: 'subslice', file: 'slices.go', line: 15, title: /slices\.Clone\(xs\[:2\]\)/ },
  { module: 'subslice', file: 'slices.go', line: 22, title: /bytes\.Clone\(k\[:8\]\)/ },
  { module: 'subslice-old', file: 'slices.go', line: 5, title: /append\(\[\]byte\(nil\), packet\[:16\]\.\.\.\)/ },
  { module: 'subslice-old', file: 'slices.go', line: 10, title: /strings\.Clone\(line\[5:10\]\)/ },
];

describe('sub-slices of a parameter: the caller decides (hover and fix, no diagnostic)', () => {
  let client: TestLspClient;
  before(async () => {
    client = await TestLspClient.start({ settings: { debounceMs: 60_000, verifyFixes: false } });
  });
  after(() => client.stop());

  for (const quiet of QUIET) {
    it(`${quiet.module}/${quiet.file}:${quiet.line}: no diagnostic, a hover that leaves it to the caller, and the copy as the golden fix`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `geh-quiet-${quiet.module}-`));
      fs.cpSync(path.join(TESTDATA, 'pitfalls', quiet.module), dir, { recursive: true });
      const file = path.join(dir, quiet.file);
      const original = fs.readFileSync(file, 'utf8');
      const mark = client.statuses.length;
      const uri = client.open(file);
      await client.waitForStatus(uri, (s) => s.state === 'ready', `${quiet.file} analysed`, mark);
      const line = quiet.line - 1;
      const diagnostics = (client.latestDiagnostics(uri)?.diagnostics ?? []).filter((d) => d.code === 'sub-slice-pinning' && d.range.start.line === line);
      assert.deepEqual(diagnostics, [], 'no diagnostic');
      const character = original.split('\n')[line].indexOf('[') - 1;
      const hover = await client.hover(uri, line, character);
      assert.match((hover?.contents as { value: string }).value, /The caller decides/);
      const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line, character }, end: { line, character } }, context: { diagnostics: [] } });
      const own = actions.filter((a) => /^Copy the sub-slice/.test(a.title));
      assert.equal(own.length, 1);
      assert.match(own[0].title, quiet.title);
      const golden = path.join(TESTDATA, 'pitfalls', quiet.module, 'golden', `${path.basename(quiet.file, '.go')}.line${quiet.line}.quiet.go.golden`);
      const fixed = applyEdits(original, own[0].edit!.changes![uri]);
      if (UPDATE_GOLDENS) fs.writeFileSync(golden, fixed);
      assert.equal(fixed, fs.readFileSync(golden, 'utf8'), 'the edited file equals the golden file');
      client.close(uri);
    });
  }

  it('a large local buffer: the fix title states the trade', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-trade-'));
    fs.cpSync(path.join(TESTDATA, 'pitfalls', 'subslice'), dir, { recursive: true });
    const file = path.join(dir, 'slices.go');
    const mark = client.statuses.length;
    const uri = client.open(file);
    await client.waitForStatus(uri, (s) => s.state === 'ready', 'slices.go analysed', mark);
    const titleAt = async (line: number) => {
      const diagnostic = (client.latestDiagnostics(uri)?.diagnostics ?? []).find((d) => d.code === 'sub-slice-pinning' && d.range.start.line === line - 1);
      assert.ok(diagnostic, `a diagnostic on line ${line}`);
      const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      return actions.map((a) => a.title);
    };
    assert.deepEqual(await titleAt(77), ['Copy 16 bytes so the 64 KiB buffer can be freed']);
    assert.deepEqual(await titleAt(63), ['Copy `buf[:n]` so the 64 KiB buffer can be freed']);
    client.close(uri);
    const arrays = path.join(dir, 'arrays.go');
    const arraysMark = client.statuses.length;
    const arraysUri = client.open(arrays);
    await client.waitForStatus(arraysUri, (s) => s.state === 'ready', 'arrays.go analysed', arraysMark);
    const diagnostic = (client.latestDiagnostics(arraysUri)?.diagnostics ?? []).find((d) => d.code === 'sub-slice-pinning' && d.range.start.line === 13);
    assert.ok(diagnostic);
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: arraysUri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    assert.deepEqual(actions.map((a) => a.title), ['Copy 16 bytes so the 8 KiB buffer can be freed']);
    client.close(arraysUri);
  });
});
