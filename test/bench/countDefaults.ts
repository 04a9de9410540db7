/**
 * What a user sees by default in one file: inlay hints and diagnostics by severity, through the real
 * language server (after the whole-package review, which leak hints depend on). Hand-run for the
 * BENCHMARKS.md section on defaults:
 *   node build/tsc/test/bench/countDefaults.js $(go env GOROOT)/src/encoding/json/decode.go …
 * SERVER_JS=path/to/server.js measures another build of the server (with NO_REVIEW=1 for one from
 * before the whole-package review).
 */
import * as paths from '../helpers/paths';
import { TestLspClient } from '../helpers/lspClient';
import { ALLOCATIONS_CHANGED_NOTIFICATION } from '../../server/src/shared/protocol';

async function count(file: string): Promise<Record<string, unknown>> {
  const client = await TestLspClient.start();
  try {
    let reviewed: () => void = () => undefined;
    const review = new Promise<void>((resolve) => (reviewed = resolve));
    client.connection.onNotification(ALLOCATIONS_CHANGED_NOTIFICATION, () => reviewed());
    const uri = client.open(file);
    await client.waitForStatus(uri, (s) => s.state === 'ready', `${file} analysed`);
    // Leak hints wait for the whole-package review; a server from before it has none (NO_REVIEW=1).
    if (!process.env.NO_REVIEW) await review;
    const hints = await client.inlayHints(uri);
    const diagnostics = client.latestDiagnostics(uri)?.diagnostics ?? [];
    const bySeverity = [0, 0, 0, 0, 0];
    for (const d of diagnostics) bySeverity[d.severity ?? 1]++;
    return {
      file: file.split('/').slice(-2).join('/'),
      hints: hints.length,
      problemsPanel: bySeverity[1] + bySeverity[2] + bySeverity[3],
      warnings: bySeverity[2],
      information: bySeverity[3],
      hintSeverity: bySeverity[4],
    };
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  if (process.env.SERVER_JS) (paths as { SERVER: string }).SERVER = process.env.SERVER_JS;
  for (const file of process.argv.slice(2)) console.log(JSON.stringify(await count(file)));
}

void main();
