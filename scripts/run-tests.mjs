// Runs the compiled tests (build/tsc/test/<tier>/**/*.test.js) with Node's test runner.
// Usage: node scripts/run-tests.mjs [tier...]   (tiers: unit, server; default: all)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const testRoot = path.join(root, 'build/tsc/test');
const tiers = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.test.js')) files.push(full);
  }
};
for (const tier of tiers.length ? tiers : ['unit', 'server']) {
  const dir = path.join(testRoot, tier);
  if (fs.existsSync(dir)) walk(dir);
}
if (files.length === 0) {
  console.error('no compiled tests found: run `tsc -b` first');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files.sort()], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
