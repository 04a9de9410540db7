import assert from 'node:assert/strict';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import { analyzePackage, PackageAnalysis } from '../../server/src/analysis/analyzePackage';
import { FactKind, HEAP_KINDS, LEAK_KINDS } from '../../server/src/compiler/facts';
import type { GoToolchain } from '../../server/src/go/toolchain';
import { allGos, goroot } from '../helpers/goToolchains';
import { compilerJsonDiagnostics, OracleDiagnostic } from '../helpers/jsonOracle';
import { TESTDATA } from '../helpers/paths';

// JSON codes → the fact kinds our text parser must report at the same place.
const ORACLE_KINDS: Record<string, ReadonlySet<FactKind>> = {
  escape: HEAP_KINDS,
  escapes: HEAP_KINDS,
  leak: LEAK_KINDS,
  canInlineFunction: new Set<FactKind>(['can-inline']),
  cannotInlineFunction: new Set<FactKind>(['cannot-inline']),
};

function packagesFor(go: GoToolchain, newest: boolean): string[] {
  const src = path.join(goroot(go), 'src');
  const dirs = [path.join(TESTDATA, 'escapes'), path.join(src, 'encoding/json'), path.join(src, 'bufio')];
  if (newest) dirs.push(path.join(src, 'net/url'), path.join(src, 'text/template'));
  return dirs;
}

describe('oracle: the compiler\'s -json output agrees with our parse of its -m=2 text', async () => {
  const gos = await allGos();
  for (const [index, go] of gos.entries()) {
    for (const dir of packagesFor(go, index === 0)) {
      describe(`${go.version.raw} ${path.basename(path.dirname(dir))}/${path.basename(dir)}`, () => {
        let analysis: PackageAnalysis;
        let oracle: OracleDiagnostic[];
        before(async () => {
          const result = await analyzePackage(go, dir);
          if (!result.ok) throw new Error(result.error.message);
          analysis = result.value;
          const files = new Set(analysis.facts.map((f) => f.file));
          oracle = (await compilerJsonDiagnostics(go, dir)).filter((d) => files.has(d.file) && ORACLE_KINDS[d.code]);
        });

        it('finds every escape, leak and inlining decision the JSON records, at the same file, line and column', () => {
          assert.ok(oracle.length > 10, `only ${oracle.length} oracle diagnostics`);
          const missing = oracle.filter((d) => {
            const kinds = ORACLE_KINDS[d.code];
            return !analysis.facts.some((f) => kinds.has(f.kind) && f.file === d.file && f.line === d.line && (f.column === null || f.column === d.character));
          });
          assert.deepEqual(missing.map((d) => `${path.basename(d.file)}:${d.line}:${d.character} ${d.code} ${d.message}`), []);
        });

        it('gives the same facts read file by file, as the editor reads them', () => {
          const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
          const files = new Set(analysis.facts.map((f) => f.file));
          assert.deepEqual([...files].filter((file) => !analysis.files.includes(file)), []);
          for (const file of analysis.files) assert.deepEqual(plain(analysis.factsIn(file)), plain(analysis.facts.filter((f) => f.file === file)), file);
          assert.deepEqual(analysis.factsIn(path.join(dir, 'no-such-file.go')), []);
        });

        it('reports no heap allocation the JSON lacks', () => {
          const heapInOracle = new Set(oracle.filter((d) => d.code === 'escape' || d.code === 'escapes').map((d) => `${d.file}:${d.line}:${d.character}`));
          const heapOnlyOurs = analysis.facts.filter((f) => HEAP_KINDS.has(f.kind) && f.column !== null && !heapInOracle.has(`${f.file}:${f.line}:${f.column}`));
          assert.deepEqual(heapOnlyOurs.map((f) => `${path.basename(f.file)}:${f.line}:${f.column} ${f.message}`), []);
        });
      });
    }
  }
});
