import { ChildProcess, spawn } from 'child_process';
import { ProcessSlots } from './processSlots';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Stop reading (and kill) past this many bytes on one stream: a runaway output must not take the editor down. */
  maxOutputBytes?: number;
}

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Why the process did not run to its end, if it did not. */
  ended: 'exited' | 'timed-out' | 'cancelled' | 'output-too-large' | 'spawn-failed';
  spawnError?: string;
  /** The signal that ended the process when it exited on one we did not send (e.g. `SIGKILL` from the OOM killer). */
  exitSignal?: NodeJS.Signals;
  durationMs: number;
}

const DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024;

/** How many processes were started and how many still run: for the server's stats and tests. */
export const processCounters = { started: 0, running: 0 };

/**
 * Every process started here waits for one of these slots, so `go list` and `go version` count
 * toward the server's `maxConcurrentBuilds` as much as `go build` does. Unlimited unless the server
 * sets a limit (the CLI runs one package at a time anyway).
 */
export const processSlots = new ProcessSlots(Number.POSITIVE_INFINITY);

/** The children still running, so that a dying server can take them (and their process groups) with it. */
const liveChildren = new Set<ChildProcess>();

/** Kills every process group still running; synchronous, so it works from `process.on('exit')`. */
export function killAllProcesses(): void {
  for (const child of liveChildren) killTree(child);
  liveChildren.clear();
}

/**
 * Runs a program without a shell and resolves with its output; never rejects.
 * The child gets its own process group so that cancelling also stops the compiler processes `go` started.
 */
export async function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const release = await processSlots.acquire(options.signal);
  if (!release) return { exitCode: null, stdout: '', stderr: '', ended: 'cancelled', durationMs: 0 };
  try {
    return await runAlone(command, args, options);
  } finally {
    release();
  }
}

function runAlone(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ exitCode: null, stdout: '', stderr: '', ended: 'cancelled', durationMs: 0 });
      return;
    }
    const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        // Go takes the working directory from $PWD when it names the same directory: without it, a
        // symlinked path (macOS /tmp, Debian's GOROOTs) comes back resolved, unlike the editor's paths.
        env: { ...(options.env ?? process.env), PWD: options.cwd },
        shell: false,
        windowsHide: true,
        detached: process.platform !== 'win32',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      resolve({ exitCode: null, stdout: '', stderr: '', ended: 'spawn-failed', spawnError: String(error), durationMs: 0 });
      return;
    }
    processCounters.started++;
    processCounters.running++;
    liveChildren.add(child);
    let ended: ProcessResult['ended'] = 'exited';
    let spawnError: string | undefined;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let settled = false;

    const kill = (reason: ProcessResult['ended']) => {
      if (ended === 'exited') ended = reason;
      killTree(child);
    };
    const timer = options.timeoutMs ? setTimeout(() => kill('timed-out'), options.timeoutMs) : undefined;
    const onAbort = () => kill('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes) return kill('output-too-large');
      stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      if (errBytes > maxBytes) return kill('output-too-large');
      stderr.push(chunk);
    });
    const finish = (exitCode: number | null, exitSignal?: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      processCounters.running--;
      liveChildren.delete(child);
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ended,
        spawnError,
        exitSignal: ended === 'exited' && exitSignal ? exitSignal : undefined,
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (error) => {
      ended = 'spawn-failed';
      spawnError = error.message;
      finish(null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}

function killTree(child: ReturnType<typeof spawn>): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
