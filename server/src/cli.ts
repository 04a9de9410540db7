#!/usr/bin/env node
import { DiskSources } from './analysis/diskSources';
import { isGeneratedGoFile } from './analysis/generatedFiles';
import type { JsonBaselineSummary, ReportedFinding } from './analysis/report';
import { HEAP_KINDS } from './compiler/facts';
import { CliOptions, HelpRequested, parseArgs, USAGE, UsageError } from './cli/args';
import { BaselineEntry, baselineOf, compareWithBaseline, failsGate, readBaseline, summaryLine, writeBaseline } from './cli/baseline';
import { Collected, collectFromCompiler, collectFromLog } from './cli/collect';
import { buildFindings } from './cli/findings';
import type { FormatInput, Formatted } from './cli/formats/formatInput';
import { formatGithub } from './cli/formats/github';
import { formatJson } from './cli/formats/json';
import { formatSarif } from './cli/formats/sarif';
import { formatText } from './cli/formats/text';
import { Progress } from './cli/progress';
import { SafeOutput } from './cli/safeOutput';
import { loadForCli } from './profile/cliProfiles';
import { GoParser } from './syntax/goParser';
import { nodesOfType } from './syntax/nodeIndex';

/** Exit statuses (README "Command line"). */
export const EXIT = { ok: 0, errors: 1, usage: 2, gate: 3, internal: 4 } as const;

const FORMATTERS = { text: formatText, json: formatJson, sarif: formatSarif, github: formatGithub } satisfies Record<CliOptions['format'], (input: FormatInput) => Formatted>;

/** Code scanning and annotations show what costs: heap facts (and pitfalls) unless --kinds says otherwise. */
const REVIEW_KINDS: ReadonlySet<string> = new Set(HEAP_KINDS);

/** The review kinds, plus the check facts the run was asked to build for (--bounds-checks, --nil-checks). */
function reviewKinds(options: CliOptions): ReadonlySet<string> {
  const kinds = new Set(REVIEW_KINDS);
  if (options.debugFlags.includes('ssa/check_bce/debug=1')) kinds.add('bounds-check');
  if (options.debugFlags.includes('nil')) kinds.add('nil-check');
  return kinds;
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const stdout = new SafeOutput(out);
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof HelpRequested) {
      stdout.write(USAGE);
      return EXIT.ok;
    }
    if (!(error instanceof UsageError)) throw error;
    err.write(`go-escape-hints: ${error.message}\n${USAGE}`);
    return EXIT.usage;
  }
  const cwd = process.cwd();
  const baseline = options.baseline ? readBaseline(options.baseline) : undefined;
  if (baseline && !baseline.ok) {
    err.write(`go-escape-hints: ${baseline.message}\n`);
    return EXIT.usage;
  }

  const profiles = await loadForCli(options.profiles, options.minShare, err);
  if (!profiles) return EXIT.usage;

  const progress = new Progress(err as NodeJS.WritableStream & { isTTY?: boolean }, options.progress && !!(err as { isTTY?: boolean }).isTTY);
  const sources = new DiskSources(await GoParser.load());
  let collected: Collected;
  let findings: ReportedFinding[];
  const kinds = options.kinds ?? (options.format === 'sarif' || options.format === 'github' ? reviewKinds(options) : undefined);
  try {
    if (options.compilerOutput) {
      collected = collectFromLog(options);
    } else {
      progress.phase('go list');
      collected = await collectFromCompiler(options, {
        // Parse the packages' files while the compiler runs (it is another process; this one would only wait).
        // The pitfalls' node index too (one tree-sitter query per file), when they will look.
        onFilesKnown: (files) => void sources.preload(files.filter((f) => !isGeneratedGoFile(f)), options.pitfalls ? (source) => nodesOfType(source.tree, 'package_clause') : undefined),
        onBuildStarted: (packages) => progress.phase(`go build -gcflags=-m=2: ${packages} package${packages === 1 ? '' : 's'}`),
      });
    }
    findings = buildFindings(collected, sources, {
      pitfalls: options.pitfalls,
      kinds,
      // A detector's failure is logged by detectPitfalls with its stack: one line is enough here.
      log: (message) => err.write(`go-escape-hints: warning: ${message.split('\n')[0]}\n`),
      onFile: (done, total) => progress.count('anchoring files', done, total),
    });
    findings = profiles.weigh(findings, (file) => sources.get(file));
  } finally {
    sources.dispose();
    progress.done();
  }

  if (options.writeBaseline) {
    try {
      writeBaseline(options.writeBaseline, baselineOf(findings, cwd));
    } catch (error) {
      err.write(`go-escape-hints: cannot write the baseline ${options.writeBaseline}: ${(error as Error).message}\n`);
      return EXIT.errors;
    }
  }

  let shown = findings;
  let summary: JsonBaselineSummary | undefined;
  let gateFailed = false;
  if (options.failOn) {
    const analysedPackages = new Set(collected.packages.map((p) => p.importPath));
    const lookedFor = (entry: BaselineEntry) => (entry.pitfall ? options.pitfalls : !kinds || kinds.has(entry.kind));
    const comparison = baseline?.ok ? compareWithBaseline(findings, baseline.baseline, analysedPackages, lookedFor) : { added: findings, fixed: [] };
    shown = comparison.added;
    gateFailed = comparison.added.some((f) => failsGate(f, options.failOn!));
    const line = summaryLine(comparison, options.failOn, !!baseline);
    summary = {
      file: options.baseline ?? '',
      new: comparison.added.length,
      fixed: comparison.fixed.map(({ package: pkg, function: fn, kind, subject, occurrence }) => ({ package: pkg, function: fn, kind, subject, occurrence })),
      summary: line,
    };
  }

  const formatted = FORMATTERS[options.format]({ findings: shown, errors: collected.errors, goVersion: collected.goVersion, cwd, baseline: options.baseline ? summary : undefined, profiles });
  stdout.write(formatted.stdout);
  for (const line of formatted.stderr) err.write(`go-escape-hints: ${line}\n`);
  if (summary) err.write(`go-escape-hints: ${summary.summary}\n`);
  if (collected.errors.length > 0) return EXIT.errors;
  return gateFailed ? EXIT.gate : EXIT.ok;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error) => {
      process.stderr.write(`go-escape-hints: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
