import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import { anchorLayouts, layoutMarkdown, paddingFindings } from '../../server/src/features/structLayout';
import type { GoToolchain } from '../../server/src/go/toolchain';
import { runTypesHelper, TypesHelperResponse } from '../../server/src/go/typesHelper';
import { LineIndex } from '../../server/src/syntax/textPositions';
import { allGos } from '../helpers/goToolchains';
import { copyFixture } from '../helpers/paths';
import { compilerSizes } from '../helpers/structSizes';
import { applyEdits } from '../helpers/textEdits';

/** Built helpers are kept here between runs (their names change with the source and the Go version). */
const HELPER_CACHE = path.join(os.tmpdir(), 'geh-types-helper-test-cache');

async function askHelper(go: GoToolchain, dir: string): Promise<TypesHelperResponse> {
  const result = await runTypesHelper(go, { dir, structLayouts: true }, { cacheDir: HELPER_CACHE });
  assert.ok(result.ok, result.ok ? '' : `${result.error.message}\n${result.error.detail ?? ''}`);
  return result.value;
}

describe('struct layouts from the types helper', async () => {
  const gos = await allGos();
  for (const go of gos) {
    describe(go.version.raw, () => {
      let dir: string;
      let answer: TypesHelperResponse;
      const layout = (name: string) => {
        const found = answer.structs?.find((s) => s.name === name);
        assert.ok(found, `no layout for ${name}: ${JSON.stringify(answer.errors)}`);
        return found;
      };
      before(async () => {
        dir = copyFixture('layout');
        answer = await askHelper(go, dir);
      });

      it('gives exactly the sizes, alignments and offsets unsafe.Sizeof/Alignof/Offsetof report', () => {
        assert.deepEqual(answer.errors ?? [], []);
        const real = compilerSizes(go, dir, answer.structs!);
        assert.equal(Object.keys(real).length, go.version.minor >= 23 ? 6 : 5);
        for (const l of answer.structs!) {
          assert.equal(l.size, real[l.name].size, `${l.name} size`);
          assert.equal(l.align, real[l.name].align, `${l.name} align`);
          for (const f of l.fields) if (f.name !== '_') assert.equal(f.offset, real[l.name].offsets[f.name], `${l.name}.${f.name} offset`);
        }
        // The trailing zero-sized field costs a byte of padding, rounded to a word (go/types before 1.22 missed it).
        assert.equal(layout('Trailing').size, 16);
      });

      it('computes the padding after each field and the smallest order', () => {
        const padded = layout('Padded');
        assert.deepEqual(padded.fields.map((f) => [f.name, f.offset, f.size, f.padding]), [
          ['Ready', 0, 1, 7],
          ['Count', 8, 8, 0],
          ['Mutex', 16, 8, 0],
          ['Done', 24, 1, 7],
          ['Name', 32, 16, 0],
          ['Small', 48, 2, 6],
        ]);
        assert.equal(padded.size, 56);
        assert.equal(padded.optimalSize, 40);
        assert.deepEqual(padded.optimalOrder, ['Count', 'Name', 'Mutex', 'Small', 'Ready', 'Done']);
        assert.equal(layout('Compact').optimalSize, layout('Compact').size);
      });

      it('never reorders structs that must keep their layout', () => {
        assert.equal(layout('Wire').keep, 'layout comment');
        assert.equal(layout('Header').keep, 'unsafe.Offsetof');
        for (const name of ['Wire', 'Header']) {
          assert.equal(layout(name).reorder, undefined, name);
          assert.ok(layout(name).optimalSize < layout(name).size, `${name} would shrink, so only its keep reason stops the fix`);
        }
      });

      it('gives a structs.HostLayout struct no suggestion (go1.23+)', { skip: go.version.minor < 23 ? 'the structs package arrived in go1.23' : false }, () => {
        const host = layout('Host');
        assert.equal(host.keep, 'structs.HostLayout');
        assert.equal(host.reorder, undefined);
        const text = fs.readFileSync(path.join(dir, 'hostlayout.go'), 'utf8');
        const lines = new LineIndex(text);
        assert.deepEqual(paddingFindings(anchorLayouts(answer, path.join(dir, 'hostlayout.go'), lines), lines, { severity: 'hint' }), []);
      });

      it('shows the table on hover', () => {
        const file = path.join(dir, 'layout.go');
        const lines = new LineIndex(fs.readFileSync(path.join(dir, 'layout.go'), 'utf8'));
        const compact = anchorLayouts(answer, file, lines).find((l) => l.layout.name === 'Compact')!;
        const markdown = layoutMarkdown(compact);
        assert.match(markdown, /^\*\*struct Compact\*\*: 32 bytes, align 8 \(amd64\), 6 bytes of padding/);
        assert.match(markdown, /\| `Done` \| `bool` \| 25 \| 1 \| 6 \|/);
        assert.match(markdown, /No order of these fields is smaller\./);
      });
      it('reorders Padded keeping comments, tags and the embedded field: gofmt-clean, builds, and shrinks to the size it promised', () => {
        const file = path.join(dir, 'layout.go');
        const text = fs.readFileSync(file, 'utf8');
        const lines = new LineIndex(text);
        const findings = paddingFindings(anchorLayouts(answer, file, lines), lines, { severity: 'hint' });
        assert.deepEqual(findings.map((f) => f.message), ['struct Padded takes 56 bytes; ordered to minimise padding it takes 40 bytes (16 bytes less)']);
        const [fix] = findings[0].fixes;
        const fixed = applyEdits(text, fix.edits);
        assert.match(fixed, /\tCount int64 +\/\/ how many\n\tName +string `json:"name,omitempty"`\n\tsync\.Mutex\n\tSmall int16\n\t\/\/ Ready says the value is filled in\.\n\tReady bool `json:"ready"`\n\tDone +bool\n\}/);
        fs.writeFileSync(file, fixed);
        const gofmt = spawnSync(path.join(path.dirname(go.goPath), 'gofmt'), ['-l', file], { encoding: 'utf8' });
        assert.equal(gofmt.stdout, '', 'gofmt-clean');
        execFileSync(go.goPath, ['build', './...'], { cwd: dir, env: go.env });
        const real = compilerSizes(go, dir, [layout('Padded')]);
        assert.equal(real.Padded.size, 40);
      });

    });
  }
});

describe('struct layouts for another GOARCH', () => {
  it('follows GOARCH=386 exactly: 4-byte int64, 8-byte atomic.Int64, padding after a trailing zero-sized field', async (t) => {
    const go = (await allGos())[0];
    const go386: GoToolchain = { ...go, env: { ...go.env, GOARCH: '386' } };
    const dir = copyFixture('layout-arch');
    const answer = await askHelper(go386, dir);
    assert.equal(answer.goarch, '386');
    assert.equal(answer.wordSize, 4);
    const mixed = answer.structs!.find((s) => s.name === 'Mixed')!;
    let real;
    try {
      real = compilerSizes(go386, dir, [mixed]).Mixed;
    } catch (error) {
      t.skip(`this machine cannot run 386 binaries: ${String(error).split('\n')[0]}`);
      return;
    }
    assert.deepEqual([mixed.size, mixed.align], [real.size, real.align]);
    for (const f of mixed.fields) assert.equal(f.offset, real.offsets[f.name], f.name);
    assert.deepEqual(mixed.fields.map((f) => f.offset), [0, 4, 12, 16, 24, 40]);
  });
});

describe('the types helper on bad input', () => {
  it('leaves out a struct with an unresolved field type, keeps the others, and says why', async () => {
    const [go] = await allGos();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-layout-broken-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/broken\n\ngo 1.19\n');
    fs.writeFileSync(path.join(dir, 'b.go'), 'package broken\n\ntype Good struct {\n\tA bool\n\tB int64\n}\n\ntype Bad struct {\n\tA Missing\n}\n');
    const answer = await askHelper(go, dir);
    assert.deepEqual(answer.structs!.map((s) => s.name), ['Good']);
    assert.match((answer.errors ?? []).join('\n'), /undefined: Missing/);
  });

  it('says clearly when its source is missing', async () => {
    const [go] = await allGos();
    const result = await runTypesHelper(go, { dir: os.tmpdir(), structLayouts: true }, { cacheDir: HELPER_CACHE, sourceDir: path.join(os.tmpdir(), 'no-such-gohelper') });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'build-failed');
  });
});

describe('the reorder fix on every way of writing fields', () => {
  it('keeps every comment, the two-name field, the embedded pointer and the nested struct; gofmt-clean, vets, and takes the promised size', async () => {
    const [go] = await allGos();
    const dir = copyFixture('layout-reorder');
    const file = path.join(dir, 'reorder.go');
    const text = fs.readFileSync(file, 'utf8');
    const answer = await askHelper(go, dir);
    const fixable = answer.structs!.filter((s) => s.reorder);
    assert.deepEqual(fixable.map((s) => [s.name, s.size, s.optimalSize]), [['Options', 48, 40], ['pair', 24, 16]]);
    const fixed = applyEdits(text, fixable.map((s) => {
      const lines = new LineIndex(text);
      const [anchored] = paddingFindings(anchorLayouts({ ...answer, structs: [s] }, file, lines), lines, { severity: 'hint' });
      return anchored.fixes[0].edits[0];
    }));
    fs.writeFileSync(file, fixed);
    const comments = (source: string) => source.split('\n').flatMap((l) => l.match(/\/\/.*$/) ?? []).sort();
    assert.deepEqual(comments(fixed), comments(text), 'every comment kept');
    assert.match(fixed, /\tVerbose, Quiet +bool +\/\/ two names, one declaration\n/);
    assert.match(fixed, /\t\*io\.PipeReader +\/\/ embedded pointer\n/);
    assert.match(fixed, /\tNested +struct \{\n\t\tX bool\n\t\tY int64\n\t\}\n/);
    assert.match(fixed, /struct \{ \/\/ opening comment stays on the brace's line\n/);
    assert.match(fixed, /\t\/\/ trailing note about the fields above\n\}/);
    const gofmt = spawnSync(path.join(path.dirname(go.goPath), 'gofmt'), ['-l', file], { encoding: 'utf8' });
    assert.equal(gofmt.stdout, '', 'gofmt-clean');
    execFileSync(go.goPath, ['vet', '.'], { cwd: dir, env: go.env });
    assert.equal(compilerSizes(go, dir, [{ name: 'Options', fields: [] }]).Options.size, 40);
    const again = await askHelper(go, dir);
    assert.deepEqual(again.structs!.filter((s) => s.reorder || s.size !== s.optimalSize).map((s) => s.name), [], 'nothing left to reorder');
  });
});
