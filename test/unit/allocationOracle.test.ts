import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import type { GoToolchain } from '../../server/src/go/toolchain';
import { runProcess } from '../../server/src/go/runProcess';
import { AllocationFigures, allocationFigures, classifyPackage, describeFact } from '../helpers/allocationFigures';
import { allGos, goroot } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';

interface Target {
  name: string;
  go: GoToolchain;
  dir: () => Promise<string>;
  /** The least share of allocating facts with an allocator call at their line this package reaches. */
  minimumShare: number;
}

/**
 * gopkg.in/yaml.v3, pinned by test/testdata/thirdparty/go.mod, copied out of the module cache with
 * the fixture's go.sum (the module's own directory is read-only and has no go.sum for its test
 * dependency, so `go build` cannot run there).
 */
async function yamlPackage(go: GoToolchain): Promise<string> {
  const fixture = path.join(TESTDATA, 'thirdparty');
  const listed = await runProcess(go.goPath, ['list', '-mod=mod', '-f', '{{.Dir}}', 'gopkg.in/yaml.v3'], { cwd: fixture, env: go.env, timeoutMs: 300_000 });
  if (listed.exitCode !== 0) throw new Error(`go list gopkg.in/yaml.v3 failed: ${listed.stderr}`);
  const source = listed.stdout.trim();
  // A fixed directory: the build cache keys on the source path too, so a second run compiles nothing.
  const target = path.join(os.tmpdir(), `geh-yaml.v3-${go.version.raw}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const name of fs.readdirSync(source)) {
    if (name === 'go.mod' || (name.endsWith('.go') && !name.endsWith('_test.go'))) fs.copyFileSync(path.join(source, name), path.join(target, name));
  }
  fs.copyFileSync(path.join(fixture, 'go.sum'), path.join(target, 'go.sum'));
  for (const name of fs.readdirSync(target)) fs.chmodSync(path.join(target, name), 0o644);
  return target;
}

function report(name: string, figures: AllocationFigures): string {
  const share = figures.allocating ? (100 * figures.allocatingWithCall) / figures.allocating : 100;
  return `${name}: ${figures.allocatingWithCall}/${figures.allocating} allocating facts (${share.toFixed(1)}%) have an allocator call at their line; ` +
    `${figures.nonAllocatingWithCall.length}/${figures.nonAllocating} non-allocating facts have one; ${figures.movedToHeap - figures.movedToHeapWithoutCall.length}/${figures.movedToHeap} moved-to-heap facts have one; ${figures.cold} facts on cold paths`;
}

describe('allocation oracle: what we call an allocation against the allocator calls of the generated code (-S=2)', async () => {
  const [newest, ...older] = await allGos();
  const src = path.join(goroot(newest), 'src');
  const targets: Target[] = [
    { name: `${newest.version.raw} encoding/json`, go: newest, dir: async () => path.join(src, 'encoding/json'), minimumShare: 0.9 },
    { name: `${newest.version.raw} net/http`, go: newest, dir: async () => path.join(src, 'net/http'), minimumShare: 0.9 },
    { name: `${newest.version.raw} gopkg.in/yaml.v3`, go: newest, dir: () => yamlPackage(newest), minimumShare: 0.9 },
    ...older.map((go) => ({ name: `${go.version.raw} encoding/json`, go, dir: async () => path.join(goroot(go), 'src/encoding/json'), minimumShare: 0.9 })),
  ];
  for (const target of targets) {
    describe(target.name, () => {
      let figures: AllocationFigures;
      before(async () => {
        figures = allocationFigures(await classifyPackage(target.go, await target.dir()));
        console.log(report(target.name, figures));
        // The first few allocating facts without a call at their line, to show what the share misses.
        for (const a of figures.allocatingWithoutCall.slice(0, 8)) console.log(`  no allocator call at the line of: ${describeFact(a)}`);
        for (const a of figures.nonAllocatingWithCall) console.log(`  allocator call at the line of a non-allocating fact: ${describeFact(a)}`);
      });

      it('finds heap facts of both kinds to check', () => {
        assert.ok(figures.allocating > 10, `only ${figures.allocating} allocating facts`);
      });

      it('marks no fact non-allocating where the compiled code calls an allocator for it', () => {
        assert.deepEqual(figures.nonAllocatingWithCall.map(describeFact), []);
      });

      it('finds an allocator call (runtime.newobject) at the line of every variable moved to the heap', () => {
        assert.ok(figures.movedToHeap > 0, 'no moved-to-heap facts');
        assert.deepEqual(figures.movedToHeapWithoutCall.map(describeFact), []);
      });

      it('finds an allocator call at the line of most facts it marks allocating', () => {
        const share = figures.allocatingWithCall / figures.allocating;
        assert.ok(share >= target.minimumShare, report(target.name, figures));
      });
    });
  }
});
