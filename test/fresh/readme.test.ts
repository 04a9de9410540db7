import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../e2e/codeServer';
import { REPO_ROOT } from '../helpers/paths';

/**
 * The newcomer's path: a fresh clone of the committed repository, and the README's first two commands
 * run there exactly as written, with nothing installed beforehand.
 */

/** The commands of the README's first code block, without their comments. */
function readmeCommands(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README.md starts with a sh code block of commands');
  return block[1].split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
}

/** The environment of a newcomer's shell: not this test runner's (NODE_TEST_CONTEXT would capture the inner runs). */
function newcomerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _runner, ...env } = process.env;
  return { ...env, ...extra };
}

function commandLine(words: string, extra: string[] = []): [string, string[]] {
  const [command, ...args] = words.split(/\s+/);
  return [command, [...args, ...extra]];
}

/** Waits for `pattern` in a child's output; rejects when the child exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, output: string[]): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output.join(''));
      if (match) resolve(match);
    };
    child.stdout!.on('data', (d) => { output.push(String(d)); check(); });
    child.stderr!.on('data', (d) => output.push(String(d)));
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}:\n${output.join('').slice(-4000)}`)));
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => http.get(url, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject));
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { resolve(); }
  });
}

describe('a fresh clone, the README\'s commands', { timeout: 3_600_000 }, () => {
  let clone: string;
  const commands = readmeCommands();
  const startCommand = commands.find((c) => c.startsWith('npm start'));
  const testCommand = commands.find((c) => c.startsWith('npm test'));

  before(() => {
    clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'geh-fresh-')), 'go-escape-hints');
    const cloned = spawnSync('git', ['clone', '--quiet', REPO_ROOT, clone], { encoding: 'utf8' });
    assert.equal(cloned.status, 0, cloned.stderr);
    const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim();
    if (dirty) console.log(`note: the fresh clone has the committed HEAD; uncommitted changes are not in it:\n${dirty}`);
  });

  after(() => fs.rmSync(path.dirname(clone), { recursive: true, force: true }));

  it('the README names the two commands', () => {
    assert.ok(startCommand, `no npm start in ${commands.join(' | ')}`);
    assert.ok(testCommand, `no npm test in ${commands.join(' | ')}`);
  });

  it('npm test installs what it needs and passes', () => {
    assert.ok(!fs.existsSync(path.join(clone, 'node_modules')), 'the clone starts without node_modules');
    const [command, args] = commandLine(testCommand!);
    const result = spawnSync(command, args, { cwd: clone, encoding: 'utf8', env: newcomerEnv({ GO_ESCAPE_HINTS_INSIDE_FRESH_CLONE: '1' }), maxBuffer: 256 * 1024 * 1024 });
    const tail = `${result.stdout}\n${result.stderr}`.slice(-6000);
    assert.equal(result.status, 0, tail);
    const summary = /^tests: (\d+) passed, (\d+) failed/m.exec(result.stdout);
    assert.ok(summary, `no summary line:\n${tail}`);
    assert.ok(Number(summary[1]) > 100, `only ${summary[1]} tests passed`);
    assert.equal(Number(summary[2]), 0);
  });

  it('npm start serves VS Code on a playground outside any git tree, and --reset restores the example', async () => {
    const serveOnce = async (extra: string[]) => {
      const port = await freePort();
      const [command, args] = commandLine(startCommand!, extra);
      const output: string[] = [];
      const child = spawn(command, args, { cwd: clone, env: newcomerEnv({ PORT: String(port) }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const [, url] = await waitForOutput(child, /Go Escape Hints in VS Code: (\S+)/, output);
        const folder = decodeURIComponent(new URL(url).searchParams.get('folder') ?? '');
        let status = 0;
        for (let attempt = 0; attempt < 600 && status !== 200; attempt++) {
          status = await httpStatus(url).catch(() => 0);
          if (status !== 200) await new Promise((r) => setTimeout(r, 100)); // polling the server's readiness, not a timing
        }
        assert.equal(status, 200, `VS Code answered ${status} at ${url}`);
        return folder;
      } finally {
        await stopGroup(child);
      }
    };
    const playground = await serveOnce([]);
    assert.ok(fs.existsSync(path.join(playground, 'go.mod')), `the playground ${playground} holds the example`);
    const insideGit = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: playground, encoding: 'utf8' });
    assert.notEqual(insideGit.status, 0, `the playground is inside the git tree ${insideGit.stdout}`);
    const scribble = path.join(playground, 'scribble.go');
    fs.writeFileSync(scribble, 'package main\n');
    assert.equal(await serveOnce(['--', '--reset']), playground);
    assert.ok(!fs.existsSync(scribble), '--reset removed the edits');
    assert.ok(fs.existsSync(path.join(playground, 'go.mod')));
  });
});
