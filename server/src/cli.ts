#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { analyzePackage, factsInFiles, goFilesIn } from './analysis/analyzePackage';
import { AnchoredFact, anchorFacts } from './analysis/anchoredFacts';
import { DiskSources } from './analysis/diskSources';
import { compareFindings, formatTextFinding, JsonReport, toJsonFinding } from './analysis/report';
import type { CompilerFact } from './compiler/facts';
import { parseCompilerOutput } from './compiler/parseCompilerOutput';
import { GoError, goError } from './go/errors';
import { runProcess } from './go/runProcess';
import { findToolchain, GoToolchain } from './go/toolchain';
import { GoParser } from './syntax/goParser';
import * as profiles from './profile/cliProfiles';

const USAGE = `usage: go-escape-hints analyze [DIR|PATTERN...] [options]

Runs the Go compiler's escape analysis (go build -gcflags=-m=2) on each package
and prints where values go to the heap, which parameters leak, and what inlines.

options:
  --format text|json        output format (default text; json is a stable contract)
  --tests                   analyse the package's _test.go files too (go test -c)
  --tags T                  build tags, comma-separated
  --go PATH                 the go binary to use (default: go on PATH)
  --compiler-output FILE|-  parse a saved -m/-m=2 log instead of running go;
                            positions are resolved against the first DIR (default .)
  --all                     keep facts about files outside the analysed packages
  --kinds K,...             only these kinds (e.g. moved-to-heap,escapes-to-heap)
  --bounds-checks           also report the bounds checks the compiler keeps
                            (-d=ssa/check_bce/debug=1; kind bounds-check)
  --nil-checks              also report the nil checks it keeps (-d=nil; kind nil-check)
  --profile FILE            weigh heap allocations by a pprof profile (go test
                            -memprofile/-cpuprofile, default.pgo); repeatable
  --min-share X             with --profile: only allocations holding at least
                            this share (0..1) of the profiled bytes
`;

interface CliOptions {
  targets: string[];
  format: 'text' | 'json';
  tests: boolean;
  tags: string[];
  goPath?: string;
  compilerOutput?: string;
  all: boolean;
  kinds?: Set<string>;
  /** Compiler `-d` flags: bounds checks, nil checks. */
  debugFlags: string[];
  profiles: string[];
  minShare?: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): CliOptions {
  const [command, ...rest] = argv;
  if (command !== 'analyze') throw new UsageError(command ? `unknown command: ${command}` : 'missing command');
  const options: CliOptions = { targets: [], format: 'text', tests: false, tags: [], all: false, debugFlags: [], profiles: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
        options.format = format;
        break;
      }
      case '--tests': options.tests = true; break;
      case '--tags': options.tags = value().split(',').map((t) => t.trim()).filter(Boolean); break;
      case '--go': options.goPath = value(); break;
      case '--compiler-output': options.compilerOutput = value(); break;
      case '--all': options.all = true; break;
      case '--bounds-checks': options.debugFlags.push('ssa/check_bce/debug=1'); break;
      case '--nil-checks': options.debugFlags.push('nil'); break;
      case '--kinds': options.kinds = new Set(value().split(',').map((k) => k.trim())); break;
      case '--profile': options.profiles.push(value()); break;
      case '--min-share': options.minShare = profiles.parseShare(value(), (m) => new UsageError(m)); break;
      case '-h': case '--help': throw new UsageError('');
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option: ${arg}`);
        options.targets.push(arg);
    }
  }
  if (options.targets.length === 0) options.targets.push('.');
  return options;
}

interface Collected {
  facts: CompilerFact[];
  errors: GoError[];
  goVersion: string | null;
}

async function collectFromCompiler(options: CliOptions, sources: DiskSources): Promise<Collected> {
  const found = await findToolchain({ goPath: options.goPath });
  if (!found.ok) return { facts: [], errors: [found.error], goVersion: null };
  const toolchain = found.value;
  const collected: Collected = { facts: [], errors: [], goVersion: toolchain.version.raw };
  for (const dir of await expandTargets(toolchain, options.targets, collected.errors)) {
    // Parse the package's files with tree-sitter while the compiler runs.
    void sources.preload(goFilesIn(dir, options.tests));
    const result = await analyzePackage(toolchain, dir, { tests: options.tests, tags: options.tags, includeOutsideFiles: options.all, debugFlags: options.debugFlags });
    if (result.ok) collected.facts.push(...result.value.facts);
    else collected.errors.push(result.error);
  }
  return collected;
}

/** `./...`-style patterns become the directories `go list` finds; plain directories stay as they are. */
async function expandTargets(toolchain: GoToolchain, targets: string[], errors: GoError[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const target of targets) {
    if (!target.includes('...')) {
      dirs.push(path.resolve(target));
      continue;
    }
    const result = await runProcess(toolchain.goPath, ['list', '-e', '-f', '{{.Dir}}', target], { cwd: process.cwd(), env: toolchain.env, timeoutMs: 120_000 });
    const matched = result.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    if (result.exitCode !== 0) errors.push(goError('package-error', `go list ${target} failed: ${result.stderr.trim().split('\n')[0]}`, { location: target, detail: result.stderr }));
    else if (matched.length === 0) errors.push(goError('no-go-files', `${target} matched no packages`, { location: target }));
    dirs.push(...matched);
  }
  return dirs;
}

async function collectFromLog(options: CliOptions): Promise<Collected> {
  const source = options.compilerOutput!;
  let text: string;
  try {
    text = source === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(source, 'utf8');
  } catch (error) {
    return { facts: [], errors: [goError('spawn-failed', `Cannot read compiler output ${source}: ${(error as Error).message}`, { location: source })], goVersion: null };
  }
  const baseDir = path.resolve(options.targets[0]);
  const facts = parseCompilerOutput(text, { baseDir }).facts;
  if (options.all) return { facts, errors: [], goVersion: null };
  // Without go list, "the package" is the .go files of the directories given.
  const files = options.targets.flatMap((t) => goFilesIn(path.resolve(t), true));
  return { facts: factsInFiles(facts, files), errors: [], goVersion: null };
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) err.write(`go-escape-hints: ${error.message}\n`);
    (error.message ? err : out).write(USAGE);
    return error.message ? 2 : 0;
  }
  const loadedProfiles = await profiles.loadForCli(options.profiles, options.minShare, err);
  if (!loadedProfiles) return 2;
  const sources = new DiskSources(await GoParser.load());
  let findings: AnchoredFact[];
  let collected: Collected;
  try {
    collected = options.compilerOutput ? await collectFromLog(options) : await collectFromCompiler(options, sources);
    const facts = options.kinds ? collected.facts.filter((f) => options.kinds!.has(f.kind)) : collected.facts;
    findings = anchorFacts(facts, (file) => sources.get(file)).sort(compareFindings);
    findings = loadedProfiles.weigh(findings, (file) => sources.get(file));
  } finally {
    sources.dispose();
  }
  if (options.format === 'json') {
    const report: JsonReport = { go: { version: collected.goVersion }, findings: findings.map((f) => loadedProfiles.toJson(f, toJsonFinding(f))), errors: collected.errors };
    out.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const cwd = process.cwd();
    for (const line of loadedProfiles.textLines(findings, (finding) => formatTextFinding(finding, cwd))) out.write(line + '\n');
    for (const error of collected.errors) err.write(`go-escape-hints: ${error.message}\n`);
  }
  return collected.errors.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error) => {
      process.stderr.write(`go-escape-hints: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
