// `npm start`: build and package the extension, install it into code-server (real VS Code in the
// browser), and serve VS Code on http://127.0.0.1:PORT with the example Go project open.
// The example is copied once into .tools/playground, so your edits there survive the next start.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const port = Number(process.env.PORT ?? 8080);
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('npm', ['run', 'package']);
run('bash', ['test/e2e/setup-code-server.sh']);

const playground = path.join(root, '.tools/playground/allocations');
if (!fs.existsSync(playground)) fs.cpSync(path.join(root, 'examples/allocations'), playground, { recursive: true });
const data = path.join(root, '.tools/code-server-data');
const userSettings = path.join(data, 'user-data/User/settings.json');
if (!fs.existsSync(userSettings)) {
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(userSettings, JSON.stringify({ 'workbench.startupEditor': 'none', 'editor.inlayHints.enabled': 'on', 'telemetry.telemetryLevel': 'off' }, null, 2));
}
const entry = path.join(root, '.tools/code-server/node_modules/code-server/out/node/entry.js');
const dirs = ['--user-data-dir', path.join(data, 'user-data'), '--extensions-dir', path.join(data, 'extensions')];
run(process.execPath, [entry, ...dirs, '--install-extension', path.join(root, 'go-escape-hints.vsix'), '--force']);

const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(playground)}`;
console.log(`\nGo Escape Hints in VS Code: ${url}\n(open allocations.go; Ctrl+C stops)\n`);
const server = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...dirs, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', playground], { stdio: 'inherit' });
process.on('SIGINT', () => server.kill('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));
