import * as os from 'os';
import * as path from 'path';
import { analyzePackage, goFilesIn } from '../../server/src/analysis/analyzePackage';
import { anchorFacts } from '../../server/src/analysis/anchoredFacts';
import { DiskSources } from '../../server/src/analysis/diskSources';
import { CompilerReport } from '../../server/src/compiler/compilerReport';
import { parseCompilerOutput } from '../../server/src/compiler/parseCompilerOutput';
import { runCompiler } from '../../server/src/go/compilerRun';
import { runProcess } from '../../server/src/go/runProcess';
import type { GoToolchain } from '../../server/src/go/toolchain';
import { GoParser } from '../../server/src/syntax/goParser';
import { readRecorded } from '../helpers/paths';
import { BenchRow, formatMs, median, paired, PairedTimes, timeMs } from './measure';
import * as fs from 'fs';
import { CLI } from '../helpers/paths';

/** Parser throughput on the recorded net/http -m=2 output. */
export async function parserThroughput(): Promise<BenchRow[]> {
  const text = readRecorded('go1.26.8', 'net-http');
  const megabytes = Buffer.byteLength(text) / 1e6;
  for (let i = 0; i < 3; i++) parseCompilerOutput(text, { baseDir: '/goroot/src/net/http' }); // warm the JIT
  const samples: number[] = [];
  for (let i = 0; i < 25; i++) samples.push(await timeMs(() => parseCompilerOutput(text, { baseDir: '/goroot/src/net/http' })));
  const throughput = megabytes / (median(samples) / 1000);
  const best = megabytes / (Math.min(...samples) / 1000);
  return [{
    name: `parse recorded net/http -m=2 output (${megabytes.toFixed(1)} MB, go1.26.8)`,
    // The best run shows what the machine's noise hides; the goal is judged on the median.
    result: `${throughput.toFixed(0)} MB/s median (${formatMs(median(samples))} per parse), ${best.toFixed(0)} MB/s best of 25`,
    goal: 'well over 100 MB/s',
    met: throughput > 100,
  }, ...(await readingByFile(text))];
}

/** What the editor pays after a build instead of the whole parse: the index, then one file's facts. */
async function readingByFile(text: string): Promise<BenchRow[]> {
  const resolution = { baseDir: '/goroot/src/net/http' };
  const serverGo = '/goroot/src/net/http/server.go';
  for (let i = 0; i < 3; i++) CompilerReport.index(text, resolution).factsIn(serverGo); // warm the JIT
  const indexing: number[] = [];
  const reading: number[] = [];
  let facts = 0;
  for (let i = 0; i < 25; i++) {
    let report: CompilerReport | undefined;
    indexing.push(await timeMs(() => (report = CompilerReport.index(text, resolution))));
    reading.push(await timeMs(() => (facts = report!.factsIn(serverGo).length)));
  }
  return [
    { name: 'index the same output by file (one pass, nothing parsed)', result: formatMs(median(indexing)), goal: 'reported', met: undefined },
    { name: `read the facts of one file from the index (server.go, ${facts} facts)`, result: formatMs(median(reading)), goal: 'reported', met: undefined },
  ];
}

/**
 * The analysis against the bare `go build -gcflags=-m=2` of the same package, alternated in the same
 * run: as the editor does it (the facts of the open file, `openFile`, read), the same with the
 * package's largest file open, with every fact read, and with every fact anchored (the CLI's work).
 */
export async function analyzeVersusBuild(go: GoToolchain, dir: string, label: string, openFile: string): Promise<BenchRow[]> {
  const parser = await GoParser.load();
  const largestFile = goFilesIn(dir, false).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  const analysisReading = async (file: string, overlay?: Map<string, string>) => {
    const result = await analyzePackage(go, dir, { overlay });
    if (!result.ok) throw new Error(result.error.message);
    if (result.value.factsIn(file).length === 0) throw new Error(`no facts about ${file}`);
    return result.value;
  };
  const analysis = (overlay?: Map<string, string>) => analysisReading(path.join(dir, openFile), overlay);
  const analysisOfEveryFact = async () => {
    const result = await analyzePackage(go, dir);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.facts;
  };
  const analysisAndAnchoring = async (overlay?: Map<string, string>) => {
    const sources = new DiskSources(parser);
    try {
      // As the CLI does: parse the package's files while the compiler runs.
      void sources.preload(goFilesIn(dir, false));
      const analysed = await analyzePackage(go, dir, { overlay });
      if (!analysed.ok) throw new Error(analysed.error.message);
      const result = analysed.value;
      anchorFacts(result.facts, (file) => sources.get(file));
    } finally {
      sources.dispose();
    }
  };
  const bareBuild = async (overlay?: Map<string, string>) => {
    const result = await runCompiler({ toolchain: go, dir, overlay });
    if (!result.ok || result.value.exitCode !== 0) throw new Error('bare build failed');
  };
  // A source change: a fresh declaration through -overlay each time, so both sides really compile.
  const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.go') && !f.endsWith('_test.go'))!);
  const original = fs.readFileSync(file, 'utf8');
  let counter = Date.now();
  const changed = () => new Map([[file, `${original}\nvar _ = ${counter++}\n`]]);

  const rows: BenchRow[] = [];
  await bareBuild(); // warm the build cache
  const warm = await paired(21, () => analysis(), () => bareBuild());
  rows.push(ratioRow(`analysis of ${label} with ${openFile} open (go build -m=2, report indexed by file, ${openFile}'s facts read), warm build cache`, warm));
  const cold = await paired(5, () => analysis(changed()), () => bareBuild(changed()));
  rows.push(ratioRow(`analysis of ${label} with ${openFile} open, after a source change (recompiles)`, cold));
  const largest = await paired(21, () => analysisReading(largestFile), () => bareBuild());
  rows.push(ratioRow(`analysis of ${label} with its largest file, ${path.basename(largestFile)}, open, warm build cache`, largest, 'reported'));
  const everyFact = await paired(21, analysisOfEveryFact, () => bareBuild());
  rows.push(ratioRow(`analysis of ${label} with every fact read (go build -m=2, whole report parsed), warm build cache`, everyFact, 'reported'));
  const anchoredWarm = await paired(9, () => analysisAndAnchoring(), () => bareBuild());
  rows.push(ratioRow(`analysis + anchoring every file of ${label} (the CLI's work), warm build cache`, anchoredWarm, 'reported'));
  const anchoredCold = await paired(5, () => analysisAndAnchoring(changed()), () => bareBuild(changed()));
  rows.push(ratioRow(`analysis + anchoring every file of ${label}, after a source change`, anchoredCold));
  const cliRun = () => runProcess(process.execPath, [CLI, 'analyze', dir, '--format', 'json'], { cwd: os.tmpdir(), timeoutMs: 300_000 });
  const cli = await paired(5, cliRun, () => bareBuild());
  rows.push(ratioRow(`CLI process \`go-escape-hints analyze ${label}\`, warm cache (node start-up included)`, cli, 'reported'));
  return rows;
}

function ratioRow(name: string, times: PairedTimes, goal = 'under 1.1×'): BenchRow {
  return { name, result: `${times.ratio.toFixed(2)}× (${formatMs(times.a)} vs bare go build ${formatMs(times.b)})`, goal, met: goal === 'under 1.1×' ? times.ratio < 1.1 : undefined };
}
