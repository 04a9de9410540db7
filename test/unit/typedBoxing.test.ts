import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import { analyzePackage } from '../../server/src/analysis/analyzePackage';
import { anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { ExpressionTypes, queryExpressionTypes, spanOfNode } from '../../server/src/go/expressionTypes';
import type { GoToolchain } from '../../server/src/go/toolchain';
import { InterfaceBoxingPitfall } from '../../server/src/pitfalls/interfaceBoxing';
import { expressionsToType } from '../../server/src/pitfalls/typedQuestions';
import type { Pitfall, PitfallFinding } from '../../server/src/pitfalls/types';
import { SyncPoolValuePitfall } from '../../server/src/pitfalls/syncPoolValue';
import { QueueReslicePitfall } from '../../server/src/pitfalls/queueReslice';
import { GoParser } from '../../server/src/syntax/goParser';
import type { SyntaxNode } from '../../server/src/syntax/goParser';
import { GoDocument } from '../../server/src/workspace/goDocument';
import { trackFacts } from '../../server/src/workspace/trackedFacts';
import { currentGo, goroot } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';
import { applyEdits } from '../helpers/textEdits';

const HELPER_CACHE = path.join(os.tmpdir(), 'geh-types-helper-test-cache');
const FIXTURE = path.join(TESTDATA, 'typedfixes');

/** The rewrite expected for each function's fmt call: exact, reviewed by hand against fmt/print.go. */
const EXPECTED_REWRITES: Record<string, string> = {
  Visited: 'u.Name + " visited " + strconv.Itoa(visits) + " times"',
  Fields: 'u.Name + ": " + strconv.FormatInt(u.Score, 10) + "/" + strconv.FormatUint(uint64(u.Size), 10) + ", admin=" + strconv.FormatBool(u.Admin) + ", " + strconv.Quote(u.Name) + " x" + strconv.Itoa(int(u.Visits))',
  Labelled: '"[" + string(u.Label()) + "] " + strconv.Itoa(int(c)) + " (" + strconv.Itoa(n) + ")"',
  // a␣b: neither is a string; b,s / s,c / c?: a string on either side, no space; c␣a; a,n: n is a string; n,b no space.
  Spaced: 'strconv.Itoa(a) + " " + strconv.Itoa(b) + s + strconv.Itoa(int(c)) + " " + strconv.Itoa(a) + string(n) + strconv.Itoa(b)',
  Line: 'strconv.FormatInt(int64(n), 10) + " " + string(s) + " " + strconv.FormatBool(ok) + "\\n"',
  Hex: 'strconv.FormatUint(uint64(x), 16) + "-" + strconv.FormatInt(int64(y), 16)',
  Percent: 'strconv.FormatUint(uint64(p), 10) + "%\\t\\"done\\""',
};
/** Boxing findings that must stay without a fix, and what their hover must say (Wrap's fmt.Errorf is on the error path: not reported at all). */
const REFUSED: Record<string, RegExp> = {
  LevelName: /has a `String` method/,
  Bumped: /`u\.Bump\(\)` is called before fmt reads `u\.Score`/,
  Padded: /flags, a width/,
  Float: /float64/,
  Write: /fmt\.Fprintf/,
};

interface Detected {
  root: SyntaxNode;
  findings: PitfallFinding[];
  functionOf(finding: PitfallFinding): string;
}

let parser: GoParser;

/** The boxing pitfall on one file of a package, as the server runs it after the types helper answered. */
async function detectBoxing(go: GoToolchain, dir: string, file: string, typed: boolean, pitfall: Pitfall = InterfaceBoxingPitfall): Promise<Detected> {
  const text = fs.readFileSync(file, 'utf8');
  const analysed = await analyzePackage(go, dir);
  assert.ok(analysed.ok, analysed.ok ? '' : analysed.error.message);
  const document = new GoDocument(`file://${file}`, 'go', 1, text, parser);
  const syntax = document.syntax();
  const tracked = trackFacts(anchorFacts(analysed.value.factsIn(file), () => syntax), file, syntax, () => undefined);
  let types: ExpressionTypes | undefined;
  if (typed) {
    const nodes = expressionsToType(syntax.tree.rootNode);
    const answer = await queryExpressionTypes(go, { dir, queries: [{ file, ranges: nodes.map((n) => spanOfNode(n, syntax.lines)) }] }, { cacheDir: HELPER_CACHE });
    assert.ok(answer.ok, answer.ok ? '' : answer.error.message);
    types = answer.value;
    assert.equal(types.size, nodes.length, 'the helper types every fmt argument');
  }
  const findings = pitfall.detect({
    file,
    syntax,
    facts: tracked,
    packageName: 'typedfixes',
    isTestFile: false,
    goVersion: { major: 1, minor: 21 },
    mentionedInOtherFiles: () => true,
    expressionTypes: types && ((node) => types!.typeOf(file, node, syntax.lines)),
  });
  const functionOf = (finding: PitfallFinding): string => {
    let node: SyntaxNode | null = syntax.tree.rootNode.descendantForPosition({ row: finding.range.start.line, column: finding.range.start.character });
    while (node && node.type !== 'function_declaration' && node.type !== 'method_declaration') node = node.parent;
    return node?.childForFieldName('name')?.text ?? '?';
  };
  return { root: syntax.tree.rootNode, findings, functionOf };
}

describe('typed boxing fixes (real compiler, real types helper, real go test)', () => {
  let go: GoToolchain;
  let original: string;
  let typed: Detected;
  before(async () => {
    go = await currentGo();
    parser = await GoParser.load();
    original = fs.readFileSync(path.join(FIXTURE, 'format.go'), 'utf8');
    typed = await detectBoxing(go, FIXTURE, path.join(FIXTURE, 'format.go'), true);
  });

  it('offers the rewrite exactly where it is exact, once per call, and says why not elsewhere', () => {
    const fixed = new Map<string, string>();
    for (const finding of typed.findings) {
      const name = typed.functionOf(finding);
      for (const fix of finding.fixes) {
        assert.ok(!fixed.has(name), `one fix per call (${name})`);
        fixed.set(name, fix.edits[fix.edits.length - 1].newText);
        assert.equal(fix.preferred, true);
      }
    }
    assert.deepEqual(Object.fromEntries(fixed), EXPECTED_REWRITES);
    for (const [name, reason] of Object.entries(REFUSED)) {
      const refused = typed.findings.filter((f) => typed.functionOf(f) === name);
      assert.ok(refused.length > 0, `${name} has a boxing finding`);
      for (const finding of refused) {
        assert.equal(finding.fixes.length, 0, `${name}: no fix`);
        assert.match(finding.explanation, reason, `${name}: the hover says why`);
      }
    }
  });

  it("the example project's Describe gets its fix", async () => {
    const dir = path.join(TESTDATA, '..', '..', 'examples', 'allocations');
    const example = await detectBoxing(go, dir, path.join(dir, 'allocations.go'), true);
    const describe = example.findings.filter((f) => example.functionOf(f) === 'Describe');
    assert.equal(describe.length, 2, 'u.Name and visits are boxed');
    const fixes = describe.flatMap((f) => f.fixes);
    assert.equal(fixes.length, 1, 'one fix for the call');
    assert.equal(fixes[0].edits[fixes[0].edits.length - 1].newText, 'u.Name + " visited " + strconv.Itoa(visits) + " times"');
    assert.ok(fixes[0].edits.some((e) => e.newText.includes('"strconv"')), 'strconv is imported');
  });

  it('sync.Pool typed by the helper: a pool in a field declared elsewhere or returned by a function; another Put is not a pool', async () => {
    const file = path.join(FIXTURE, 'pool.go');
    const typedPool = await detectBoxing(go, FIXTURE, file, true, SyncPoolValuePitfall);
    assert.deepEqual(typedPool.findings.map((f) => typedPool.functionOf(f)).sort(), ['ReleaseField', 'ReleaseReturned']);
    const untypedPool = await detectBoxing(go, FIXTURE, file, false, SyncPoolValuePitfall);
    assert.deepEqual(untypedPool.findings, [], 'the file spells none of these pools');
    // Without types the Puts read as plain boxing; with them, the sync.Pool pitfall says it (no double report).
    const untypedBoxing = await detectBoxing(go, FIXTURE, file, false);
    assert.deepEqual(untypedBoxing.findings.map((f) => untypedBoxing.functionOf(f)).sort(), ['ReleaseField', 'ReleaseReturned']);
    const boxing = await detectBoxing(go, FIXTURE, file, true);
    assert.deepEqual(boxing.findings, []);
  });

  it('queue reslice typed by the helper: a queue of pointers in a field declared elsewhere is cleared; a queue of ints is not', async () => {
    const file = path.join(FIXTURE, 'queue.go');
    const typedQueue = await detectBoxing(go, FIXTURE, file, true, QueueReslicePitfall);
    assert.deepEqual(typedQueue.findings.map((f) => typedQueue.functionOf(f)), ['NextJob']);
    const fix = typedQueue.findings[0].fixes[0];
    assert.equal(fix?.edits[0].newText.trim(), 'clear(s.jobs[:1])');
    assert.match(typedQueue.findings[0].explanation, /holds `\*Job` values/);
    const untypedQueue = await detectBoxing(go, FIXTURE, file, false, QueueReslicePitfall);
    assert.deepEqual(untypedQueue.findings, [], 'the file spells no queue type');
    // The fix builds and is gofmt-clean.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-typed-queue-'));
    fs.cpSync(FIXTURE, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, 'queue.go'), applyEdits(fs.readFileSync(file, 'utf8'), fix.edits));
    assert.equal(execFileSync(path.join(goroot(go), 'bin', 'gofmt'), ['-l', path.join(copy, 'queue.go')], { encoding: 'utf8' }), '');
    const vet = spawnSync(go.goPath, ['vet', '.'], { cwd: copy, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
    assert.equal(vet.status, 0, vet.stderr);
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('without the helper, only what the source spells is rewritten (no method result, no named type)', async () => {
    const untyped = await detectBoxing(go, FIXTURE, path.join(FIXTURE, 'format.go'), false);
    const withFix = new Set(untyped.findings.filter((f) => f.fixes.length > 0).map((f) => untyped.functionOf(f)));
    // A field this file declares with a basic type is spelled too (Visited); Fields (a named-type field), Labelled, Spaced and Line need the helper.
    assert.deepEqual([...withFix].sort(), ['Hex', 'Percent', 'Visited'], 'only calls whose arguments are all declared with basic types');
    // The helper is asked only where a missing type is what stands in the way (not Padded's width, Float's float, Bumped's order).
    const asked = new Set(expressionsToType(untyped.root, untyped.findings).map((node) => {
      let n: SyntaxNode | null = node;
      while (n && n.type !== 'function_declaration') n = n.parent;
      return n?.childForFieldName('name')?.text;
    }));
    assert.deepEqual([...asked].sort(), ['Fields', 'Labelled', 'LevelName', 'Line', 'Spaced']);
    const wrap = typed.findings.filter((f) => typed.functionOf(f) === 'Wrap');
    assert.equal(wrap.length, 0, 'fmt.Errorf on the error path is not reported');
  });

  it('every fix: builds, gofmt-clean, the same strings as the original on the whole input table, and the boxing gone on re-analysis', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-typed-boxing-'));
    fs.writeFileSync(path.join(work, 'go.mod'), 'module example.com/compare\n\ngo 1.21\n');
    const copy = (name: string, formatText: string) => {
      const dir = path.join(work, name);
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(FIXTURE, 'cases.go'), path.join(dir, 'cases.go'));
      fs.writeFileSync(path.join(dir, 'format.go'), formatText);
      return dir;
    };
    copy('orig', original);
    const gofmt = path.join(goroot(go), 'bin', 'gofmt');
    const fixes = typed.findings.filter((f) => f.fixes.length > 0).map((f) => ({ name: typed.functionOf(f), fix: f.fixes[0] }));
    assert.equal(fixes.length, Object.keys(EXPECTED_REWRITES).length);
    for (const { name, fix } of fixes) {
      const dir = copy(`fix${name}`, applyEdits(original, fix.edits));
      assert.equal(execFileSync(gofmt, ['-l', path.join(dir, 'format.go')], { encoding: 'utf8' }), '', `${name}: gofmt-clean`);
      // The generated test: original and rewritten package, the same calls, byte-for-byte equal results.
      fs.writeFileSync(
        path.join(work, `fix${name}_test.go`),
        [
          'package compare',
          '',
          'import (',
          '\t"testing"',
          '',
          `\tfixed "example.com/compare/fix${name}"`,
          '\torig "example.com/compare/orig"',
          ')',
          '',
          `func TestFix${name}(t *testing.T) {`,
          '\tif len(orig.Cases) != len(fixed.Cases) || len(orig.Cases) < 100 {',
          '\t\tt.Fatalf("%d cases, %d rewritten", len(orig.Cases), len(fixed.Cases))',
          '\t}',
          '\tfor i := range orig.Cases {',
          '\t\tif want, got := orig.Cases[i](), fixed.Cases[i](); want != got {',
          '\t\t\tt.Errorf("case %d: fmt gives %q, the rewrite %q", i, want, got)',
          '\t\t}',
          '\t}',
          '}',
          '',
        ].join('\n'),
      );
    }
    fs.writeFileSync(path.join(work, 'compare.go'), 'package compare\n');
    const test = spawnSync(go.goPath, ['test', '-count=1', '-v', '.'], { cwd: work, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' } });
    assert.equal(test.status, 0, test.stdout + test.stderr);
    for (const { name } of fixes) assert.match(test.stdout, new RegExp(`--- PASS: TestFix${name}\\b`));

    // Re-analysis of each fixed package: the rewritten function has no boxing left, the others keep theirs.
    const before = new Set(typed.findings.map((f) => typed.functionOf(f)));
    for (const { name } of fixes) {
      const dir = path.join(work, `fix${name}`);
      const after = await detectBoxing(go, dir, path.join(dir, 'format.go'), false);
      const remaining = new Set(after.findings.map((f) => after.functionOf(f)));
      assert.deepEqual([...remaining].sort(), [...before].filter((n) => n !== name).sort(), `${name}: its boxing is gone, no other changed`);
    }
    fs.rmSync(work, { recursive: true, force: true });
  });
});
