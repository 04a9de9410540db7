import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { JsonFinding, JsonReport } from '../../server/src/analysis/report';
import { CLI, RECORDED_OUTPUT, TESTDATA } from '../helpers/paths';

const ESCAPES = path.join(TESTDATA, 'escapes');

function cli(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ESCAPES, input: options.input, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function facts(report: JsonReport): JsonFinding[] {
  return report.findings.filter((f): f is JsonFinding => f.kind !== 'pitfall');
}

function json(args: string[], options: { cwd?: string; input?: string } = {}): { code: number | null; report: JsonReport } {
  const result = cli([...args, '--format', 'json'], options);
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
}

describe('go-escape-hints analyze', () => {
  it('prints the JSON contract for a package', () => {
    const { code, report } = json(['analyze', '.']);
    assert.equal(code, 0);
    assert.match(report.go.version ?? '', /^go1\.\d+/);
    assert.deepEqual(report.errors, []);
    const p = facts(report).find((f) => f.kind === 'moved-to-heap' && f.message === 'moved to heap: p');
    assert.ok(p);
    assert.deepEqual(Object.keys(p).sort(), ['allocates', 'cause', 'coldPath', 'explanation', 'file', 'fingerprint', 'function', 'inLoop', 'kind', 'message', 'package', 'position', 'range'].sort());
    assert.equal(p.allocates, true);
    assert.equal(p.coldPath, false);
    assert.equal(p.package, 'example.com/escapes');
    assert.equal(p.function, 'NewPoint');
    assert.match(p.fingerprint, /^[0-9a-f]{32}$/);
    // The classify stage's verdict: a boxed constant points at static data.
    const constant = facts(report).find((f) => f.message === '"héllo 🎉" escapes to heap')!;
    assert.deepEqual([constant.allocates, constant.noAllocationReason, constant.coldPath], [false, 'constant', false]);
    const inline = facts(report).find((f) => f.kind === 'can-inline')!;
    assert.equal(inline.allocates, undefined, 'allocates only on heap findings');
    assert.equal(p.file, path.join(ESCAPES, 'escapes.go'));
    assert.deepEqual(p.position, { line: 15, column: 2 });
    assert.deepEqual(p.range, { start: { line: 14, character: 1 }, end: { line: 14, character: 2 } });
    assert.equal(p.cause, 'address-returned');
    assert.ok(p.explanation.some((s) => s.message === 'from &p (address-of)' && s.position.line === 16 && s.position.column === 9 && s.file === p.file));
    const total = facts(report).find((f) => f.message === 'moved to heap: total')!;
    assert.equal(total.position.column, null);
    const kinds = new Set(report.findings.map((f) => f.kind));
    for (const kind of ['moved-to-heap', 'escapes-to-heap', 'does-not-escape', 'leaking-param', 'leaking-param-content', 'leaking-param-to-result', 'can-inline', 'cannot-inline', 'inlining-call', 'devirtualized', 'other']) {
      assert.ok(kinds.has(kind), `a ${kind} finding`);
    }
    assert.ok(report.findings.every((f) => f.file.startsWith(ESCAPES + path.sep)), 'facts outside the package are left out');
    assert.ok(report.findings.some((f) => f.file === path.join(ESCAPES, 'second.go')), 'every file of the package');
  });

  it('keeps facts from other files with --all', () => {
    const { report } = json(['analyze', '.', '--all']);
    assert.ok(report.findings.some((f) => !f.file.startsWith(ESCAPES + path.sep)));
  });

  it('filters by --kinds', () => {
    const { report } = json(['analyze', '.', '--kinds', 'moved-to-heap']);
    assert.ok(facts(report).length >= 5);
    assert.ok(facts(report).every((f) => f.kind === 'moved-to-heap'));
    assert.ok(report.findings.some((f) => f.kind === 'pitfall'), '--kinds filters facts; pitfalls have --no-pitfalls');
  });

  it('prints file:line:col: kind: message (cause) for people', () => {
    const { code, stdout } = cli(['analyze']);
    assert.equal(code, 0);
    assert.ok(stdout.split('\n').includes('escapes.go:15:2: moved-to-heap: moved to heap: p (its address (or a slice, map or closure that refers to it) is returned, so it must outlive the call)'), stdout.slice(0, 500));
  });

  it('parses a saved -m=2 log with --compiler-output, from a file or stdin', () => {
    const log = path.join(RECORDED_OUTPUT, 'go1.19.8/escapes.txt');
    const fromFile = json(['analyze', ESCAPES, '--compiler-output', log], { cwd: os.tmpdir() });
    assert.equal(fromFile.code, 0);
    assert.equal(fromFile.report.go.version, null);
    const n = facts(fromFile.report).find((f) => f.message === 'n escapes to heap')!;
    assert.equal(n.cause, 'interface-boxing');
    assert.equal(n.range.start.character, 30); // go1.19 reports the call's `(`; the anchor is the argument
    const fromStdin = json(['analyze', ESCAPES, '--compiler-output', '-'], { cwd: os.tmpdir(), input: fs.readFileSync(log, 'utf8') });
    assert.deepEqual(fromStdin.report, fromFile.report);
  });

  it('expands ./... patterns the way go does (a nested module is not part of its parent)', () => {
    const { code, report } = json(['analyze', './...'], { cwd: path.join(TESTDATA, 'nested') });
    assert.equal(code, 0);
    assert.deepEqual([...new Set(report.findings.map((f) => path.basename(f.file)))], ['outer.go']);
    const inner = json(['analyze', './inner/...'], { cwd: path.join(TESTDATA, 'nested') });
    assert.equal(inner.code, 1, 'inner/... belongs to another module');
    const none = json(['analyze', './...'], { cwd: path.join(TESTDATA, 'workspace') });
    assert.equal(none.code, 1);
    // Go's own reason, not just "matched no packages": the go.work there does not use the root.
    assert.match(none.report.errors[0].message, /pattern \.\/\.\.\.: directory prefix \. does not contain modules listed in go\.work/);
    const nothing = json(['analyze', './nothing/...']);
    assert.equal(nothing.code, 1);
    assert.match(nothing.report.errors[0].message, /nothing/);
  });

  it('passes --tests and --tags', () => {
    const withTests = json(['analyze', '--tests'], { cwd: path.join(TESTDATA, 'variants') }).report;
    assert.ok(withTests.findings.some((f) => f.file.endsWith('plain_test.go')));
    const tagged = json(['analyze', '--tags', 'special'], { cwd: path.join(TESTDATA, 'variants') }).report;
    assert.ok(tagged.findings.some((f) => f.file.endsWith('tagged.go')));
  });

  it('reports errors as values with exit code 1: missing go, outside a module, a package that does not build', () => {
    const missing = json(['analyze', '.', '--go', '/nonexistent/go']);
    assert.equal(missing.code, 1);
    assert.equal(missing.report.errors[0].code, 'go-not-found');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-cli-nomod-'));
    fs.writeFileSync(path.join(outside, 'x.go'), 'package x\n');
    const notModule = json(['analyze', outside]);
    assert.equal(notModule.code, 1);
    assert.equal(notModule.report.errors[0].code, 'outside-module');
    const broken = cli(['analyze', path.join(TESTDATA, 'broken')]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /package does not build: broken\.go:4:7: undefined: undefinedName/);
  });

  it('explains usage mistakes with exit code 2', () => {
    assert.equal(cli([]).code, 2);
    assert.equal(cli(['analyse']).code, 2);
    const bad = cli(['analyze', '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be text, json, sarif or github/);
    for (const args of [['analyze', '--help'], ['--help'], ['-h'], ['analyze', '-h'], ['help']]) {
      const help = cli(args);
      assert.equal(help.code, 0, args.join(' '));
      assert.match(help.stdout, /usage: go-escape-hints analyze/);
      assert.equal(help.stderr, '');
    }
  });
});
