import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { CompilerReport } from '../../server/src/compiler/compilerReport';
import { LineDirectives } from '../../server/src/compiler/lineDirectives';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { resolveCompilerPath } from '../../server/src/compiler/positions';
import { runCompiler } from '../../server/src/go/compilerRun';
import { GoParser } from '../../server/src/syntax/goParser';
import { allGos } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';

const DIR = path.join(TESTDATA, 'linedirective');
const PARSER = path.join(DIR, 'parser.go');

function directivesOf(files: string[]): LineDirectives {
  const directives = LineDirectives.fromSources(files.map((f) => [f, fs.readFileSync(f, 'utf8')] as [string, string]), (printed) => resolveCompilerPath(printed, { baseDir: DIR }));
  assert.ok(directives);
  return directives;
}

describe('//line directives', async () => {
  const gos = await allGos();
  let sources: DiskSources;
  before(async () => {
    sources = new DiskSources(await GoParser.load());
  });
  after(() => sources.dispose());

  for (const go of gos) {
    it(`${go.version.raw}: facts printed under grammar.y map back to parser.go's lines, or sit on their directive marked as rewritten`, async () => {
      const result = await analyzePackage(go, DIR);
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.ok(result.value.files.includes(PARSER), 'parser.go has facts (before: none, "0 heap allocations")');
      const anchored = anchorFacts(result.value.facts, (file) => sources.get(file));
      const lines = fs.readFileSync(PARSER, 'utf8').split('\n');
      const at = (message: string) =>
        anchored
          .filter((a) => a.fact.file === PARSER && a.fact.message === message)
          .map((a) => `${a.anchor.range.start.line + 1}: ${lines[a.anchor.range.start.line].slice(a.anchor.range.start.character, a.anchor.range.end.character)} (${a.fact.details.lineDirective?.printed}${a.fact.details.lineDirective?.placed ? '' : ', not placed'})`)
          .sort();
      assert.deepEqual(at('&Node{...} escapes to heap'), ['13: &Node{n} (grammar.y:11)', '23: &Node{1} (grammar.y:31:9)', '26: &Node{2} (grammar.y:40:33)']);
      assert.deepEqual(at('v escapes to heap'), ['18: v (grammar.y:21)']);
      // Two directives both name grammar.y:50: line 51 is either function's. Not guessed: shown on the first such directive.
      assert.deepEqual(at('moved to heap: x'), ['28: //line grammar.y:50 (grammar.y:51, not placed)']);
      assert.deepEqual(at('moved to heap: y'), ['28: //line grammar.y:50 (grammar.y:51, not placed)']);
      assert.equal(result.value.facts.filter((f) => f.file.endsWith('grammar.y')).length, 0, 'no fact is left under the //line name');
      assert.equal(anchored.length, result.value.facts.length, 'none is dropped');
    });
  }

  for (const go of gos) {
    it(`${go.version.raw}: a real goyacc parser (//line expr.y, //line yaccpar): every fact lands in expr.go, on a line that reads like it`, async () => {
      const dir = path.join(TESTDATA, 'goyacc');
      const file = path.join(dir, 'expr.go');
      const result = await analyzePackage(go, dir);
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.deepEqual(result.value.files, [file]);
      const facts = result.value.facts;
      assert.ok(facts.filter((f) => f.details.lineDirective?.placed).length > 20, 'facts printed under expr.y and yaccpar are mapped');
      const anchored = anchorFacts(facts, (f) => sources.get(f));
      assert.equal(anchored.length, facts.length, 'none is dropped');
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      // A mapped fact anchors on its own line; a heap fact about a variable or a literal finds it there.
      const elsewhere = anchored.filter(({ fact, anchor }) => fact.details.lineDirective?.placed && anchor.range.start.line !== fact.line - 1);
      assert.deepEqual(elsewhere.map(({ fact }) => `${fact.line} ${fact.message}`), []);
      const plain = anchored.filter(({ fact }) => fact.details.lineDirective?.placed && fact.kind === 'escapes-to-heap' && /^(\w+|"[^"]*")$/.test(fact.subject));
      assert.ok(plain.length >= 4);
      assert.deepEqual(plain.filter(({ fact }) => !lines[fact.line - 1].includes(fact.subject)).map(({ fact }) => `${fact.line} ${fact.message}`), []);
      // expr.y:45 is covered by two directives (expr.y:29 over a long table, expr.y:43 over the actions): not guessed.
      const unplaced = anchored.filter(({ fact }) => fact.details.lineDirective?.placed === false);
      assert.ok(unplaced.every(({ anchor }) => lines[anchor.range.start.line].startsWith('//line ')), 'an unplaced fact sits on a //line directive');
    });
  }

  it('the report read file by file maps as the whole parse does', async () => {
    const run = await runCompiler({ toolchain: gos[0], dir: DIR });
    assert.ok(run.ok);
    const resolution = { baseDir: DIR, lineDirectives: directivesOf([PARSER, path.join(DIR, 'plain.go')]) };
    const whole = parseCompilerOutput(run.value.output, resolution).facts;
    const report = CompilerReport.index(run.value.output, resolution);
    assert.deepEqual(report.files.sort(), [PARSER, path.join(DIR, 'plain.go')]);
    assert.deepEqual(JSON.parse(JSON.stringify(report.factsIn(PARSER))), JSON.parse(JSON.stringify(whole.filter((f) => f.file === PARSER))));
    // The steps of a chain printed under grammar.y are mapped too.
    const steps = whole.flatMap((f) => f.explanations.flatMap((e) => e.steps)).filter((s) => s.position);
    assert.ok(steps.length > 0);
    assert.ok(steps.every((s) => !s.position!.file.endsWith('grammar.y')), 'every step position is in a Go file');
  });

  it('reads FILE:LINE:COL from the end (file names may hold colons), block comments in a line, and `//line :N`', () => {
    const file = '/p/x.go';
    const text = ['package p', '//line C:/src/a.y:7:3', 'var a = 1', '/*line b.y:20:5*/ var b = 2', '//line :40', 'var c = 3', ''].join('\n');
    const directives = LineDirectives.fromSources([[file, text]], (printed) => resolveCompilerPath(printed, { baseDir: '/p' }));
    assert.ok(directives);
    assert.deepEqual(directives.toReal('/p/C:/src/a.y', 7, 3), { mapped: true, file, line: 3, column: 1 });
    const inline = Buffer.byteLength('/*line b.y:20:5*/') + 1;
    assert.deepEqual(directives.toReal('/p/b.y', 20, 9), { mapped: true, file, line: 4, column: inline + 4 });
    assert.deepEqual(directives.toReal('/p/??', 40, null), { mapped: true, file, line: 6, column: null });
    assert.equal(directives.toReal('/p/other.go', 1, 1), undefined, 'a file no directive names is not rewritten');
    assert.equal(LineDirectives.fromSources([[file, 'package p\n// a comment about //line directives\n']], (p) => p), undefined);
    // Naming a Go file of the package (a reset to itself): its own facts print under that name too, so nothing is remapped.
    assert.equal(LineDirectives.fromSources([[file, 'package p\n//line x.go:100\nvar a = 1\n']], (printed) => resolveCompilerPath(printed, { baseDir: '/p' })), undefined);
  });
});
