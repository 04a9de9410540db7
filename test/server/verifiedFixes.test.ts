import assert from 'node:assert/strict';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../helpers/lspClient';
import { TESTDATA } from '../helpers/paths';
import * as fs from 'fs';
import * as os from 'os';

describe('fixes proven by the compiler, through the real server', () => {
  let client: TestLspClient;
  let uri: string;
  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-verify-'));
    fs.cpSync(path.join(TESTDATA, 'pitfalls', 'boxing'), dir, { recursive: true });
    client = await TestLspClient.start({ settings: { structLayout: { enabled: false } } });
    uri = client.open(path.join(dir, 'format.go'));
  });
  after(() => client.stop());

  /** The quick-fix titles of the interface-boxing finding on a 1-based line. */
  async function titlesOn(line: number): Promise<string[] | undefined> {
    const diagnostic = client.latestDiagnostics(uri)?.diagnostics.find((d: Diagnostic) => d.code === 'interface-boxing' && d.range.start.line === line - 1);
    if (!diagnostic) return undefined;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    return actions.map((a) => a.title);
  }

  it('says in the title how many heap allocations the compiler saw the fix remove', async () => {
    // The verification build follows the analysis: ask again after each publication until its titles are in.
    let titles: string[] | undefined;
    for (;;) {
      titles = await titlesOn(12);
      if (titles?.some((t) => t.includes('heap allocation'))) break;
      const seen = client.diagnostics.length;
      await client.waitFor(() => client.diagnostics.length > seen, 'the verified fixes');
    }
    assert.deepEqual(titles, ['Use strconv.Itoa(id) (no interface, no box) (removes 1 heap allocation)']);
    // A fix overlapping a verified one (both add the strconv import) is left as it was: one build per analysis.
    assert.deepEqual(await titlesOn(24), ['Use strconv.FormatInt(x, 16) (no interface, no box)']);
  });
});
