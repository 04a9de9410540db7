import * as path from 'path';
import { runTests } from '@vscode/test-electron';

/**
 * `npm run test:vscode`: the extension-host suite in a downloaded VS Code (machines that can reach
 * VS Code's update server). Where downloads are impossible it fails at once with the reason; the
 * end-to-end suite (`npm run test:e2e`, code-server) covers the same ground offline.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../../..');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.resolve(__dirname, 'suite/index'),
      launchArgs: [path.join(root, 'examples/allocations'), '--disable-extensions'],
      timeout: 30_000,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`test:vscode could not run VS Code: ${message}\nThis suite needs to download VS Code (update.code.visualstudio.com); offline, use npm run test:e2e.`);
    process.exit(1);
  }
}

void main();
