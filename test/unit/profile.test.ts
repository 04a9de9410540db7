import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import { ProfileWeight, weighFile } from '../../server/src/profile/attribute';
import { Declaration, declarationsOf } from '../../server/src/profile/declarations';
import { decodeProfile } from '../../server/src/profile/decodeProfile';
import { loadProfiles, summarizeInWorker } from '../../server/src/profile/loadProfiles';
import { parseGoSymbol } from '../../server/src/profile/goSymbols';
import { mapUnchangedLines } from '../../server/src/profile/lineMapping';
import { ProfileSummary, summarizeProfile } from '../../server/src/profile/profileSummary';
import { GoParser } from '../../server/src/syntax/goParser';
import { ALLOC_TYPES, buildProfile, CPU_TYPES, FrameSpec, ProfileSpec } from '../helpers/pprofBuilder';

// Attribution on small hand-built profiles: every rule of server/src/profile/attribute.ts, one case each.

const FILE = '/src/p/p.go';
const SOURCE = `package p

import "fmt"

type T struct{ n int }

func helper(n int) *T {
	return &T{n: n}
}

func Hot(n int) []*T {
	var out []*T
	for i := 0; i < n; i++ {
		out = append(out, helper(i))
	}
	return out
}

func Cold() { fmt.Println(&T{}) }

func (t *T) Close() func() *T {
	return func() *T { return &T{n: t.n} }
}
`;
// 0-based lines of the heap facts: helper's &T{}, Hot's inlined call, Cold's &T{}, the closure's &T{}.
const FACT_LINES = [7, 13, 18, 21];

const f = (fn: string, line: number, startLine: number, file = FILE): FrameSpec => ({ function: `example.com/p.${fn}`, file, startLine, line });
const helperAt8 = f('helper', 8, 7);
const q = (line: number): FrameSpec => ({ function: 'example.com/q.Run', file: '/src/q/q.go', startLine: 20, line });

const ALLOCATIONS: ProfileSpec = {
  sampleTypes: ALLOC_TYPES,
  defaultSampleType: 'alloc_space',
  timeMs: 1_700_000_000_000,
  samples: [
    // helper inlined into Hot: the compiler reports it at Hot's call site, line 14.
    { stack: [[helperAt8, f('Hot', 14, 11)], [q(25)]], values: [10, 1000, 0, 0] },
    // helper called, not inlined.
    { stack: [[helperAt8], [f('Hot', 14, 11)]], values: [1, 100, 0, 0] },
    // helper inlined into another package's function: the only frame of this package is helper's.
    { stack: [[helperAt8, q(30)]], values: [1, 50, 0, 0] },
    // helper inlined into a benchmark of the package: the benchmark's frame gives way to helper's.
    { stack: [[helperAt8, f('BenchmarkHot', 12, 10, '/src/p/p_test.go')]], values: [1, 25, 0, 0] },
    // fmt allocating inside Println, called by Cold: not an allocation of this package.
    { stack: [[{ function: 'fmt.Fprintln', file: '/go/src/fmt/print.go', startLine: 300, line: 305 }], [f('Cold', 19, 19)]], values: [4, 400, 0, 0] },
    // The allocator's frames (other writers keep them), then a closure in a method.
    { stack: [[{ function: 'runtime.mallocgc', file: '/go/src/runtime/malloc.go', startLine: 1, line: 9 }], [f('(*T).Close.func1', 22, 22)], [q(40)]], values: [2, 200, 0, 0] },
  ],
};
const TOTAL = 1000 + 100 + 50 + 25 + 400 + 200;

let parser: GoParser;
before(async () => {
  parser = await GoParser.load();
});

function declarations(text: string): Map<string, Declaration> {
  const tree = parser.parse(text);
  try {
    return declarationsOf(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function summary(spec: ProfileSpec, source = 'mem.pprof'): ProfileSummary {
  const decoded = decodeProfile(buildProfile(spec));
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
  const summarized = summarizeProfile(decoded.profile, source);
  assert.ok(summarized.ok, summarized.ok ? '' : summarized.message);
  return summarized.summary;
}

/** `then: null`: the profiled text is not known. */
function weigh(summaries: ProfileSummary[], now: string, factLines: number[], then: string | null = SOURCE, file = FILE): (ProfileWeight | undefined)[] {
  const thenDeclarations = then === null ? undefined : declarations(then);
  return weighFile(summaries, { file, now: declarations(now), factLines }, () => thenDeclarations);
}

const bytesOf = (weights: (ProfileWeight | undefined)[]) => weights.map((w) => w?.bytes);

describe('profile attribution', () => {
  it('gives each heap fact the bytes of its line: inlined callees to the call site, other packages to nobody', () => {
    const weights = weigh([summary(ALLOCATIONS)], SOURCE, FACT_LINES);
    assert.deepEqual(bytesOf(weights), [100 + 50 + 25, 1000, 0, 200]);
    assert.deepEqual(weights.map((w) => w?.objects), [3, 10, 0, 2]);
    assert.equal(weights[1]!.share, 1000 / TOTAL);
    assert.ok(weights.every((w) => w && !w.stale && w.source === 'mem.pprof' && w.measuresAllocations && w.sharedBy === 1));
  });

  it('keeps the weights on their lines when lines are inserted above a function', () => {
    const moved = SOURCE.replace('func Hot(', '// Hot is hot.\n// Really.\n\nfunc Hot(');
    const weights = weigh([summary(ALLOCATIONS)], moved, [7, 16, 21, 24]);
    assert.deepEqual(bytesOf(weights), [175, 1000, 0, 200]);
    assert.ok(weights.every((w) => !w!.stale));
    // Without the shift the old line of Hot's call is blank now, and holds nothing.
    assert.deepEqual(bytesOf(weigh([summary(ALLOCATIONS)], moved, [13])), [0]);
  });

  it('marks a function whose body changed as stale, and follows its unchanged lines', () => {
    const edited = SOURCE.replace('\tfor i := 0;', '\tout = make([]*T, 0, n)\n\tfor i := 0;');
    const weights = weigh([summary(ALLOCATIONS)], edited, [7, 14, 22]);
    assert.deepEqual(bytesOf(weights), [175, 1000, 200]);
    assert.deepEqual(weights.map((w) => w!.stale), [false, true, false]);
    // The allocating line itself edited: its old numbers describe code that is gone.
    const rewritten = SOURCE.replace('out = append(out, helper(i))', 'out = append(out, helper(i+1))');
    const after = weigh([summary(ALLOCATIONS)], rewritten, [13]);
    assert.equal(after[0]!.bytes, 0);
    assert.equal(after[0]!.stale, true);
  });

  it('calls everything stale when the profiled text is unknown, placing samples by the profile\'s own lines', () => {
    const weights = weigh([summary(ALLOCATIONS)], SOURCE, FACT_LINES, null);
    assert.deepEqual(bytesOf(weights), [175, 1000, 0, 0]); // the closure cannot be placed: Close's line is unknown
    assert.ok(weights.every((w) => w!.stale));
  });

  it('shares a line between the heap facts on it: profiles have no columns', () => {
    const weights = weigh([summary(ALLOCATIONS)], SOURCE, [13, 13]);
    assert.deepEqual(weights.map((w) => [w!.bytes, w!.sharedBy]), [[1000, 2], [1000, 2]]);
  });

  it('gives facts the CPU share of their function, closures and inlined calls included', () => {
    const cpu = summary({
      sampleTypes: CPU_TYPES,
      periodType: ['cpu', 'nanoseconds'],
      timeMs: 1_700_000_000_000,
      samples: [
        { stack: [[{ function: 'runtime.memclr', file: '/go/src/runtime/memclr.s', startLine: 1, line: 2 }], [helperAt8, f('Hot', 14, 11)], [q(25)]], values: [3, 30] },
        { stack: [[f('Cold', 19, 19)]], values: [1, 10] },
        { stack: [[q(26)]], values: [6, 60] },
      ],
    }, 'cpu.pprof');
    const weights = weigh([cpu], SOURCE, FACT_LINES);
    assert.deepEqual(weights.map((w) => w!.cpuShare), [0.3, 0.3, 0.1, 0]);
    assert.ok(weights.every((w) => !w!.measuresAllocations && w!.bytes === 0));
    const both = weigh([summary(ALLOCATIONS), cpu], SOURCE, FACT_LINES);
    assert.deepEqual(both.map((w) => [w!.bytes, w!.cpuShare]), [[175, 0.3], [1000, 0.3], [0, 0.1], [200, 0]]);
    assert.equal(both[0]!.source, 'mem.pprof, cpu.pprof');
  });

  it('adds up several allocation profiles', () => {
    const weights = weigh([summary(ALLOCATIONS, 'a.pprof'), summary(ALLOCATIONS, 'b.pprof')], SOURCE, [13]);
    assert.equal(weights[0]!.bytes, 2000);
    assert.equal(weights[0]!.share, 1000 / TOTAL);
  });

  it('says nothing about a package the profile never saw', () => {
    assert.deepEqual(weigh([summary(ALLOCATIONS)], SOURCE, FACT_LINES, SOURCE, '/src/other/p.go'), [undefined, undefined, undefined, undefined]);
  });

  it('matches -trimpath file names by their last path elements', () => {
    const trimmed: ProfileSpec = { ...ALLOCATIONS, samples: [{ stack: [[f('helper', 8, 7, 'example.com/p/p.go'), f('Hot', 14, 11, 'example.com/p/p.go')]], values: [1, 64, 0, 0] }] };
    assert.deepEqual(bytesOf(weigh([summary(trimmed)], SOURCE, [13])), [64]);
  });

  it('reads /debug/pprof/heap profiles by their in-use bytes', () => {
    const heap = summary({ ...ALLOCATIONS, defaultSampleType: 'inuse_space', samples: [{ stack: [[helperAt8]], values: [5, 500, 1, 48] }] });
    assert.equal(heap.allocation!.sampleType, 'inuse_space');
    assert.deepEqual(bytesOf(weigh([heap], SOURCE, [7])), [48]);
  });
});

describe('profile decoding', () => {
  it('reads gzipped and plain profiles alike', () => {
    const plain = decodeProfile(buildProfile(ALLOCATIONS, false));
    const gzipped = decodeProfile(buildProfile(ALLOCATIONS, true));
    assert.ok(plain.ok && gzipped.ok);
    assert.deepEqual(plain.profile.sampleTypes, ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    assert.equal(plain.profile.samples.length, gzipped.profile.samples.length);
    assert.equal(gzipped.profile.timeMs, 1_700_000_000_000);
  });

  it('says what is wrong with a file that is not a profile, without throwing', () => {
    const garbage = decodeProfile(new TextEncoder().encode('package main\nfunc main() {}\n'));
    assert.equal(garbage.ok, false);
    const broken = decodeProfile(new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
    assert.ok(!broken.ok && /gzip/.test(broken.message));
    const goroutines = decodeProfile(buildProfile({ sampleTypes: [['goroutine', 'count']], samples: [] }));
    assert.ok(goroutines.ok);
    const summarized = summarizeProfile(goroutines.profile, 'g.pprof');
    assert.ok(!summarized.ok && summarized.message.includes('goroutine'));
  });
});

describe('profile loading', () => {
  it('gives the same summary in a worker thread (the language server\'s way) as in this one', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'geh-load-')), 'mem.pprof');
    fs.writeFileSync(file, buildProfile(ALLOCATIONS));
    const here = await loadProfiles([file]);
    const there = await loadProfiles([file], undefined, { inWorker: true });
    assert.deepEqual(there, here);
    const inWorker = await summarizeInWorker(buildProfile(ALLOCATIONS, false), 'mem.pprof');
    assert.ok(inWorker?.ok, 'the worker ran');
    assert.deepEqual(inWorker.summary, here.summaries[0]);
    assert.equal(here.summaries[0].allocation!.totalBytes, TOTAL);
    assert.deepEqual(bytesOf(weighFile(there.summaries, { file: FILE, now: declarations(SOURCE), factLines: FACT_LINES }, () => declarations(SOURCE))), [175, 1000, 0, 200]);
  });
});

describe('Go symbols', () => {
  it('names the top-level declaration of functions, methods, closures and generics', () => {
    assert.deepEqual(parseGoSymbol('example.com/p.Hot'), { packagePath: 'example.com/p', declaration: 'Hot', closure: false });
    assert.deepEqual(parseGoSymbol('example.com/p.(*T).Write'), { packagePath: 'example.com/p', declaration: '(*T).Write', closure: false });
    assert.deepEqual(parseGoSymbol('example.com/p.T.String'), { packagePath: 'example.com/p', declaration: 'T.String', closure: false });
    assert.deepEqual(parseGoSymbol('example.com/p.Hot.func1.2'), { packagePath: 'example.com/p', declaration: 'Hot', closure: true });
    assert.deepEqual(parseGoSymbol('example.com/p.(*T).Close.func1'), { packagePath: 'example.com/p', declaration: '(*T).Close', closure: true });
    assert.deepEqual(parseGoSymbol('example.com/p.Map[...]'), { packagePath: 'example.com/p', declaration: 'Map', closure: false });
    assert.deepEqual(parseGoSymbol('example.com/p.(*List[...]).Push'), { packagePath: 'example.com/p', declaration: '(*List).Push', closure: false });
    assert.deepEqual(parseGoSymbol('net/http.(*conn).serve.deferwrap1'), { packagePath: 'net/http', declaration: '(*conn).serve', closure: true });
    assert.deepEqual(parseGoSymbol('main.main'), { packagePath: 'main', declaration: 'main', closure: false });
    assert.equal(parseGoSymbol('example.com/p.T.M-fm'), undefined);
    assert.equal(parseGoSymbol('example.com/p.glob..func1'), undefined);
  });

  it('keys the source the same way', () => {
    const keys = [...declarations('package p\nfunc A() {}\nfunc (t *T) B() {}\nfunc (t T) C() {}\nfunc (l *List[E]) D() {}\nfunc init() {}\nfunc init() {}\n').keys()];
    assert.deepEqual(keys, ['A', '(*T).B', 'T.C', '(*List).D']);
  });
});

describe('line mapping', () => {
  it('maps the lines that survived an edit', () => {
    const mapped = mapUnchangedLines(['a', 'b', 'c', 'd'], ['a', 'x', 'b', 'd', 'e']);
    assert.deepEqual([...mapped].sort((x, y) => x[0] - y[0]), [[0, 0], [1, 2], [3, 3]]);
  });
});
