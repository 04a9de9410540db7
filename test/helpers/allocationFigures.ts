import * as fs from 'fs';
import * as path from 'path';
import { AnchoredFact, anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { analyzePackage, goFilesIn } from '../../server/src/analysis/analyzePackage';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { collectDeclarations, importedDeclarations } from '../../server/src/classify/declarations';
import { runProcess } from '../../server/src/go/runProcess';
import { HEAP_KINDS } from '../../server/src/compiler/facts';
import type { GoToolchain } from '../../server/src/go/toolchain';
import type { SyntaxNode } from '../../server/src/syntax/goParser';
import { GoParser } from '../../server/src/syntax/goParser';
import { AllocatorCall, allocatorCalls, CONVERSION_ALLOCATOR } from './asmOracle';

/** A package's heap facts as the analysis classifies them, next to the allocator calls of its compiled code. */
export interface ClassifiedPackage {
  heapFacts: AnchoredFact[];
  calls: AllocatorCall[];
}

/** Runs the real pipeline (go build -m=2, anchoring with the package's declarations, classification) and the -S=2 listing. */
export async function classifyPackage(go: GoToolchain, dir: string): Promise<ClassifiedPackage> {
  const [analysis, calls, dependencies] = await Promise.all([analyzePackage(go, dir), allocatorCalls(go, dir), dependencyFiles(go, dir)]);
  if (!analysis.ok) throw new Error(analysis.error.message);
  const sources = new DiskSources(await GoParser.load());
  try {
    const rootsOf = (files: readonly string[]) => files.map((file) => sources.get(file)?.tree.rootNode).filter((n): n is SyntaxNode => !!n);
    const packageDeclarations = collectDeclarations(rootsOf(goFilesIn(dir, false)));
    const imported = importedDeclarations((name) => (dependencies.has(name) ? rootsOf(dependencies.get(name)!) : undefined));
    const anchored = anchorFacts(analysis.value.facts, (file) => sources.get(file), { packageDeclarations, importedDeclarations: imported, goVersion: go.version });
    return { heapFacts: anchored.filter((a) => HEAP_KINDS.has(a.fact.kind)), calls };
  } finally {
    sources.dispose();
  }
}

/**
 * The Go files of every package the one in `dir` depends on, by package name (`go list -deps`);
 * a name two dependencies share is left out, since a printed `name.T` could be either.
 */
async function dependencyFiles(go: GoToolchain, dir: string): Promise<Map<string, string[]>> {
  const listed = await runProcess(go.goPath, ['list', '-deps', '-f', '{{.Name}}\t{{.Dir}}\t{{join .GoFiles "\t"}}', '.'], { cwd: dir, env: go.env, timeoutMs: 300_000 });
  if (listed.exitCode !== 0) throw new Error(`go list -deps failed in ${dir}: ${listed.stderr}`);
  const byName = new Map<string, string[]>();
  const ambiguous = new Set<string>();
  for (const line of listed.stdout.split('\n').filter(Boolean)) {
    const [name, packageDir, ...files] = line.split('\t');
    if (byName.has(name)) ambiguous.add(name);
    byName.set(name, files.map((file) => path.join(packageDir, file)));
  }
  for (const name of ambiguous) byName.delete(name);
  return byName;
}

export interface AllocationFigures {
  allocating: number;
  /** Allocating facts with an allocator call at their line (inlined code counts at its call site). */
  allocatingWithCall: number;
  nonAllocating: number;
  /** Non-allocating facts whose line has more interface-conversion allocations than allocating facts to explain them. */
  nonAllocatingWithCall: AnchoredFact[];
  /** Allocating facts without any allocator call at their line, for the report. */
  allocatingWithoutCall: AnchoredFact[];
  cold: number;
  /** `moved to heap: x` facts marked allocating, and those without an allocator call at their line. */
  movedToHeap: number;
  movedToHeapWithoutCall: AnchoredFact[];
}

export function allocationFigures({ heapFacts, calls }: ClassifiedPackage): AllocationFigures {
  // Debian's /usr/lib/go-1.19 is a link to /usr/share/go-1.19: compare real paths.
  const real = new Map<string, string>();
  const realPath = (file: string) => {
    let found = real.get(file);
    if (found === undefined) {
      found = fs.existsSync(file) ? fs.realpathSync(file) : file;
      real.set(file, found);
    }
    return found;
  };
  const callsAt = new Map<string, AllocatorCall[]>();
  for (const call of calls) {
    const key = `${realPath(call.file)}:${call.line}`;
    callsAt.set(key, [...(callsAt.get(key) ?? []), call]);
  }
  const keyOf = (a: AnchoredFact) => `${realPath(path.resolve(a.fact.file))}:${a.fact.line}`;
  const allocating = heapFacts.filter((a) => a.classification.allocates === true);
  const nonAllocating = heapFacts.filter((a) => a.classification.allocates === false);
  const allocatingWithoutCall = allocating.filter((a) => !callsAt.has(keyOf(a)));
  // A non-allocating fact is an interface conversion the compiler did without an allocator: alone
  // on its line, the line has no allocator call; beside allocating facts, the line's convT* calls
  // are no more than those facts.
  const nonAllocatingWithCall = nonAllocating.filter((a) => {
    // A closure's funcval is a runtime.newobject in the enclosing function; the other calls on the
    // line of a one-line func literal are its body's (`func() any { return make(chan error, 1) }`).
    const atLine = (callsAt.get(keyOf(a)) ?? []).filter((c) => a.fact.subject !== 'func literal' || /newobject|mallocgc/.test(c.callee));
    const explained = allocating.filter((b) => keyOf(b) === keyOf(a)).length;
    if (explained === 0) return atLine.length > 0;
    return atLine.filter((c) => CONVERSION_ALLOCATOR.test(c.callee)).length > explained;
  });
  return {
    allocating: allocating.length,
    allocatingWithCall: allocating.length - allocatingWithoutCall.length,
    nonAllocating: nonAllocating.length,
    nonAllocatingWithCall,
    allocatingWithoutCall,
    cold: heapFacts.filter((a) => a.classification.coldPath).length,
    movedToHeap: allocating.filter((a) => a.fact.kind === 'moved-to-heap').length,
    movedToHeapWithoutCall: allocatingWithoutCall.filter((a) => a.fact.kind === 'moved-to-heap'),
  };
}

export function describeFact(a: AnchoredFact): string {
  return `${path.basename(a.fact.file)}:${a.fact.line}:${a.fact.column ?? '-'} ${a.fact.message}`;
}
