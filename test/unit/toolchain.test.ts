import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { listPackage } from '../../server/src/go/packages';
import { compareVersion, findToolchain, parseGoDirective, parseGoVersion } from '../../server/src/go/toolchain';
import { allGos, currentGo, goroot } from '../helpers/goToolchains';
import { copyFixture, TESTDATA } from '../helpers/paths';

describe('finding Go', () => {
  it('reports a missing explicit go binary clearly', async () => {
    const result = await findToolchain({ goPath: '/nonexistent/bin/go' });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'go-not-found');
    assert.match(!result.ok ? result.error.message : '', /\/nonexistent\/bin\/go/);
  });

  it('reports Go missing from PATH clearly', async () => {
    const result = await findToolchain({ env: { PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'geh-empty-path-')) } });
    assert.equal(!result.ok && result.error.code, 'go-not-found');
    assert.match(!result.ok ? result.error.message : '', /goEscapeHints\.goPath/);
  });

  it('refuses a binary that is not Go', async () => {
    const result = await findToolchain({ goPath: '/bin/true' });
    assert.equal(!result.ok && result.error.code, 'go-not-found');
  });

  it('reads the version of every installed Go', async () => {
    for (const go of await allGos()) {
      assert.ok(go.version.major === 1 && go.version.minor >= 19, go.version.raw);
    }
  });

  it('finds go through a GOROOT', async () => {
    const go = await currentGo();
    const found = await findToolchain({ goroot: goroot(go), env: { PATH: '' } });
    assert.ok(found.ok);
    assert.equal(found.value.version.raw, go.version.raw);
  });

  it('parses version strings and go directives', () => {
    assert.deepEqual(parseGoVersion('go version go1.26.8 linux/amd64'), { raw: 'go1.26.8', major: 1, minor: 26, patch: 8 });
    assert.equal(parseGoVersion('go version devel go1.27-abc123 linux/amd64')?.minor, 27);
    assert.equal(parseGoVersion('go version go1.21rc2 linux/amd64')?.minor, 21);
    assert.ok(compareVersion(parseGoVersion('go1.15.2')!, { major: 1, minor: 16 }) < 0, 'go1.15 is older than the -overlay minimum');
    assert.deepEqual(parseGoDirective('1.22.3'), { major: 1, minor: 22, patch: 3 });
    assert.equal(parseGoDirective('garbage'), undefined);
  });
});

describe('finding the package of a directory', () => {
  it('reads the module and its go directive', async () => {
    const result = await listPackage(await currentGo(), path.join(TESTDATA, 'escapes'));
    assert.ok(result.ok);
    assert.equal(result.value.importPath, 'example.com/escapes');
    assert.equal(result.value.module?.goVersion, '1.19');
    assert.deepEqual(result.value.goFiles, ['escapes.go', 'second.go']);
  });

  it('uses the nearest module in nested modules', async () => {
    const result = await listPackage(await currentGo(), path.join(TESTDATA, 'nested/inner'));
    assert.ok(result.ok);
    assert.equal(result.value.module?.path, 'example.com/inner');
    assert.equal(result.value.module?.goVersion, '1.21');
  });

  it('finds the module of a package in a go.work workspace', async () => {
    const result = await listPackage(await currentGo(), path.join(TESTDATA, 'workspace/b'));
    assert.ok(result.ok);
    assert.equal(result.value.module?.path, 'example.com/b');
    assert.equal(result.value.module?.goVersion, '1.18');
  });

  it('reports a directory outside any module', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-nomod-'));
    fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
    const result = await listPackage(await currentGo(), dir);
    assert.equal(!result.ok && result.error.code, 'outside-module');
    assert.match(!result.ok ? result.error.message : '', /go mod init/);
  });

  it('reports a directory without Go files', async () => {
    const result = await listPackage(await currentGo(), path.join(TESTDATA, 'workspace'));
    assert.equal(result.ok, false);
  });
});

describe('running the analysis', () => {
  it('analyses a package of a go.work workspace and a vendored module with every Go', async () => {
    for (const go of await allGos()) {
      const workspace = await analyzePackage(go, path.join(TESTDATA, 'workspace/b'));
      assert.ok(workspace.ok, workspace.ok ? '' : `${go.version.raw}: ${workspace.error.message}`);
      assert.ok(workspace.value.facts.some((f) => f.kind === 'escapes-to-heap' && f.subject.startsWith('[]*string{')), go.version.raw);
      const vendored = await analyzePackage(go, path.join(TESTDATA, 'vendored'));
      assert.ok(vendored.ok, vendored.ok ? '' : `${go.version.raw}: ${vendored.error.message}`);
      assert.ok(vendored.value.facts.some((f) => f.kind === 'moved-to-heap' && f.subject === 'n'), go.version.raw);
      assert.ok(vendored.value.facts.every((f) => f.file.endsWith('main.go')), 'only the analysed package');
    }
  });

  it('reports a package that does not compile, with its first error', async () => {
    const result = await analyzePackage(await currentGo(), path.join(TESTDATA, 'broken'));
    assert.equal(!result.ok && result.error.code, 'build-failed');
    assert.match(!result.ok ? result.error.message : '', /^package does not build: broken\.go:4:7: undefined: undefinedName$/);
  });

  it('analyses _test.go files with tests: true', async () => {
    const go = await currentGo();
    const without = await analyzePackage(go, path.join(TESTDATA, 'variants'));
    const withTests = await analyzePackage(go, path.join(TESTDATA, 'variants'), { tests: true });
    assert.ok(without.ok && withTests.ok);
    assert.ok(!without.value.facts.some((f) => f.file.endsWith('_test.go')));
    assert.ok(withTests.value.facts.some((f) => f.file.endsWith('plain_test.go') && f.kind === 'moved-to-heap' && f.subject === 'got'));
  });

  it('passes build tags', async () => {
    const go = await currentGo();
    const tagged = await analyzePackage(go, path.join(TESTDATA, 'variants'), { tags: ['special'] });
    assert.ok(tagged.ok);
    assert.ok(tagged.value.facts.some((f) => f.file.endsWith('tagged.go') && f.subject === 't'));
    const untagged = await analyzePackage(go, path.join(TESTDATA, 'variants'));
    assert.ok(untagged.ok && !untagged.value.facts.some((f) => f.file.endsWith('tagged.go')));
  });

  it('analyses unsaved contents through -overlay and maps paths back, with every Go', async () => {
    const dir = copyFixture('variants');
    const file = path.join(dir, 'plain.go');
    const edited = fs.readFileSync(file, 'utf8') + '\n// Added in the editor, not saved.\nfunc Unsaved() *string {\n\tu := "x"\n\treturn &u\n}\n';
    for (const go of await allGos()) {
      const result = await analyzePackage(go, dir, { overlay: new Map([[file, edited]]) });
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      const fact = result.value.facts.find((f) => f.kind === 'moved-to-heap' && f.subject === 'u');
      assert.ok(fact, `${go.version.raw}: moved to heap: u from the overlay`);
      assert.equal(fact.file, file, `${go.version.raw} path mapped back to the real file`);
      assert.equal(fact.line, edited.split('\n').findIndex((l) => l.includes('u := "x"')) + 1);
    }
    assert.ok(!fs.readFileSync(file, 'utf8').includes('Unsaved'), 'the file on disk is untouched');
  });

  it('reports paths under a symlinked directory as the user named them (macOS /tmp is one)', async () => {
    const real = copyFixture('variants');
    const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'geh-link-')), 'linked');
    fs.symlinkSync(real, link);
    const result = await analyzePackage(await currentGo(), link);
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    assert.ok(result.value.facts.length > 0);
    assert.ok(result.value.facts.every((f) => f.file.startsWith(link + path.sep)), 'facts carry the symlinked path');
  });

  it('kills the build when cancelled, leaving no go process behind', async () => {
    const go = await currentGo();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-cold-cache-'));
    const controller = new AbortController();
    const env = { ...go.env, GOCACHE: cache };
    const started = analyzePackage({ ...go, env }, path.join(goroot(go), 'src/net/http'), { signal: controller.signal });
    await waitFor(() => processesWithEnv(cache).length > 0, 10_000);
    controller.abort();
    const result = await started;
    assert.equal(!result.ok && result.error.code, 'cancelled');
    await waitFor(() => processesWithEnv(cache).length === 0, 10_000);
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('bounds the build time', async () => {
    const go = await currentGo();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-cold-cache-'));
    const result = await analyzePackage({ ...go, env: { ...go.env, GOCACHE: cache } }, path.join(goroot(go), 'src/net/http'), { timeoutMs: 500 });
    assert.equal(!result.ok && result.error.code, 'timed-out');
    await waitFor(() => processesWithEnv(cache).length === 0, 10_000);
    fs.rmSync(cache, { recursive: true, force: true });
  });
});

/** Processes whose environment mentions `marker` (Linux /proc). */
function processesWithEnv(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      /* gone, or not ours */
    }
  }
  return pids;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
