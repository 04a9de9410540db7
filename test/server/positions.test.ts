import assert from 'node:assert/strict';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, InlayHint } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../helpers/lspClient';
import { copyFixture } from '../helpers/paths';

function label(hint: InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

describe('language server: exact columns and the order of diagnostics', () => {
  let client: TestLspClient;
  before(async () => {
    client = await TestLspClient.start({ settings: { debounceMs: 60_000 } });
  });
  after(() => client.stop());

  async function analysed(fixture: string, fileName: string, what: (d: Diagnostic[]) => boolean): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = client.open(path.join(copyFixture(fixture), fileName));
    const published = await client.waitForDiagnostics(uri, what, `diagnostics of ${fixture}/${fileName}`);
    return { uri, diagnostics: published.diagnostics };
  }

  describe('test/testdata/unicode: allocations after 世, ✓ and — on their line', () => {
    let uri: string;
    let diagnostics: Diagnostic[];
    before(async () => {
      ({ uri, diagnostics } = await analysed('unicode', 'unicode.go', (d) => d.some((x) => x.message.startsWith('moved to heap: t'))));
    });
    const find = (prefix: string) => {
      const found = diagnostics.filter((d) => d.message.startsWith(prefix));
      assert.equal(found.length, 1, prefix);
      return found[0];
    };

    it('publishes each diagnostic at the exact UTF-16 columns', () => {
      assert.deepEqual(find('make([]int, n) escapes to heap').range, range(6, 50, 64));
      assert.deepEqual(find('moved to heap: v').range, range(9, 29, 30));
      assert.deepEqual(find('moved to heap: t').range, range(12, 43, 44));
      assert.deepEqual(find('s + "✓" escapes to heap').range, range(12, 48, 55));
    });

    it('points the related information of a step at its exact column', () => {
      const v = find('moved to heap: v');
      const step = v.relatedInformation?.find((r) => r.message === 'from &v (address-of)');
      assert.ok(step, 'the address-of step');
      assert.deepEqual(step.location.range, range(9, 44, 45));
    });

    it('puts each inlay hint right after its node', async () => {
      const hints = await client.inlayHints(uri);
      const at = (line: number, character: number) => hints.filter((h) => h.position.line === line && h.position.character === character).map(label);
      assert.deepEqual(at(6, 64), ['↑heap']);
      assert.deepEqual(at(9, 30), ['· ↑heap']);
      // Two facts on one line merge into one label at its end: the line's length in UTF-16 units (🎉 counts two).
      const mixed = 'func Mixed() *string { s := "—"; /* 🎉世 */ t := s + "✓"; return &t }';
      assert.deepEqual(at(12, mixed.length), ['↑heap: t, s + "✓"']);
    });
  });

  describe('test/testdata/loops: an allocation in a loop below a plain one', () => {
    let diagnostics: Diagnostic[];
    before(async () => {
      ({ diagnostics } = await analysed('loops', 'loops.go', (d) => d.some((x) => x.message.startsWith('moved to heap: v'))));
    });

    it('lists what allocates on every iteration first', () => {
      const heap = diagnostics.filter((d) => d.code === 'moved-to-heap' || d.code === 'escapes-to-heap');
      const order = heap.map((d) => `${d.code}@${d.range.start.line + 1}`);
      const inLoop = heap.map((d) => /every iteration of the loop|in a loop, append grows/.test(d.message));
      assert.deepEqual(
        heap.filter((_, i) => inLoop[i]).map((d) => d.range.start.line + 1).sort(),
        [15, 16],
        `the loop's facts are marked: ${order.join(', ')}`,
      );
      const firstPlain = inLoop.indexOf(false);
      assert.ok(firstPlain > 0, `a loop fact comes first: ${order.join(', ')}`);
      assert.ok(inLoop.slice(firstPlain).every((x) => !x), `no loop fact after a plain one: ${order.join(', ')}`);
      const v = heap.findIndex((d) => d.message.startsWith('moved to heap: v'));
      const x = heap.findIndex((d) => d.message.startsWith('moved to heap: x'));
      assert.ok(v >= 0 && x >= 0 && v < x, `moved to heap: v (line 15, in the loop) before x (line 7): ${order.join(', ')}`);
    });

    it('keeps the plain facts in line order after them', () => {
      const plain = diagnostics.filter((d) => (d.code === 'moved-to-heap' || d.code === 'escapes-to-heap') && !/every iteration|in a loop, append grows/.test(d.message));
      const lines = plain.map((d) => d.range.start.line);
      assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
    });
  });
});
