// `npm start`: install what is missing, build and package the extension, install it into code-server
// (real VS Code in the browser), and serve VS Code on http://127.0.0.1:PORT with the example Go project.
// The example is copied once into a playground outside this repository (scripts/tools.mjs says where),
// so your edits there survive the next start; `npm start -- --reset` copies it afresh.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkNode, ensureNodeModules, ROOT, run } from './bootstrap.mjs';
import { codeServerDataDir, codeServerEntry, playgroundDir } from './tools.mjs';

checkNode();
ensureNodeModules();
const port = Number(process.env.PORT ?? 8080);
const reset = process.argv.includes('--reset');

run('npm', ['run', 'package']);
run('bash', ['test/e2e/setup-code-server.sh']);

const playground = playgroundDir();
if (reset) fs.rmSync(playground, { recursive: true, force: true });
if (!fs.existsSync(playground)) {
  fs.mkdirSync(path.dirname(playground), { recursive: true });
  fs.cpSync(path.join(ROOT, 'examples/allocations'), playground, { recursive: true });
  console.log(`playground: copied examples/allocations to ${playground}`);
}
const data = codeServerDataDir();
const userSettings = path.join(data, 'user-data/User/settings.json');
if (!fs.existsSync(userSettings)) {
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(userSettings, JSON.stringify({ 'workbench.startupEditor': 'none', 'editor.inlayHints.enabled': 'on', 'telemetry.telemetryLevel': 'off' }, null, 2));
}
const entry = codeServerEntry();
const dirs = ['--user-data-dir', path.join(data, 'user-data'), '--extensions-dir', path.join(data, 'extensions')];
run(process.execPath, [entry, ...dirs, '--install-extension', path.join(ROOT, 'go-escape-hints.vsix'), '--force']);

const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(playground)}`;
console.log(`\nGo Escape Hints in VS Code: ${url}\n(open allocations.go; Ctrl+C stops; npm start -- --reset restores the example)\n`);
const server = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...dirs, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', playground], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));
