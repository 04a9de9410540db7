import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../helpers/lspClient';
import { TESTDATA } from '../helpers/paths';

const FILE = path.join(TESTDATA, 'bounds', 'bounds.go');
const LINES = fs.readFileSync(FILE, 'utf8').split('\n');
const lineOf = (needle: string) => LINES.findIndex((l) => l.includes(needle));
const checks = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.code === 'bounds-check' || d.code === 'nil-check');
const textOf = (d: Diagnostic) => LINES[d.range.start.line].slice(d.range.start.character, d.range.end.character);

describe('bounds and nil checks through the real server', () => {
  let client: TestLspClient;
  let uri: string;
  before(async () => {
    client = await TestLspClient.start({ settings: { structLayout: { enabled: false } } });
    uri = client.open(FILE);
  });
  after(() => client.stop());

  it('marks the checks kept inside loops as quiet hints, and not the one outside a loop or those the compiler removed', async () => {
    const published = await client.waitForDiagnostics(uri, (d) => checks(d).length > 0, 'bounds-check hints');
    const found = checks(published.diagnostics);
    assert.deepEqual(found.map((d) => [d.range.start.line, textOf(d), d.severity]).sort((a, b) => Number(a[0]) - Number(b[0])), [
      [lineOf('total += xs[i+1]'), 'xs[i+1]', DiagnosticSeverity.Hint],
      [lineOf('count += len(xs[i:n])'), 'xs[i:n]', DiagnosticSeverity.Hint],
      [lineOf('out[i] = &p.a[5]'), 'out[i]', DiagnosticSeverity.Hint],
    ]);
    // Nil checks are off by default (-d=nil is not passed), and xs[0] in First is outside any loop.
    assert.ok(!found.some((d) => d.range.start.line === lineOf('return xs[0]')));
  });

  it('explains the check and the ways to remove it on hover', async () => {
    const line = lineOf('total += xs[i+1]');
    const hover = await client.hover(uri, line, LINES[line].indexOf('xs[i+1]') + 3);
    const text = (hover?.contents as { value: string }).value;
    assert.match(text, /check the length once before the loop.*re-slice to a known length/);
    // What the check is, the editor shows from the diagnostic beside the hover.
    const diagnostic = checks(client.latestDiagnostics(uri)!.diagnostics).find((d) => d.range.start.line === line)!;
    assert.match(diagnostic.message, /could not prove this index is within the length.*on every iteration of the loop/);
  });

  it('adds nil checks, and checks outside loops, when the settings ask', async () => {
    client.configurationChanged({ structLayout: { enabled: false }, nilChecks: { enabled: true }, boundsChecks: { outsideLoops: true } });
    const published = await client.waitForDiagnostics(uri, (d) => checks(d).some((x) => x.code === 'nil-check'), 'nil-check hints');
    const found = checks(published.diagnostics);
    assert.deepEqual(found.filter((d) => d.code === 'nil-check').map(textOf), ['p.a']);
    assert.ok(found.some((d) => d.range.start.line === lineOf('return xs[0]') && textOf(d) === 'xs[0]'));
  });
});
