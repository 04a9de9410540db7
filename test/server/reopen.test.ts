import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { currentGo } from '../helpers/goToolchains';
import { TestLspClient } from '../helpers/lspClient';
import { copyFixture } from '../helpers/paths';

/**
 * A `go` that holds every `go build` until the test creates `release` in `holdDir`: the test decides
 * when a build ends, without timing anything. Other commands (`version`, `env`, `list`) run at once.
 */
function holdingGo(holdDir: string, realGo: string): string {
  const script = path.join(holdDir, 'go');
  fs.writeFileSync(
    script,
    `#!/bin/sh
if [ "$1" = build ]; then
  : > '${holdDir}/started'
  while [ ! -e '${holdDir}/release' ]; do sleep 0.02; done
fi
exec '${realGo}' "$@"
`,
  );
  fs.chmodSync(script, 0o755);
  return script;
}

describe('language server: a document closed and reopened with other text while its build runs', () => {
  it('never publishes the old text\'s facts for the reopened document', async () => {
    const dir = copyFixture('escapes');
    const file = path.join(dir, 'escapes.go');
    const oldText = fs.readFileSync(file, 'utf8');
    const newText = `${oldText}\n// Reopened is only in the text the document is reopened with.\nfunc Reopened() *int { r := 1; return &r }\n`;
    const holdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-hold-'));
    const goPath = holdingGo(holdDir, (await currentGo()).goPath);
    const client = await TestLspClient.start({ settings: { goPath, debounceMs: 50 } });

    // Configuration answers can be held too: while held, the reopened document's analysis waits for its settings.
    let holdConfiguration = false;
    let releaseConfiguration: (() => void) | undefined;
    let configurationHeld!: () => void;
    const configurationRequested = new Promise<void>((resolve) => (configurationHeld = resolve));
    const answer = (items: { section?: string }[]) => items.map((item) => (item.section === 'go' ? {} : client.settings));
    client.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      if (!holdConfiguration) return answer(params.items);
      return new Promise((resolve) => {
        releaseConfiguration = () => resolve(answer(params.items));
        configurationHeld();
      });
    });

    try {
      const uri = client.open(file);
      await client.waitForStatus(uri, (s) => s.state === 'analysing', 'the build of the old text');

      // The settings change: the server asks for them again and gets no answer yet.
      holdConfiguration = true;
      client.configurationChanged(client.settings);
      await configurationRequested;

      client.close(uri);
      const reopenedAt = client.diagnostics.length;
      client.open(file, newText);
      await client.stats(); // answered in order: the server has the reopened document

      // The old text's build ends now, while the reopened document waits for its settings.
      const logsBefore = client.logs.length;
      fs.writeFileSync(path.join(holdDir, 'release'), '');
      await client.waitFor(() => client.logs.slice(logsBefore).some((l) => l.startsWith('analysed ')), 'the old text\'s build to end');
      const statusesAfterBuild = client.statuses.length;
      await client.waitForStatus(uri, () => true, 'the status after that build', statusesAfterBuild);

      releaseConfiguration!();
      const published = await client.waitForDiagnostics(uri, (d, v) => v === 1 && d.some((x) => x.message.startsWith('moved to heap: r')), 'the reopened text\'s facts');
      assert.ok(published.diagnostics.some((d) => d.message.startsWith('moved to heap: p')), 'the facts the two texts share');

      const forReopened = client.diagnostics.slice(reopenedAt).filter((d) => d.uri === uri && d.version !== undefined);
      for (const publish of forReopened) {
        assert.ok(
          publish.diagnostics.length === 0 || publish.diagnostics.some((d) => d.message.startsWith('moved to heap: r')),
          `a publish for version ${publish.version} without the reopened text's fact (the old text's facts): ${publish.diagnostics.map((d) => d.message.split(':')[0]).join(' | ')}`,
        );
      }
    } finally {
      fs.writeFileSync(path.join(holdDir, 'release'), ''); // no held go is left waiting, whatever happened
      await client.stop();
    }
  });
});
