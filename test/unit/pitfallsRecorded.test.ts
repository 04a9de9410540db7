import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { parseGoDirective } from '../../server/src/go/toolchain';
import { carryFindingsThroughChange, detectPitfalls, PITFALL_CODES, PitfallCode, PitfallFinding } from '../../server/src/pitfalls';
import { atLeast } from '../../server/src/pitfalls/types';
import { GoParser } from '../../server/src/syntax/goParser';
import { packageName } from '../../server/src/syntax/goSyntax';
import { RECORDED_GO, recordedFile, RecordedFile } from '../helpers/recordedFacts';
import { TESTDATA } from '../helpers/paths';
import { applyEdits } from '../helpers/textEdits';

interface Expected {
  code: PitfallCode;
  /** 1-based line. */
  line: number;
  fix: boolean;
}

/**
 * The pitfalls of test/testdata/pitfalls/*, found on each module's recorded compiler report (no go
 * run: these run once per mutant in `npm run test:mutation`). The same expectations as the server
 * tier (test/server/pitfalls.test.ts), less the `_test.go` file, whose facts `go build` does not report.
 */
const SCENARIOS: { module: string; file: string; expected: Expected[] }[] = [
  { module: 'timetick', file: 'ticks.go', expected: [{ code: 'time-tick-leak', line: 7, fix: true }, { code: 'time-tick-leak', line: 19, fix: true }, { code: 'time-tick-leak', line: 26, fix: false }] },
  { module: 'timetick', file: 'alias.go', expected: [{ code: 'time-tick-leak', line: 8, fix: true }] },
  { module: 'timetick-main', file: 'main.go', expected: [] },
  { module: 'timetick-go122', file: 'ticks.go', expected: [{ code: 'time-tick-leak', line: 7, fix: true }] },
  { module: 'timetick-go123', file: 'ticks.go', expected: [] },
  {
    module: 'subslice',
    file: 'slices.go',
    expected: [
      { code: 'sub-slice-pinning', line: 5, fix: true },
      { code: 'sub-slice-pinning', line: 10, fix: true },
      { code: 'sub-slice-pinning', line: 15, fix: true },
      { code: 'sub-slice-pinning', line: 22, fix: true },
      { code: 'queue-reslice-leak', line: 46, fix: true },
      { code: 'sub-slice-pinning', line: 63, fix: true },
    ],
  },
  { module: 'subslice-old', file: 'slices.go', expected: [{ code: 'sub-slice-pinning', line: 5, fix: true }, { code: 'sub-slice-pinning', line: 10, fix: true }, { code: 'queue-reslice-leak', line: 20, fix: true }] },
  { module: 'boxing', file: 'labels.go', expected: [{ code: 'interface-boxing', line: 7, fix: true }] },
  {
    module: 'boxing',
    file: 'format.go',
    expected: [
      { code: 'interface-boxing', line: 12, fix: true },
      { code: 'interface-boxing', line: 24, fix: true },
      { code: 'interface-boxing', line: 29, fix: true },
      { code: 'interface-boxing', line: 34, fix: false },
      { code: 'interface-boxing', line: 46, fix: true },
      { code: 'interface-boxing', line: 55, fix: true },
    ],
  },
  { module: 'pool', file: 'pool.go', expected: [{ code: 'sync-pool-value', line: 16, fix: true }] },
  {
    module: 'prealloc',
    file: 'collect.go',
    expected: [
      { code: 'slice-preallocation', line: 7, fix: true },
      { code: 'slice-preallocation', line: 16, fix: true },
      { code: 'slice-preallocation', line: 25, fix: true },
      { code: 'slice-preallocation', line: 63, fix: true },
    ],
  },
];

const ALL_ENABLED = Object.fromEntries(PITFALL_CODES.map((code) => [code, true])) as Record<PitfallCode, boolean>;

/** The module's `go` directive, read from its go.mod as `go list` reports it. */
function goDirective(dir: string): string | undefined {
  return /^go\s+(\S+)/m.exec(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'))?.[1];
}

/** Runs every pitfall on one fixture file, as the session does after a build. */
function detect(recorded: RecordedFile, dir: string, enabled = ALL_ENABLED, goVersion = goDirective(dir)): PitfallFinding[] {
  const others = fs.readdirSync(dir).filter((f) => f.endsWith('.go') && path.join(dir, f) !== recorded.file).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const failures: string[] = [];
  const findings = detectPitfalls(
    {
      file: recorded.file,
      syntax: recorded.syntax,
      facts: recorded.facts,
      packageName: packageName(recorded.syntax.tree.rootNode),
      isTestFile: recorded.file.endsWith('_test.go'),
      goVersion: parseGoDirective(goVersion),
      mentionedInOtherFiles: (name) => others.some((text) => new RegExp(`\\b${name}\\b`).test(text)),
    },
    enabled,
    (message) => failures.push(message),
  );
  assert.deepEqual(failures, [], 'no detector fails');
  return findings;
}

describe(`pitfalls on ${RECORDED_GO} recorded reports of test/testdata/pitfalls`, () => {
  let parser: GoParser;
  before(async () => {
    parser = await GoParser.load();
  });

  for (const scenario of SCENARIOS) {
    describe(`${scenario.module}/${scenario.file}`, () => {
      const dir = path.join(TESTDATA, 'pitfalls', scenario.module);
      let recorded: RecordedFile;
      let findings: PitfallFinding[];
      before(() => {
        recorded = recordedFile(parser, `pitfalls-${scenario.module}`, path.join('pitfalls', scenario.module), scenario.file);
        findings = detect(recorded, dir);
      });
      after(() => recorded.dispose());

      it('finds exactly the expected pitfalls, each explained', () => {
        assert.deepEqual(findings.map((f) => `${f.code}:${f.range.start.line + 1}`).sort(), scenario.expected.map((e) => `${e.code}:${e.line}`).sort());
        for (const finding of findings) {
          assert.ok(finding.message.length > 20, `${finding.code} has a message`);
          assert.ok(finding.explanation.length > 80, `${finding.code} has an explanation`);
          assert.ok(['warning', 'information', 'hint'].includes(finding.severity));
          const text = recorded.text.split('\n')[finding.range.start.line].slice(finding.range.start.character);
          assert.ok(text.trim().length > 0, 'the range starts on code');
        }
      });

      it('lists what happens in a loop first, the rest in line order', () => {
        const order = findings.map((f) => [Number(!f.inLoop), f.range.start.line]);
        const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        assert.deepEqual(order, sorted);
      });

      for (const expected of scenario.expected) {
        it(`${expected.code} on line ${expected.line}: ${expected.fix ? 'its one preferred fix gives the golden file' : 'no fix'}`, () => {
          const finding = findings.find((f) => f.code === expected.code && f.range.start.line + 1 === expected.line);
          assert.ok(finding);
          if (!expected.fix) {
            assert.deepEqual(finding.fixes, []);
            return;
          }
          assert.equal(finding.fixes.length, 1);
          const [fix] = finding.fixes;
          assert.equal(fix.preferred, true);
          assert.ok(fix.title.length > 5);
          // A quiet finding (a parameter's sub-slice: the caller decides) keeps its fix in a `.quiet` golden.
          const golden = path.join(dir, 'golden', `${path.basename(scenario.file, '.go')}.line${expected.line}${finding.quiet ? '.quiet' : ''}.go.golden`);
          assert.equal(applyEdits(recorded.text, fix.edits), fs.readFileSync(golden, 'utf8'));
        });
      }
    });
  }

  it('finds nothing when every pitfall is disabled, and only the enabled kind otherwise', () => {
    const dir = path.join(TESTDATA, 'pitfalls', 'subslice');
    const recorded = recordedFile(parser, 'pitfalls-subslice', 'pitfalls/subslice', 'slices.go');
    try {
      const none = Object.fromEntries(PITFALL_CODES.map((code) => [code, false])) as Record<PitfallCode, boolean>;
      assert.deepEqual(detect(recorded, dir, none), []);
      const only = detect(recorded, dir, { ...none, 'queue-reslice-leak': true });
      assert.deepEqual(only.map((f) => f.code), ['queue-reslice-leak']);
    } finally {
      recorded.dispose();
    }
  });

  describe('time.Tick and the Go 1.23 boundary', () => {
    const dir = path.join(TESTDATA, 'pitfalls', 'timetick-go122');
    const leaks = (goVersion: string | undefined) => {
      const recorded = recordedFile(parser, 'pitfalls-timetick-go122', 'pitfalls/timetick-go122', 'ticks.go');
      try {
        return detect(recorded, dir, ALL_ENABLED, goVersion).filter((f) => f.code === 'time-tick-leak');
      } finally {
        recorded.dispose();
      }
    };
    it('warns for go 1.22 and older, and for an unknown version', () => {
      for (const version of ['1.22', '1.22.9', '1.21', '1.19', '1.9', undefined]) assert.equal(leaks(version).length, 1, `go ${version}`);
    });
    it('is silent from go 1.23', () => {
      for (const version of ['1.23', '1.23.0', '1.23rc1', '1.24', '1.100', '2.0']) assert.equal(leaks(version).length, 0, `go ${version}`);
    });
    it('says which version the module declares and what to do', () => {
      const [finding] = leaks('1.22');
      assert.match(finding.explanation, /`go 1\.22`/);
      assert.match(finding.explanation, /time\.NewTicker/);
      assert.match(finding.message, /before Go 1\.23/);
      assert.equal(finding.severity, 'warning');
    });
  });

  describe('findings carried through an edit before the next analysis', () => {
    const dir = path.join(TESTDATA, 'pitfalls', 'timetick');
    let recorded: RecordedFile;
    let findings: PitfallFinding[];
    before(() => {
      recorded = recordedFile(parser, 'pitfalls-timetick', 'pitfalls/timetick', 'ticks.go');
      findings = detect(recorded, dir);
    });
    after(() => recorded.dispose());
    const insert = (line: number, text: string) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text });

    it('move down with their fixes when lines are inserted above them', () => {
      const carried = carryFindingsThroughChange(findings, insert(0, '// a\n// b\n'));
      assert.equal(carried.length, findings.length);
      carried.forEach((finding, i) => {
        assert.equal(finding.range.start.line, findings[i].range.start.line + 2);
        assert.equal(finding.message, findings[i].message);
        finding.fixes.forEach((fix, j) => fix.edits.forEach((edit, k) => assert.equal(edit.range.start.line, findings[i].fixes[j].edits[k].range.start.line + 2)));
      });
      // The carried fix still gives the golden file, on the edited text.
      const edited = `// a\n// b\n${recorded.text}`;
      const line7 = carried.find((f) => f.range.start.line === 8)!;
      assert.equal(applyEdits(edited, line7.fixes[0].edits), `// a\n// b\n${fs.readFileSync(path.join(dir, 'golden', 'ticks.line7.go.golden'), 'utf8')}`);
    });

    it('stay as they are with an edit below all of them', () => {
      const end = recorded.text.split('\n').length - 1;
      assert.deepEqual(carryFindingsThroughChange(findings, insert(end, '// end\n')), findings);
    });

    it('are dropped when the edit touches the finding or any edit of its fix', () => {
      const first = findings.find((f) => f.range.start.line === 6)!;
      const { start } = first.range;
      const touched = carryFindingsThroughChange(findings, { range: { start, end: { line: start.line, character: start.character + 1 } }, text: 'x' });
      assert.equal(touched.length, findings.length - 1);
      assert.ok(!touched.some((f) => f.range.start.line === 6));
      const fixEdit = first.fixes[0].edits.find((e) => e.range.start.line !== start.line || e.range.end.character <= start.character);
      assert.ok(fixEdit, 'the fix writes before the finding');
      assert.deepEqual(carryFindingsThroughChange([first], { range: fixEdit.range, text: 'zz' }), [], 'an edit where the fix would write drops it');
    });
  });

  it('logs a detector that fails, instead of failing the analysis', () => {
    const dir = path.join(TESTDATA, 'pitfalls', 'pool');
    const recorded = recordedFile(parser, 'pitfalls-pool', 'pitfalls/pool', 'pool.go');
    try {
      const logged: string[] = [];
      const context = {
        file: recorded.file,
        syntax: recorded.syntax,
        facts: recorded.facts,
        packageName: packageName(recorded.syntax.tree.rootNode),
        isTestFile: false,
        goVersion: parseGoDirective(goDirective(dir)),
        mentionedInOtherFiles: (): boolean => {
          throw new Error('cannot read the other files');
        },
      };
      const findings = detectPitfalls({ ...context, syntax: recorded.syntax }, ALL_ENABLED, (message) => logged.push(message));
      assert.ok(!findings.some((f) => f.code === 'sync-pool-value'), 'the failing detector gives nothing');
      assert.equal(logged.length, 1);
      assert.match(logged[0], /^pitfall sync-pool-value failed on .*pool\.go: Error: cannot read the other files/);
    } finally {
      recorded.dispose();
    }
  });

  it('compares Go versions by major, then minor', () => {
    assert.equal(atLeast({ major: 1, minor: 23 }, 1, 23), true);
    assert.equal(atLeast({ major: 1, minor: 22 }, 1, 23), false);
    assert.equal(atLeast({ major: 2, minor: 0 }, 1, 23), true);
    assert.equal(atLeast({ major: 0, minor: 99 }, 1, 23), false);
    assert.equal(atLeast(undefined, 1, 0), false);
  });
});
