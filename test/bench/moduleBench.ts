import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runProcess } from '../../server/src/go/runProcess';
import type { GoToolchain } from '../../server/src/go/toolchain';
import { CLI } from '../helpers/paths';
import { BenchRow, formatMs, paired, PairedTimes } from './measure';

/** A large real module from the Go module proxy, pinned: 58 packages, builds cleanly with current Go, ~4.6 MB of -m=2 output. */
export const BENCH_MODULE = { path: 'golang.org/x/crypto', version: 'v0.33.0', changedFile: 'bcrypt/bcrypt.go' };

/**
 * `go-escape-hints analyze ./...` (the whole CLI process: node start-up, go list, one go build,
 * parsing, anchoring, pitfalls, output) against the bare `go build -gcflags=-m=2 ./...` of the same
 * module, alternated; warm build cache, and after a source change (both recompile the package).
 */
export async function analyzeModuleVersusBuild(go: GoToolchain): Promise<BenchRow[]> {
  const dir = await moduleCopy(go);
  const env = { ...go.env, GOFLAGS: '-mod=mod' };
  const cli = async () => {
    const result = await runProcess(process.execPath, [CLI, 'analyze', './...'], { cwd: dir, env, timeoutMs: 600_000 });
    if (result.exitCode !== 0) throw new Error(`analyze ./... failed: ${result.stderr.slice(0, 500)}`);
  };
  const bare = async () => {
    const result = await runProcess(go.goPath, ['build', '-gcflags=-m=2', './...'], { cwd: dir, env, timeoutMs: 600_000 });
    if (result.exitCode !== 0) throw new Error(`go build ./... failed: ${result.stderr.slice(-500)}`);
  };
  await bare(); // warm the build cache
  await cli();
  const warm = await paired(5, cli, bare);
  const file = path.join(dir, BENCH_MODULE.changedFile);
  const original = fs.readFileSync(file, 'utf8');
  let counter = Date.now();
  const change = () => fs.writeFileSync(file, `${original}\nvar _ = ${counter++}\n`);
  try {
    const changed = await paired(5, async () => { change(); await cli(); }, async () => { change(); await bare(); });
    const label = `${BENCH_MODULE.path}@${BENCH_MODULE.version}`;
    return [
      row(`CLI \`analyze ./...\` over ${label} (58 packages, one go build), warm build cache`, warm, 1.3),
      row(`CLI \`analyze ./...\` over ${label}, after a change to ${BENCH_MODULE.changedFile}`, changed, 1.1),
    ];
  } finally {
    fs.writeFileSync(file, original);
  }
}

function row(name: string, times: PairedTimes, goal: number): BenchRow {
  return { name, result: `${times.ratio.toFixed(2)}× (${formatMs(times.a)} vs bare go build ${formatMs(times.b)})`, goal: `under ${goal}×`, met: times.ratio < goal };
}

/** A writable copy of the pinned module (the module cache is read-only), its dependencies downloaded. */
async function moduleCopy(go: GoToolchain): Promise<string> {
  const dir = path.join(os.tmpdir(), `geh-bench-${BENCH_MODULE.path.replace(/\W/g, '-')}-${BENCH_MODULE.version}`);
  if (fs.existsSync(path.join(dir, 'go.mod'))) return dir;
  const env = { ...go.env, GOFLAGS: '-mod=mod' };
  const download = await runProcess(go.goPath, ['mod', 'download', '-json', `${BENCH_MODULE.path}@${BENCH_MODULE.version}`], { cwd: os.tmpdir(), env, timeoutMs: 600_000 });
  const source = (JSON.parse(download.stdout || '{}') as { Dir?: string }).Dir;
  if (!source) throw new Error(`go mod download ${BENCH_MODULE.path}@${BENCH_MODULE.version} failed: ${download.stderr}`);
  fs.cpSync(source, dir, { recursive: true });
  makeWritable(dir);
  const deps = await runProcess(go.goPath, ['mod', 'download'], { cwd: dir, env, timeoutMs: 600_000 });
  if (deps.exitCode !== 0) throw new Error(`go mod download in ${dir} failed: ${deps.stderr}`);
  return dir;
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    fs.chmodSync(full, entry.isDirectory() ? 0o755 : 0o644);
    if (entry.isDirectory()) makeWritable(full);
  }
}
