import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { currentGo, goroot } from '../helpers/goToolchains';
import { REPO_ROOT } from '../helpers/paths';
import { analyzeVersusBuild, parserThroughput } from './analysisBench';
import type { BenchRow } from './measure';
import { analyzeModuleVersusBuild } from './moduleBench';
import { bigFileTyping, keystrokeCost, reopenLatency, saveToDiagnostics, WITH_BOUNDS_CHECKS } from './serverBench';
import { profileLoadAndAttribution } from './profileBench';

/** `npm run bench`: runs every benchmark section and rewrites BENCHMARKS.md. */
async function main(): Promise<void> {
  const go = await currentGo();
  const src = path.join(goroot(go), 'src');
  const sections: { title: string; rows: BenchRow[] }[] = [];
  const run = async (title: string, bench: () => Promise<BenchRow[]>) => {
    process.stderr.write(`bench: ${title}…\n`);
    const rows = await bench();
    for (const row of rows) process.stderr.write(`  ${row.name}: ${row.result}\n`);
    sections.push({ title, rows });
  };
  const only = process.argv[2];
  if (only === 'typing') {
    // `node runBenchmarks.js typing`: only the big-file typing rows, printed, BENCHMARKS.md untouched.
    for (const row of await bigFileTyping()) process.stderr.write(`  ${row.name}: ${row.result} (goal ${row.goal})\n`);
    return;
  }
  if (only === 'server') {
    // `node runBenchmarks.js server`: only the language server section, printed, BENCHMARKS.md untouched.
    const serverGo = path.join(src, 'net/http/server.go');
    for (const row of [...(await reopenLatency(serverGo)), ...(await keystrokeCost(go, serverGo)), ...(await saveToDiagnostics(go, serverGo))]) process.stderr.write(`  ${row.name}: ${row.result}\n`);
    return;
  }
  if (only === 'profile') {
    // `node runBenchmarks.js profile`: only the profile rows, printed, BENCHMARKS.md untouched.
    for (const row of await profileLoadAndAttribution(go, path.join(src, 'net/http'), { withSaveToDiagnostics: process.argv[3] === 'save' })) process.stderr.write(`  ${row.name}: ${row.result} (goal ${row.goal})\n`);
    return;
  }
  if (only === 'checks') {
    // `node runBenchmarks.js checks`: only the save → diagnostics row with the bounds-check flag, printed.
    for (const row of await saveToDiagnostics(go, path.join(src, 'net/http/server.go'), WITH_BOUNDS_CHECKS)) process.stderr.write(`  ${row.name}: ${row.result}\n`);
    return;
  }
  if (only === 'module') {
    // `node runBenchmarks.js module`: only the whole-module CLI rows, printed, BENCHMARKS.md untouched.
    for (const row of await analyzeModuleVersusBuild(go)) process.stderr.write(`  ${row.name}: ${row.result} (goal ${row.goal})\n`);
    return;
  }
  await run('Parser', parserThroughput);
  await run('Analysis versus the bare compiler', async () => [
    // The files the language-server benchmarks open, and a central file of encoding/json.
    ...(await analyzeVersusBuild(go, path.join(src, 'net/http'), 'net/http', 'server.go')),
    ...(await analyzeVersusBuild(go, path.join(src, 'encoding/json'), 'encoding/json', 'decode.go')),
  ]);
  await run('Whole module through the CLI', () => analyzeModuleVersusBuild(go));
  const serverGo = path.join(src, 'net/http/server.go');
  await run('Language server', async () => [
    ...(await reopenLatency(serverGo)),
    ...(await keystrokeCost(go, serverGo)),
    ...(await saveToDiagnostics(go, serverGo)),
    ...(await saveToDiagnostics(go, serverGo, WITH_BOUNDS_CHECKS)),
    ...(await bigFileTyping()),
  ]);
  await run('Profiles', () => profileLoadAndAttribution(go, path.join(src, 'net/http'), { withSaveToDiagnostics: true }));
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  fs.writeFileSync(file, render(sections, go.version.raw) + handWritten(file));
  process.stderr.write('bench: wrote BENCHMARKS.md\n');
}

function render(sections: { title: string; rows: BenchRow[] }[], goVersion: string): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`; do not edit by hand. Times are medians of repeated runs; every ratio',
    'compares against the bare `go build -gcflags=-m=2` of the same package, alternated in the same run',
    '(which goes first swaps every pair), because this machine is shared and noisy: a ratio is the median',
    'of the pairs\' ratios. The bare build runs through the same process runner as the analysis (its',
    'stderr read and decoded as UTF-8, about 6 ms for net/http\'s 2.9 MB, but not parsed).',
    '',
    `- date: ${new Date().toISOString().slice(0, 10)}`,
    `- machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
    `- Go: ${goVersion}; Node: ${process.version}; commit: ${gitCommit()}`,
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', '| measurement | result | goal | met |', '|---|---|---|---|');
    for (const row of section.rows) lines.push(`| ${row.name} | ${row.result} | ${row.goal} | ${row.met === undefined ? '–' : row.met ? 'yes' : '**no**'} |`);
    const notes = section.rows.filter((r) => r.notes).map((r) => `- ${r.name}: ${r.notes}`);
    lines.push('', ...(notes.length ? [...notes, ''] : []));
  }
  return lines.join('\n');
}

/** The hand-written part of BENCHMARKS.md (from its marker on): measured by hand, kept by every run. */
export const HAND_WRITTEN_MARKER = '<!-- hand-written below: npm run bench keeps it -->';

function handWritten(file: string): string {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const at = text.indexOf(HAND_WRITTEN_MARKER);
  return at < 0 ? '' : `\n${text.slice(at)}`;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
