// Bundles the client, the server and the CLI with esbuild and puts the .wasm files beside them.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url, which a CJS bundle lacks: use its CJS build.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

const entries = [
  { in: 'server/src/server.ts', out: 'server/out/server.js' },
  { in: 'server/src/cli.ts', out: 'server/out/cli.js' },
  { in: 'server/src/profile/profileWorker.ts', out: 'server/out/profileWorker.js' },
  { in: 'client/src/extension.ts', out: 'client/out/extension.js', external: ['vscode'] },
].filter((e) => fs.existsSync(path.join(root, e.in)));

await Promise.all(
  entries.map((e) =>
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, e.in)],
      outfile: path.join(root, e.out),
      external: e.external ?? [],
    }),
  ),
);

const wasmFiles = [
  require.resolve('web-tree-sitter/tree-sitter.wasm'),
  require.resolve('tree-sitter-go/tree-sitter-go.wasm'),
];
for (const wasm of wasmFiles) fs.copyFileSync(wasm, path.join(root, 'server/out', path.basename(wasm)));
fs.chmodSync(path.join(root, 'server/out/cli.js'), 0o755);
// The types helper ships as Go source (built on the user's machine with their go): copy it beside the bundle.
const helperOut = path.join(root, 'server/out/gohelper');
fs.rmSync(helperOut, { recursive: true, force: true });
fs.mkdirSync(helperOut, { recursive: true });
for (const name of fs.readdirSync(path.join(root, 'server/gohelper'))) {
  if (name === 'go.mod' || (name.endsWith('.go') && !name.endsWith('_test.go'))) fs.copyFileSync(path.join(root, 'server/gohelper', name), path.join(helperOut, name));
}
console.log(`built ${entries.map((e) => e.out).join(', ')} + ${wasmFiles.length} wasm files`);
