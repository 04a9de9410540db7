import assert from 'node:assert/strict';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import { extractBuildErrors } from '../../server/src/compiler/buildErrors';
import { CompilerReport } from '../../server/src/compiler/compilerReport';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { classifyCause, explanationSteps } from '../../server/src/explain/causes';
import { anchorFact, SourceSyntax } from '../../server/src/syntax/anchor';
import { GoParser } from '../../server/src/syntax/goParser';
import { LineIndex } from '../../server/src/syntax/textPositions';
import * as fs from 'fs';
import { LineMutator, prng } from '../helpers/mutations';
import { readRecorded, TESTDATA } from '../helpers/paths';

describe('fuzz: the parser never throws', () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const mutator = new LineMutator(prng(seed));
  const random = mutator.random;
  const pick = <T>(items: readonly T[]): T => mutator.pick(items);
  const realLines = readRecorded('go1.26.8', 'escapes').split('\n').concat(readRecorded('go1.19.8', 'encoding-json').split('\n').slice(0, 3000));

  it(`survives 20,000 random and mutated lines (FUZZ_SEED=${seed})`, () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(random() < 0.5 ? mutator.mutate(pick(realLines)) : mutator.randomLine());
    for (let chunk = 0; chunk < lines.length; chunk += 500) {
      const text = lines.slice(chunk, chunk + 500).join(random() < 0.1 ? '\r\n' : '\n');
      const result = parseCompilerOutput(text, { baseDir: '/fuzz' });
      for (const fact of result.facts) {
        assert.equal(typeof fact.kind, 'string');
        assert.ok(Number.isInteger(fact.line));
        classifyCause(fact);
        explanationSteps(fact);
      }
      extractBuildErrors(text);
    }
  });

  it('survives pathological inputs', () => {
    for (const text of ['', '\n\n\n', ':'.repeat(100_000), 'a:1: ' + '('.repeat(50_000), './a.go:1:1: ' + 'x escapes to heap in '.repeat(2000) + ':', '\u0000\uffff\ud800', '#', '# ', './a.go:1:1:   flow: orphan step']) {
      assert.doesNotThrow(() => parseCompilerOutput(text, { baseDir: '/fuzz' }));
      assert.doesNotThrow(() => {
        const report = CompilerReport.index(text, { baseDir: '/fuzz' });
        for (const file of report.files) report.factsIn(file);
      });
    }
  });
});

describe('fuzz: anchoring never throws on facts that do not fit the file', () => {
  let source: SourceSyntax;
  before(async () => {
    const text = fs.readFileSync(path.join(TESTDATA, 'escapes/escapes.go'), 'utf8');
    source = { tree: (await GoParser.load()).parse(text), lines: new LineIndex(text) };
  });

  it('anchors or declines 5,000 mutated facts', () => {
    const random = prng(42);
    const facts = parseCompilerOutput(readRecorded('go1.26.8', 'escapes'), { baseDir: path.join(TESTDATA, 'escapes') }).facts;
    for (let i = 0; i < 5000; i++) {
      const base = facts[Math.floor(random() * facts.length)];
      const fact = { ...base, line: Math.floor(random() * 140) - 2, column: random() < 0.2 ? null : Math.floor(random() * 300) - 2, subject: random() < 0.3 ? '' : base.subject };
      const anchor = anchorFact(fact, source);
      if (anchor) assert.ok(anchor.range.end.line > anchor.range.start.line || anchor.range.end.character > anchor.range.start.character, 'never zero-width');
    }
  });
});
