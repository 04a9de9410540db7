import * as fs from 'fs';
import * as path from 'path';
import { fail, goError, ok, Result } from './errors';
import { runProcess } from './runProcess';
import type { GoToolchain } from './toolchain';

export interface BenchmarkProfiles {
  memProfile: string;
  cpuProfile: string;
  /** Benchmark names as go test printed them, without the `-N` GOMAXPROCS suffix. */
  benchmarks: string[];
  output: string;
}

/**
 * `go test -run='^$' -bench=. -benchmem -memprofile=… -cpuprofile=…` in a package directory, writing
 * the profiles (and the test binary go test keeps with -cpuprofile) to `outDir`, not the package.
 */
export async function runBenchmarkProfiles(toolchain: GoToolchain, dir: string, outDir: string, options: { signal?: AbortSignal; timeoutMs: number; tags?: string[] }): Promise<Result<BenchmarkProfiles>> {
  fs.mkdirSync(outDir, { recursive: true });
  const memProfile = path.join(outDir, 'mem.pprof');
  const cpuProfile = path.join(outDir, 'cpu.pprof');
  for (const file of [memProfile, cpuProfile]) fs.rmSync(file, { force: true });
  const args = ['test', '-run=^$', '-bench=.', '-benchmem', `-memprofile=${memProfile}`, `-cpuprofile=${cpuProfile}`, '-o', path.join(outDir, 'package.test')];
  if (options.tags && options.tags.length > 0) args.push(`-tags=${options.tags.join(',')}`);
  args.push('.');
  const result = await runProcess(toolchain.goPath, args, { cwd: dir, env: toolchain.env, signal: options.signal, timeoutMs: options.timeoutMs });
  const output = `${result.stdout}${result.stderr}`;
  if (result.ended === 'cancelled') return fail(goError('cancelled', 'Profiling was cancelled.', { location: dir }));
  if (result.ended === 'timed-out') return fail(goError('timed-out', `go test -bench did not finish in ${Math.round(options.timeoutMs / 1000)} s.`, { location: dir, detail: output }));
  if (result.ended === 'spawn-failed') return fail(goError('spawn-failed', `Cannot run ${toolchain.goPath}: ${result.spawnError}`, { location: dir }));
  if (result.exitCode !== 0) {
    const first = output.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? 'go test failed';
    return fail(goError('build-failed', `go test -bench failed: ${first.trim()}`, { location: dir, detail: output }));
  }
  const benchmarks = [...new Set([...result.stdout.matchAll(/^(Benchmark\S*?)(?:-\d+)?\s+\d+\s/gm)].map((m) => m[1]))];
  if (benchmarks.length === 0) return fail(goError('no-go-files', 'This package has no benchmarks: add a func BenchmarkX(b *testing.B) to a _test.go file.', { location: dir, detail: output }));
  if (!fs.existsSync(memProfile) || !fs.existsSync(cpuProfile)) return fail(goError('build-failed', 'go test ran but wrote no profile.', { location: dir, detail: output }));
  return ok({ memProfile, cpuProfile, benchmarks, output });
}
