import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { CodeAction, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { currentGo, goroot } from '../helpers/goToolchains';
import { descendantsOf, TestLspClient } from '../helpers/lspClient';
import { copyFixture } from '../helpers/paths';
import { compilerSizes } from '../helpers/structSizes';
import { applyEdits } from '../helpers/textEdits';

const padding = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.code === 'struct-padding');

/** The hover's table rows: field → [offset, size, padding]. */
function tableRows(markdown: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const match of markdown.matchAll(/^\| `([^`]+)` \| `[^`]*` \| (\d+) \| (\d+) \| (\d*) \|$/gm)) {
    rows.set(match[1].replace(' (embedded)', ''), [Number(match[2]), Number(match[3]), Number(match[4] || 0)]);
  }
  return rows;
}

describe('struct layouts through the real server', () => {
  let client: TestLspClient;
  let dir: string;
  let file: string;
  let uri: string;
  let found: Diagnostic[];
  before(async () => {
    dir = copyFixture('layout');
    file = path.join(dir, 'layout.go');
    // The helper is built into the OS cache directory unless the editor gives storage: keep it out of $HOME.
    const cache = path.join(os.tmpdir(), 'geh-types-helper-test-xdg');
    client = await TestLspClient.start({ env: { ...process.env, GOTOOLCHAIN: 'local', XDG_CACHE_HOME: cache } });
    uri = client.open(file);
    // The first analysis also builds the helper with this go: allow for a cold build cache on a busy machine.
    found = await client.waitFor(() => { const d = client.latestDiagnostics(uri); return d && padding(d.diagnostics).length > 0 && padding(d.diagnostics); }, 'the struct-padding hint', 300_000);
  });
  after(() => client.stop());

  it('hints only Padded: structs in their best order or that must keep their layout get nothing', () => {
    assert.deepEqual(
      found.map((d) => [d.range, d.severity]),
      [[{ start: { line: 9, character: 5 }, end: { line: 9, character: 11 } }, DiagnosticSeverity.Hint]],
    );
    assert.match(found[0].message, /struct Padded takes 56 bytes; ordered to minimise padding it takes 40 bytes/);
  });

  it('shows on hover exactly the sizes and offsets unsafe.Sizeof and unsafe.Offsetof report', async () => {
    const hover = await client.hover(uri, 9, 7);
    const markdown = (hover?.contents as { value: string }).value;
    const real = compilerSizes(await currentGo(), dir, [{ name: 'Padded', fields: ['Ready', 'Count', 'Mutex', 'Done', 'Name', 'Small'].map((name) => ({ name })) }]).Padded;
    assert.match(markdown, new RegExp(`^\\*\\*struct Padded\\*\\*: ${real.size} bytes, align ${real.align} \\(`));
    const rows = tableRows(markdown);
    assert.deepEqual([...rows.keys()], ['Ready', 'Count', 'Mutex', 'Done', 'Name', 'Small']);
    for (const [name, [offset]] of rows) assert.equal(offset, real.offsets[name], name);
    // Each field's padding is the gap to the next field's real offset (or to the real size).
    const offsets = [...rows.values()];
    offsets.forEach(([offset, size, pad], i) => assert.equal(offset + size + pad, i + 1 < offsets.length ? offsets[i + 1][0] : real.size));
  });

  it('quick-fixes Padded into a gofmt-clean struct that builds and takes the promised 40 bytes; the hint then goes away', async () => {
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: found[0].range, context: { diagnostics: found } });
    const reorder = actions.filter((a) => a.diagnostics?.some((d) => d.code === 'struct-padding'));
    assert.equal(reorder.length, 1);
    assert.equal(reorder[0].title, 'Reorder the fields of Padded (56 bytes → 40 bytes)');
    const fixed = applyEdits(fs.readFileSync(file, 'utf8'), reorder[0].edit!.changes![uri]);
    fs.writeFileSync(file, fixed);
    const go = await currentGo();
    assert.equal(execFileSync(path.join(goroot(go), 'bin', 'gofmt'), ['-l', file], { encoding: 'utf8' }), '');
    assert.equal(compilerSizes(go, dir, [{ name: 'Padded', fields: [] }]).Padded.size, 40);

    const mark = client.statuses.length;
    const version = client.change(uri, [{ text: fixed }]);
    client.save(uri);
    await client.waitForStatus(uri, (s) => s.state === 'ready', 'the fixed text analysed', mark);
    // The layouts follow the facts: ask again after each message until the hover describes the new text.
    for (;;) {
      const hover = await client.hover(uri, 9, 7);
      if (hover && (hover.contents as { value: string }).value.startsWith('**struct Padded**: 40 bytes')) break;
      const seen = client.diagnostics.length;
      await client.waitFor(() => client.diagnostics.length > seen, 'the layouts of the fixed text');
    }
    const latest = client.latestDiagnostics(uri)!;
    assert.equal(latest.version, version);
    assert.deepEqual(padding(latest.diagnostics), []);
    // The helper's run has ended with its answer: nothing is left running.
    assert.equal((await client.stats()).processesRunning, 0);
    assert.deepEqual(descendantsOf(client.process.pid!), []);
  });
});
