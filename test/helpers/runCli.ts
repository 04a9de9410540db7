import { spawnSync } from 'child_process';
import { CLI } from './paths';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI (server/out/cli.js) as a user would, with the machine's own Go. */
export function runCli(args: readonly string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv; cli?: string }): CliRun {
  const result = spawnSync(process.execPath, [options.cli ?? CLI, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
