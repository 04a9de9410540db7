import assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import type { JsonPitfallFinding, JsonReport } from '../../server/src/analysis/report';
import { FINGERPRINT_KEY } from '../../server/src/cli/formats/sarif';
import { CLI, copyFixture, REPO_ROOT, TESTDATA } from '../helpers/paths';
import { runCli } from '../helpers/runCli';
import { applyEdits } from '../helpers/textEdits';
import { FACT_KINDS } from '../../server/src/compiler/facts';
import { PITFALL_CODES } from '../../server/src/pitfalls/types';

const ESCAPES = path.join(TESTDATA, 'escapes');
const PITFALLS = path.join(TESTDATA, 'pitfalls');

function report(args: string[], cwd: string): JsonReport {
  const run = runCli([...args, '--format', 'json'], { cwd });
  assert.ok(run.code === 0, `${args.join(' ')} in ${cwd}: exit ${run.code}\n${run.stderr}`);
  return JSON.parse(run.stdout) as JsonReport;
}

function pitfallsOf(r: JsonReport): JsonPitfallFinding[] {
  return r.findings.filter((f): f is JsonPitfallFinding => f.kind === 'pitfall');
}

function sarifOf(args: string[], cwd: string, code = 0): Sarif.Log {
  const run = runCli([...args, '--format', 'sarif'], { cwd });
  assert.equal(run.code, code, run.stderr);
  return JSON.parse(run.stdout) as Sarif.Log;
}

describe('pitfalls in the CLI (the language server\'s code)', () => {
  // Every golden file of the server's pitfall tests is a fixed file: the CLI's fix for that line must produce it exactly.
  for (const module of fs.readdirSync(PITFALLS).sort()) {
    it(`${module}: the pitfalls and the fixes the language server gives`, () => {
      const dir = path.join(PITFALLS, module);
      const found = pitfallsOf(report(['analyze', '.', '--tests'], dir));
      const goldenDir = path.join(dir, 'golden');
      const goldens = fs.existsSync(goldenDir) ? fs.readdirSync(goldenDir) : [];
      if (goldens.length === 0 && /-main$|-go123$/.test(module)) assert.deepEqual(found.map((f) => f.id), [], 'a negative case');
      for (const golden of goldens) {
        const quiet = /^(.*)\.line(\d+)\.quiet\.go\.golden$/.exec(golden);
        if (quiet) {
          // A hover-only fix (a parameter's sub-slice: the caller decides): the editor offers it, the CLI does not report it.
          assert.ok(!found.some((f) => f.file === path.join(dir, `${quiet[1]}.go`) && f.position.line === Number(quiet[2])), `no report at ${quiet[1]}.go:${quiet[2]}`);
          continue;
        }
        const [, base, line] = /^(.*)\.line(\d+)\.go\.golden$/.exec(golden)!;
        const file = path.join(dir, `${base}.go`);
        const finding = found.find((f) => f.file === file && f.position.line === Number(line));
        assert.ok(finding, `a pitfall at ${base}.go:${line}; found ${found.map((f) => `${path.basename(f.file)}:${f.position.line}`).join(', ')}`);
        assert.match(finding.id, /^[a-z-]+$/);
        assert.ok(finding.message.length > 10 && finding.help.length > 50);
        const fix = finding.fixes.find((f) => f.preferred);
        assert.ok(fix, 'a preferred fix with its edits');
        assert.equal(applyEdits(fs.readFileSync(file, 'utf8'), fix.edits), fs.readFileSync(path.join(goldenDir, golden), 'utf8'));
      }
    });
  }

  it('--no-pitfalls leaves them out; --pitfalls is the default', () => {
    const dir = path.join(PITFALLS, 'timetick');
    assert.ok(pitfallsOf(report(['analyze', '.'], dir)).some((f) => f.id === 'time-tick-leak'));
    assert.ok(pitfallsOf(report(['analyze', '.', '--pitfalls'], dir)).length > 0);
    assert.deepEqual(pitfallsOf(report(['analyze', '.', '--no-pitfalls'], dir)), []);
  });
});

describe('--format sarif', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid = (log: unknown) => {
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  };

  it('validates against the SARIF 2.1.0 schema, with rules, UTF-16 regions, codeFlows and fingerprints', () => {
    const log = sarifOf(['analyze', '.'], ESCAPES);
    valid(log);
    const run = log.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const rules = run.tool.driver.rules ?? [];
    assert.equal(rules.length, FACT_KINDS.length + PITFALL_CODES.length, 'one rule per fact kind and per pitfall');
    for (const rule of rules) {
      assert.match(rule.helpUri ?? '', /README\.md#(pitfall-)?[a-z-]+$/);
      assert.ok((rule.help?.text ?? '').length > 20);
    }
    const results = run.results ?? [];
    assert.ok(!results.some((r) => r.ruleId === 'can-inline'), 'code scanning gets heap facts and pitfalls by default');
    const p = results.find((r) => (r.message.text ?? '').startsWith('moved to heap: p'))!;
    assert.ok(p);
    assert.equal(rules[p.ruleIndex!].id, 'moved-to-heap');
    assert.deepEqual(p.locations![0].physicalLocation!.region, { startLine: 15, startColumn: 2, endLine: 15, endColumn: 3 });
    assert.equal(p.locations![0].physicalLocation!.artifactLocation!.uri, 'escapes.go');
    assert.match(p.partialFingerprints![FINGERPRINT_KEY], /^[0-9a-f]{32}$/);
    const flow = p.codeFlows![0].threadFlows[0].locations;
    assert.deepEqual(flow.map((l) => l.location!.message!.text), ['flow: ~r0 ← &p', 'from &p (address-of)', 'from return &p (return)']);
    assert.equal(flow[1].location!.physicalLocation!.region!.startLine, 16);
  });

  it('carries pitfall fixes as SARIF fixes, and matches the JSON fingerprints', () => {
    const dir = path.join(PITFALLS, 'timetick');
    const log = sarifOf(['analyze', '.'], dir);
    valid(log);
    const tick = log.runs[0].results!.find((r) => r.ruleId === 'time-tick-leak')!;
    assert.ok(tick);
    assert.equal(tick.level, 'warning');
    const fix = tick.fixes![0];
    assert.match(fix.description!.text ?? '', /time\.NewTicker/);
    assert.ok(fix.artifactChanges[0].replacements.some((r) => r.insertedContent?.text === 'ticker.C'));
    const json = pitfallsOf(report(['analyze', '.'], dir));
    assert.ok(json.some((f) => f.fingerprint === tick.partialFingerprints![FINGERPRINT_KEY]));
  });

  it('keeps partialFingerprints when unrelated lines are inserted above', () => {
    const dir = copyFixture('escapes');
    const before = sarifOf(['analyze', '.'], dir).runs[0].results!.map((r) => `${r.ruleId} ${r.partialFingerprints![FINGERPRINT_KEY]}`).sort();
    const file = path.join(dir, 'escapes.go');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('\ntype Point', '\n// Unrelated.\nconst unrelated = 1\n\ntype Point'));
    const after = sarifOf(['analyze', '.'], dir).runs[0].results!;
    assert.ok(after.some((r) => r.locations![0].physicalLocation!.region!.startLine === 18), 'lines moved');
    assert.deepEqual(after.map((r) => `${r.ruleId} ${r.partialFingerprints![FINGERPRINT_KEY]}`).sort(), before);
  });

  it('reports errors as tool notifications and stays valid', () => {
    const log = sarifOf(['analyze', '.', '--go', '/nonexistent/go'], ESCAPES, 1);
    valid(log);
    const invocation = log.runs[0].invocations![0];
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(invocation.toolExecutionNotifications![0].descriptor!.id, 'go-not-found');
  });
});

describe('--format github', () => {
  it('prints workflow annotations with escaped messages', () => {
    const run = runCli(['analyze', '.', '--format', 'github'], { cwd: ESCAPES });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.ok(lines.every((l) => /^::(warning|notice|error) [^:]*::/.test(l)), lines.find((l) => !/^::(warning|notice|error) /.test(l)));
    // The message is the compiler's, then the cause in words (explain/causes.ts owns the wording).
    assert.ok(lines.some((l) => l.startsWith('::warning file=escapes.go,line=15,endLine=15,col=2,endColumn=3,title=moved-to-heap::moved to heap: p: its address')), lines.slice(0, 3).join('\n'));
    assert.ok(!lines.some((l) => l.includes('can-inline')));
  });
});

describe('the CLI as a tool in a pipeline', () => {
  it('runs one go build for every package of ./... (not one per package)', () => {
    const dir = copyFixture('gate');
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-go-log-'));
    const log = path.join(bin, 'calls.log');
    const realGo = require('child_process').execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim() + '/bin/go';
    fs.writeFileSync(path.join(bin, 'go'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGo}' "$@"\n`, { mode: 0o755 });
    const run = runCli(['analyze', './...', '--go', path.join(bin, 'go'), '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const builds = fs.readFileSync(log, 'utf8').split('\n').filter((l) => /^(build|test) /.test(l));
    assert.equal(builds.length, 1, builds.join('\n'));
    assert.ok(builds[0].includes(path.join(dir, 'decoder')) && builds[0].includes(path.join(dir, 'util')) && builds[0].includes('-gcflags=-m=2'));
    const packages = new Set((JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.package));
    assert.deepEqual([...packages].sort(), ['example.com/gate/decoder', 'example.com/gate/util']);
  });

  it('a package that does not build is an error; the others are still analysed', () => {
    const run = runCli(['analyze', './...', '--tags', 'gatebroken', '--format', 'json'], { cwd: path.join(TESTDATA, 'gate') });
    assert.equal(run.code, 1);
    const r = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(r.errors.map((e) => [e.code, e.message]), [['build-failed', 'example.com/gate/broken: package does not build: broken/broken.go:6:28: undefined: undefinedName']]);
    assert.ok(r.findings.some((f) => f.package === 'example.com/gate/decoder') && r.findings.some((f) => f.package === 'example.com/gate/util'));
  });

  it('stops quietly when the reader closes the pipe (analyze | head -1)', async () => {
    // Enough findings to overflow a pipe's buffer, so the CLI really writes into a closed pipe.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-epipe-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/many\n\ngo 1.21\n');
    const funcs = Array.from({ length: 1500 }, (_, i) => `func F${i}(n int) *int {\n\tv := n\n\treturn &v\n}\n`).join('\n');
    fs.writeFileSync(path.join(dir, 'many.go'), `package many\n\n${funcs}`);
    const child = spawn(process.execPath, [CLI, 'analyze', '.'], { cwd: dir, env: { ...process.env, GOTOOLCHAIN: 'local' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const firstLine = await new Promise<string>((resolve) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        if (buffered.includes('\n')) {
          child.stdout.destroy(); // what `head -1` does after its line
          resolve(buffered.split('\n')[0]);
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.match(firstLine, /many\.go:\d+:\d+: /);
    assert.doesNotMatch(stderr, /EPIPE|Error|at /);
    assert.equal(code, 0);
  });

  it('shows a progress line on a terminal only', () => {
    const piped = runCli(['analyze', './...'], { cwd: path.join(TESTDATA, 'gate') });
    assert.doesNotMatch(piped.stderr, /\r|anchoring/);
    const script = '/usr/bin/script';
    if (!fs.existsSync(script)) return; // util-linux's script gives the CLI a terminal
    const tty = require('child_process').spawnSync(script, ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} analyze ./... --kinds none --no-pitfalls`, '/dev/null'], { cwd: path.join(TESTDATA, 'gate'), encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
    assert.match(tty.stdout, /go build -gcflags=-m=2: 2 packages/);
    assert.match(tty.stdout, /anchoring files 2\/2/);
  });
});
