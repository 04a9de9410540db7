import assert from 'node:assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzePackages } from '../../server/src/analysis/analyzePackages';
import { listPackages, splitJsonStream } from '../../server/src/go/packageList';
import { packagesBuildArgs, splitBuildSections } from '../../server/src/go/packagesBuild';
import { currentGo } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';

describe('one go build for many packages', () => {
  it('splits a build report at its # headers (test variants named by their package)', () => {
    const output = 'go: note\n# example.com/m/a\na/a.go:1:6: can inline A\n# example.com/m/b [example.com/m/b.test]\nb/b.go:2:1: undefined: x\n# example.com/m/a\na/a2.go:3:6: can inline B\n';
    assert.deepEqual(splitBuildSections(output), [
      { importPath: '', text: 'go: note\n' },
      { importPath: 'example.com/m/a', text: '# example.com/m/a\na/a.go:1:6: can inline A\n' },
      { importPath: 'example.com/m/b', text: '# example.com/m/b [example.com/m/b.test]\nb/b.go:2:1: undefined: x\n' },
      { importPath: 'example.com/m/a', text: '# example.com/m/a\na/a2.go:3:6: can inline B\n' },
    ]);
    assert.deepEqual(splitBuildSections(''), []);
  });

  it('names every package directory on one command line; -o only for a single package', () => {
    assert.deepEqual(packagesBuildArgs(['/m/a', '/m/b'], ['x']), ['build', '-gcflags=-m=2', '-tags=x', '/m/a', '/m/b']);
    assert.deepEqual(packagesBuildArgs(['/m/a'], []).slice(0, 4), ['build', '-gcflags=-m=2', '-o', process.platform === 'win32' ? 'NUL' : '/dev/null']);
  });

  it('reads go list -json streams, empty objects included', () => {
    assert.deepEqual(splitJsonStream('{\n\t"Dir": "/a"\n}\n{}\n{\n\t"X": {\n\t\t"Y": 1\n\t}\n}\n').map((t) => JSON.parse(t)), [{ Dir: '/a' }, {}, { X: { Y: 1 } }]);
    assert.throws(() => splitJsonStream('garbage'));
  });

  it('lists ./... with Go\'s reason for what matched nothing', async () => {
    const go = await currentGo();
    const listed = await listPackages(go, path.join(TESTDATA, 'gate'), ['./...', './nothing/...']);
    assert.ok(listed.ok);
    assert.deepEqual(listed.value.packages.map((p) => p.importPath).sort(), ['example.com/gate/decoder', 'example.com/gate/util']);
    assert.equal(listed.value.unmatched.length, 1);
    assert.match(listed.value.unmatched[0].message, /nothing/);
  });

  it('analyses a module in one build; a broken package fails alone', async () => {
    const go = await currentGo();
    const analysis = await analyzePackages(go, path.join(TESTDATA, 'gate'), ['./...'], { tags: ['gatebroken'] });
    assert.equal(analysis.builds, 1);
    assert.deepEqual(analysis.packages.map((p) => p.pkg.importPath).sort(), ['example.com/gate/decoder', 'example.com/gate/util']);
    assert.ok(analysis.packages.every((p) => p.facts.length > 0 && p.facts.every((f) => f.file.startsWith(p.pkg.dir + path.sep))));
    assert.deepEqual(analysis.errors.map((e) => e.code), ['build-failed']);
  });

  it('with tests: a package with test files is built on its own (go test -c), the others together', async () => {
    const go = await currentGo();
    const analysis = await analyzePackages(go, path.join(TESTDATA, 'gate'), ['./...'], { tests: true });
    assert.equal(analysis.builds, 2);
    assert.deepEqual(analysis.errors, []);
    const util = analysis.packages.find((p) => p.pkg.importPath === 'example.com/gate/util')!;
    assert.ok(util.facts.some((f) => f.file.endsWith('util_test.go')));
    assert.ok(analysis.packages.find((p) => p.pkg.importPath === 'example.com/gate/decoder')!.facts.length > 0, 'a package without tests is still analysed');
  });
});
