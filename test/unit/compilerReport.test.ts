import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { CompilerReport } from '../../server/src/compiler/compilerReport';
import type { CompilerFact } from '../../server/src/compiler/facts';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import type { PathResolution } from '../../server/src/compiler/positions';
import { LineMutator, prng } from '../helpers/mutations';
import { readRecorded, RECORDED_OUTPUT, recordedMeta, recordedVersions } from '../helpers/paths';

/** Facts as plain data, explanations and their steps included (read through the lazy getters). */
function plain(facts: readonly CompilerFact[]): unknown {
  return JSON.parse(JSON.stringify(facts));
}

/** Reading file by file must give exactly what the whole parse gives, file for file, in the same order. */
function assertSameAsWholeParse(text: string, resolution: PathResolution, label: string): number {
  const whole = parseCompilerOutput(text, resolution);
  const report = CompilerReport.index(text, resolution);
  const files = new Set(whole.facts.map((f) => f.file));
  for (const file of files) assert.ok(report.files.includes(file), `${label}: ${file} has facts but is not indexed`);
  for (const file of report.files) {
    assert.deepEqual(plain(report.factsIn(file)), plain(whole.facts.filter((f) => f.file === file)), `${label}: facts of ${file}`);
  }
  assert.deepEqual(report.packages, whole.packages, `${label}: packages`);
  return files.size;
}

describe('compiler report read file by file', () => {
  for (const version of recordedVersions()) {
    const meta = recordedMeta(version);
    for (const [name, { dir }] of Object.entries(meta.packages)) {
      if (!fs.existsSync(path.join(RECORDED_OUTPUT, version, `${name}.txt`))) continue; // not every version has every package recorded
      it(`gives the whole parse's facts for every file of recorded ${version} ${name}`, () => {
        const files = assertSameAsWholeParse(readRecorded(version, name), { baseDir: dir }, `${version} ${name}`);
        assert.ok(files >= 1);
      });
    }
  }

  it('keeps what it read, and has nothing for a file the report does not name', () => {
    const report = CompilerReport.index('./a.go:3:2: moved to heap: x\n./b.go:4:2: moved to heap: y\n', { baseDir: '/p' });
    assert.deepEqual(report.files, ['/p/a.go', '/p/b.go']);
    assert.equal(report.factsIn('/p/a.go'), report.factsIn('/p/a.go'));
    assert.deepEqual(report.factsIn('/p/a.go').map((f) => f.subject), ['x']);
    assert.deepEqual(report.factsIn('/p/c.go'), []);
  });

  it('gathers a file printed under several names (relative, absolute, an overlay backing file)', () => {
    const text = './a.go:3:2: moved to heap: x\n./b.go:4:2: moved to heap: y\n/tmp/overlay/1-a.go:5:2: moved to heap: z\n/p/a.go:6:2: moved to heap: w\n';
    const resolution = { baseDir: '/p', overlayBackingFiles: new Map([['/tmp/overlay/1-a.go', '/p/a.go']]) };
    const report = CompilerReport.index(text, resolution);
    assert.deepEqual(report.files, ['/p/a.go', '/p/b.go']);
    assert.deepEqual(report.factsIn('/p/a.go').map((f) => f.subject), ['x', 'z', 'w']);
    assertSameAsWholeParse(text, resolution, 'several names');
  });

  it('keeps a chain whose steps another file interrupts, as the whole parse does', () => {
    const text = [
      '# example.com/p',
      './a.go:5:2: x escapes to heap:',
      './a.go:5:2:   flow: {heap} = &x:',
      './b.go:9:1:   from stray step (address-of) at ./b.go:9:1',
      './a.go:5:2:     from &x (address-of) at ./a.go:5:2',
      './b.go:9:1: moved to heap: z',
      './b.go:7:3: moved to heap: y',
      './a.go:5:2:     from after (address-of) at ./a.go:5:2',
      '# example.com/q',
      './a.go:5:2: x does not escape',
      './a.go:5:2: x escapes to heap',
      '',
    ].join('\n');
    assertSameAsWholeParse(text, { baseDir: '/p' }, 'interleaved');
    const facts = CompilerReport.index(text, { baseDir: '/p' }).factsIn('/p/a.go');
    assert.deepEqual(facts.map((f) => [f.kind, f.packagePath, f.explanations[0]?.steps.length]), [
      ['escapes-to-heap', 'example.com/p', 2], // the chain's fact, made when package p ended
      ['does-not-escape', 'example.com/q', undefined],
    ]);
  });

  it('gives the whole parse\'s facts on 300 mutated, reordered and interleaved reports', () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const mutator = new LineMutator(prng(seed));
    const lines = readRecorded('go1.26.8', 'net-http').split('\n');
    for (let round = 0; round < 300; round++) {
      // A window of real lines from several files, then edits that break the usual order.
      const from = Math.floor(mutator.random() * (lines.length - 400));
      const window = lines.slice(from, from + 200).concat(lines.slice(Math.floor(mutator.random() * lines.length)).slice(0, 100));
      for (let edit = 0; edit < 20; edit++) {
        const at = Math.floor(mutator.random() * window.length);
        switch (Math.floor(mutator.random() * 6)) {
          case 0: window.splice(at, 1); break;
          case 1: window.splice(at, 0, mutator.pick(window)); break;
          case 2: window.splice(at, 0, mutator.pick(lines)); break;
          case 3: window.splice(at, 0, `# example.com/p${edit}`); break;
          case 4: window[at] = mutator.mutate(window[at] ?? ''); break;
          default: window.splice(at, 0, mutator.randomLine());
        }
      }
      const text = window.join(mutator.random() < 0.1 ? '\r\n' : '\n');
      assertSameAsWholeParse(text, { baseDir: '/goroot/src/net/http' }, `round ${round} (FUZZ_SEED=${seed})`);
    }
  });
});
