// The first step of `npm start` and `npm test` on any clone: check Node, and install the npm packages
// when they are missing or were installed from another package-lock.json. Dependency-free on purpose:
// it runs before anything is installed.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MIN_NODE_MAJOR = 20;
const STAMP = path.join(ROOT, 'node_modules', '.go-escape-hints-lock-hash');

export function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    console.error(`Go Escape Hints needs Node.js ${MIN_NODE_MAJOR} or newer (the packaging and end-to-end tools do); this is ${process.version}.`);
    process.exit(1);
  }
}

function lockHash() {
  return createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'package-lock.json'))).digest('hex');
}

/** Runs `npm ci` unless node_modules was installed from exactly this package-lock.json. */
export function ensureNodeModules() {
  const wanted = lockHash();
  const installed = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : undefined;
  if (installed === wanted && fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'))) return;
  console.log(installed ? '== package-lock.json changed: reinstalling npm packages' : '== installing npm packages (npm ci)');
  // No package needs its install scripts: esbuild ships its binary in a package, tree-sitter-go's .wasm is in its tarball.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed (see above): the npm registry must be reachable for the first run.');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(STAMP, wanted + '\n');
}

/** Runs a command in the repository, streaming its output; exits with its status when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    if (result.error) console.error(`${command}: ${result.error.message}`);
    process.exit(result.status ?? 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  checkNode();
  ensureNodeModules();
}
