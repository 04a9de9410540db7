import assert from 'node:assert/strict';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import { isCountedAllocation } from '../../server/src/classify/classification';
import { runProcess } from '../../server/src/go/runProcess';
import type { SyntaxNode } from '../../server/src/syntax/goParser';
import { GoParser } from '../../server/src/syntax/goParser';
import { LineIndex } from '../../server/src/syntax/textPositions';
import * as fs from 'fs';
import { ClassifiedPackage, classifyPackage } from '../helpers/allocationFigures';
import { allGos } from '../helpers/goToolchains';
import { TESTDATA } from '../helpers/paths';

const FIXTURE = path.join(TESTDATA, 'allocs');

/** `testing.AllocsPerRun` of every function of the fixture, from its own `go test` (allocs_test.go prints them). */
async function measuredAllocations(goPath: string, env: NodeJS.ProcessEnv): Promise<Map<string, number>> {
  const result = await runProcess(goPath, ['test', '-run', '^TestMeasure$', '-v', '-count=1', '.'], { cwd: FIXTURE, env, timeoutMs: 300_000 });
  if (result.exitCode !== 0) throw new Error(`go test failed in ${FIXTURE}: ${result.stdout}${result.stderr}`);
  const measured = new Map<string, number>();
  for (const match of result.stdout.matchAll(/^ALLOCS (\w+) ([\d.]+)$/gm)) measured.set(match[1], Number(match[2]));
  return measured;
}

/** Counted allocations (allocating, not on a cold path) per top-level function, from the real analysis. */
async function countedAllocations(classified: ClassifiedPackage): Promise<Map<string, number>> {
  const parser = await GoParser.load();
  const counts = new Map<string, number>();
  const trees = new Map<string, { root: SyntaxNode; lines: LineIndex }>();
  try {
    for (const { fact, anchor, classification } of classified.heapFacts) {
      if (!trees.has(fact.file)) {
        const text = fs.readFileSync(fact.file, 'utf8');
        trees.set(fact.file, { root: parser.parse(text).rootNode, lines: new LineIndex(text) });
      }
      const { root } = trees.get(fact.file)!;
      let node: SyntaxNode | null = root.descendantForPosition({ row: anchor.range.start.line, column: anchor.range.start.character });
      while (node && node.type !== 'function_declaration') node = node.parent;
      const name = node?.childForFieldName('name')?.text;
      if (!name) continue;
      counts.set(name, (counts.get(name) ?? 0) + (isCountedAllocation(fact, classification) ? 1 : 0));
    }
  } finally {
    for (const { root } of trees.values()) root.tree.delete();
  }
  return counts;
}

describe('AllocsPerRun: the allocations a function makes are the ones the analysis counts', async () => {
  for (const go of await allGos()) {
    describe(go.version.raw, () => {
      let measured: Map<string, number>;
      let counted: Map<string, number>;
      let classified: ClassifiedPackage;
      before(async () => {
        classified = await classifyPackage(go, FIXTURE);
        [measured, counted] = await Promise.all([measuredAllocations(go.goPath, go.env), countedAllocations(classified)]);
      });

      it('measures every function of the fixture', () => {
        assert.ok(measured.size >= 20, `measured only ${measured.size} functions`);
      });

      it('counts, per function, as many allocations as testing.AllocsPerRun measures', () => {
        const differences = [...measured].filter(([name, allocs]) => (counted.get(name) ?? 0) !== allocs).map(([name, allocs]) => `${name}: measured ${allocs}, counted ${counted.get(name) ?? 0}`);
        assert.deepEqual(differences, []);
      });

      it('has heap facts that do not allocate and facts on cold paths, so the comparison means something', () => {
        const notAllocating = classified.heapFacts.filter((a) => a.classification.allocates === false).length;
        const cold = classified.heapFacts.filter((a) => a.classification.coldPath).length;
        assert.ok(notAllocating >= 10, `only ${notAllocating} non-allocating facts`);
        assert.ok(cold >= 4, `only ${cold} cold facts`);
      });
    });
  }
});
