import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/paths';

/** Where test/e2e/setup-code-server.sh installs code-server (outside the repository: scripts/tools.mjs). */
export const CODE_SERVER_ENTRY = execFileSync(process.execPath, ['--input-type=module', '-e', 'import { codeServerEntry } from "./scripts/tools.mjs"; console.log(codeServerEntry())'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
export const VSIX = path.join(REPO_ROOT, 'go-escape-hints.vsix');

export interface CodeServer {
  url: string;
  process: ChildProcess;
  userDataDir: string;
  settingsFile: string;
  /** Machine-scoped settings of the code-server "remote" (where `goEscapeHints.goPath` is read). */
  machineSettingsFile: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Fails fast with the command that fixes it, instead of a timeout deep in a test. */
export function assertInstalled(): void {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed: run bash test/e2e/setup-code-server.sh (${CODE_SERVER_ENTRY} is missing)`);
  if (!fs.existsSync(VSIX)) throw new Error('go-escape-hints.vsix is missing: run npm run package');
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('Chromium is missing: run bash test/e2e/setup-code-server.sh');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Installs the packaged extension into fresh dirs and serves VS Code for `workspace`. */
export async function startCodeServer(workspace: string, settings: Record<string, unknown>, port?: number): Promise<CodeServer> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-code-server-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const dirs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const install = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...dirs, '--install-extension', VSIX], { encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stdout}\n${install.stderr}`);
  const listenPort = port ?? (await freePort());
  const output: string[] = [];
  const child = spawn(
    process.execPath,
    [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${listenPort}`, ...dirs, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace],
    { env: { ...process.env, GOTOOLCHAIN: 'local' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${listenPort}/?folder=${encodeURIComponent(workspace)}`;
  await waitForHttp(`http://127.0.0.1:${listenPort}/healthz`, 60_000, () => output.join(''));
  return {
    url,
    process: child,
    userDataDir,
    settingsFile,
    machineSettingsFile: path.join(userDataDir, 'Machine', 'settings.json'),
    log: () => output.join(''),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

function waitForHttp(url: string, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const request = http.get(url, (response) => {
        response.resume();
        if (response.statusCode && response.statusCode < 500) resolve();
        else retry();
      });
      request.on('error', retry);
    };
    const retry = () => {
      if (Date.now() > deadline) reject(new Error(`code-server did not answer at ${url}:\n${log()}`));
      else setTimeout(attempt, 100);
    };
    attempt();
  });
}
