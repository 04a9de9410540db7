import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { JsonReport } from '../../server/src/analysis/report';
import { TOOL_VERSION } from '../../server/src/cli/version';
import { REPO_ROOT, TESTDATA } from '../helpers/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; dependencies?: object; files: string[] };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the installable CLI package (npm pack)', () => {
  it('declares the bundled CLI as its bin, with no runtime dependencies', () => {
    assert.equal(manifest.bin['go-escape-hints'], 'server/out/cli.js');
    assert.equal(manifest.dependencies, undefined, 'everything the CLI needs is in its bundle');
    assert.equal(TOOL_VERSION, manifest.version, 'server/src/cli/version.ts follows package.json');
    assert.ok(fs.readFileSync(path.join(REPO_ROOT, 'server/out/cli.js'), 'utf8').startsWith('#!/usr/bin/env node'));
  });

  it('installs from the tarball into an empty prefix and runs analyze', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-pack-'));
    // The bundles are built by `npm run build` before the tests; --ignore-scripts packs them as they are.
    const packed = execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const [{ filename, files }] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    const paths = files.map((f) => f.path);
    for (const needed of ['server/out/cli.js', 'server/out/tree-sitter.wasm', 'server/out/tree-sitter-go.wasm', 'package.json', 'README.md', 'LICENSE']) assert.ok(paths.includes(needed), needed);
    assert.ok(!paths.some((p) => p.startsWith('server/src/') || p.startsWith('node_modules/') || p.startsWith('test/')), paths.join(' '));

    const prefix = path.join(work, 'prefix');
    fs.mkdirSync(prefix);
    const install = spawnSync(npm, ['install', '--global', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', path.join(work, filename)], { encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    const installed = path.join(prefix, 'lib', 'node_modules', 'go-escape-hints');
    assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'no dependencies were installed');

    const bin = path.join(prefix, 'bin', 'go-escape-hints');
    const run = spawnSync(bin, ['analyze', '.', '--format', 'json'], { cwd: path.join(TESTDATA, 'escapes'), encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.ok(report.findings.some((f) => f.message === 'moved to heap: p'));
    assert.ok(report.findings.some((f) => f.kind === 'pitfall'));
    const help = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /usage: go-escape-hints analyze/);
  });
});
