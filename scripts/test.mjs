// `npm test`: on any clone, install what is missing, build, type-check, and run every test tier —
// unit, server (LSP over stdio), e2e (real VS Code: code-server + headless Chromium) and fresh (the
// README's commands on a fresh clone) — then print one summary. A tier or test that cannot run here is
// listed as skipped, by name; under CI (CI=true) a tier that cannot run is a failure.
// Usage: npm test [-- tier...]
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { checkNode, ensureNodeModules, ROOT, run } from './bootstrap.mjs';
import { runNodeTests, testFiles } from './run-tests.mjs';

const ALL_TIERS = ['unit', 'server', 'e2e', 'fresh'];
const requested = process.argv.slice(2);
const unknown = requested.filter((t) => !ALL_TIERS.includes(t));
if (unknown.length) {
  console.error(`unknown tier ${unknown.join(', ')}: the tiers are ${ALL_TIERS.join(', ')}`);
  process.exit(2);
}
const tiers = requested.length ? requested : ALL_TIERS;
const ci = !!process.env.CI;

checkNode();
ensureNodeModules();
console.log('== build and type-check');
run(process.execPath, ['scripts/build.mjs']);
run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b']);

const rows = [];
const skippedNames = [];
let broken = false;

/** What keeps a tier from running here, or undefined when it can run. */
function prepare(tier) {
  if (tier === 'e2e') {
    console.log('\n== e2e: package the extension, install code-server and Chromium');
    if (spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) return 'packaging the .vsix failed (see above)';
    if (spawnSync('bash', ['test/e2e/setup-code-server.sh'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) return 'code-server or Chromium could not be installed (see above; it needs root for apt-get)';
  }
  if (tier === 'fresh' && process.env.GO_ESCAPE_HINTS_INSIDE_FRESH_CLONE) return 'this run is itself the fresh clone under test';
  return undefined;
}

const groups = tiers.includes('unit') && tiers.includes('server') ? [['unit', 'server'], ...tiers.filter((t) => t !== 'unit' && t !== 'server').map((t) => [t])] : tiers.map((t) => [t]);
for (const group of groups) {
  const name = group.join('+');
  const reason = group.map(prepare).find(Boolean);
  if (reason) {
    // The fresh tier does not run inside its own fresh clone; any other tier that cannot run fails CI.
    const fails = ci && group[0] !== 'fresh';
    if (fails) broken = true;
    rows.push(`${name}: ${fails ? 'FAILED to run' : 'skipped'}: ${reason}`);
    continue;
  }
  const files = group.flatMap(testFiles);
  if (files.length === 0) {
    broken = true;
    rows.push(`${name}: no compiled tests found`);
    continue;
  }
  console.log(`\n== ${name} tests`);
  const result = await runNodeTests(files, { concurrency: group[0] === 'unit' ? 2 : 1 });
  if (result.exitCode !== 0) broken = true;
  rows.push({ name, ...result });
  skippedNames.push(...result.skippedNames.map((n) => `${name}: ${n}`));
}

// Compatibility tests on older Go run only where that Go is installed; say which did not.
const require = createRequire(import.meta.url);
const helpers = path.join(ROOT, 'build/tsc/test/helpers/goToolchains.js');
const missingGo = fs.existsSync(helpers) ? require(helpers).OLDER_GO_BINARIES.filter((bin) => !fs.existsSync(bin)) : [];

console.log('\n== summary');
let passed = 0, failed = 0, skipped = 0;
for (const row of rows) {
  if (typeof row === 'string') {
    console.log(row);
    continue;
  }
  passed += row.passed;
  failed += row.failed;
  skipped += row.skipped;
  console.log(`${row.name}: ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped${row.exitCode !== 0 && row.failed === 0 ? ' (the runner failed: see above)' : ''}`);
}
for (const bin of missingGo) console.log(`skipped: compatibility tests on ${bin} (not installed; bash .ci/install-older-go.sh installs it)`);
for (const name of skippedNames) console.log(`skipped test: ${name}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(broken || failed > 0 ? 1 : 0);
