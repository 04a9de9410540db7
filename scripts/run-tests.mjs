// Runs compiled test tiers (build/tsc/test/<tier>/**/*.test.js) with Node's test runner, without
// building first: the quick loop while developing. `npm test` (scripts/test.mjs) builds and runs them all.
// Usage: node scripts/run-tests.mjs [tier...]   (tiers: unit, server, e2e, fresh; default: unit server)
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const testRoot = path.join(root, 'build/tsc/test');

export function testFiles(tier) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.js')) files.push(full);
    }
  };
  const dir = path.join(testRoot, tier);
  if (fs.existsSync(dir)) walk(dir);
  return files.sort();
}

/**
 * Runs test files, streaming the spec reporter's output, and returns the runner's own counts and the
 * names of skipped tests (so a summary can list them).
 */
export function runNodeTests(files, { concurrency = 2, env = process.env } = {}) {
  // Started from inside a test (the fresh-clone tier), Node would report to that test's runner
  // instead of printing: NODE_TEST_CONTEXT must not leak into a run of our own.
  const { NODE_TEST_CONTEXT: _inherited, ...ownEnv } = env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-force-exit', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files], { cwd: root, env: ownEnv, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk;
    });
    child.on('close', (code) => {
      const count = (name) => Number(text.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
      const skippedNames = text.split('\n').filter((line) => /^\s*﹣ /.test(line)).map((line) => line.trim().replace(/^﹣ /, ''));
      resolve({ exitCode: code ?? 1, tests: count('tests'), passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped'), skippedNames });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tiers = process.argv.slice(2);
  const files = (tiers.length ? tiers : ['unit', 'server']).flatMap(testFiles);
  if (files.length === 0) {
    console.error('no compiled tests found: run `npx tsc -b` first');
    process.exit(1);
  }
  const result = await runNodeTests(files);
  process.exit(result.exitCode);
}
