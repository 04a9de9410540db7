import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Runs the real `go test -bench -memprofile -cpuprofile` on a copy of test/testdata/profiled, writing
 * the profiles to `outDir` (the test binary too, so the package stays clean). A fixed -benchtime keeps
 * the run short; the hot loop still allocates tens of megabytes, far above the 512 kB sampling rate.
 */
export function profileFixture(dir: string, outDir: string): { memProfile: string; cpuProfile: string; output: string } {
  fs.mkdirSync(outDir, { recursive: true });
  const memProfile = path.join(outDir, 'mem.pprof');
  const cpuProfile = path.join(outDir, 'cpu.pprof');
  const result = spawnSync('go', ['test', '-run=^$', '-bench=.', '-benchmem', '-benchtime=20000x', `-memprofile=${memProfile}`, `-cpuprofile=${cpuProfile}`, '-o', path.join(outDir, 'profiled.test'), '.'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`go test -bench failed in ${dir}:\n${output}`);
  return { memProfile, cpuProfile, output };
}
