import { parseShare } from '../profile/cliProfiles';
import { DEFAULT_FAIL_ON, FailOn, parseFailOn } from './baseline';

export const USAGE = `usage: go-escape-hints analyze [DIR|PATTERN...] [options]

Runs the Go compiler's escape analysis (go build -gcflags=-m=2) on the packages
(one build for all of them) and prints where values go to the heap, which
parameters leak, what inlines, and the memory pitfalls found on the code.

options:
  --format text|json|sarif|github
                            output format (default text; json is a stable contract;
                            sarif is SARIF 2.1.0 for code scanning; github prints
                            workflow annotations)
  --pitfalls, --no-pitfalls report memory pitfalls (default on)
  --kinds K,...             only these fact kinds (sarif and github default to
                            moved-to-heap,escapes-to-heap; the others to all)
  --tests                   analyse the packages' _test.go files too (go test -c)
  --tags T                  build tags, comma-separated
  --go PATH                 the go binary to use (default: go on PATH)
  --compiler-output FILE|-  parse a saved -m/-m=2 log instead of running go;
                            positions are resolved against the first DIR (default .)
  --all                     keep facts about files outside the analysed packages
  --write-baseline FILE     record the findings in FILE (by fingerprint, not line)
  --baseline FILE           report only findings that are not in FILE; exit 3 when
                            new ones fail the gate
  --fail-on K,...           what fails the gate (default heap,pitfall): heap (real
                            heap allocations off cold paths), pitfall, a pitfall id,
                            a fact kind, or none
  --bounds-checks           also report the bounds checks the compiler keeps
                            (-d=ssa/check_bce/debug=1; kind bounds-check)
  --nil-checks              also report the nil checks it keeps (-d=nil; kind nil-check)
  --profile FILE            weigh heap allocations by a pprof profile (go test
                            -memprofile/-cpuprofile, default.pgo); repeatable
  --min-share X             with --profile: only allocations holding at least
                            this share of the profiled bytes (0.01 or 1%)
  --no-progress             no progress line (it is shown only on a terminal anyway)
  -h, --help                this text

exit status: 0 analysed, 1 some package could not be analysed, 2 usage error,
3 the gate failed (new findings, see --baseline and --fail-on), 4 internal error.
`;

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';

export interface CliOptions {
  targets: string[];
  format: OutputFormat;
  pitfalls: boolean;
  tests: boolean;
  tags: string[];
  goPath?: string;
  compilerOutput?: string;
  all: boolean;
  kinds?: Set<string>;
  /** Compiler `-d` flags from --bounds-checks and --nil-checks. */
  debugFlags: string[];
  /** --profile FILE (repeatable): pprof profiles that weigh the heap findings. */
  profiles: string[];
  /** --min-share X: with profiles, only heap findings holding at least this share. */
  minShare?: number;
  writeBaseline?: string;
  baseline?: string;
  /** Set when --baseline or --fail-on was given: the gate is on. */
  failOn?: FailOn;
  progress: boolean;
}

export class UsageError extends Error {}

/** Asked for help: usage on stdout, exit 0. */
export class HelpRequested extends Error {}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];
const HELP = new Set(['-h', '--help', 'help']);

export function parseArgs(argv: readonly string[]): CliOptions {
  const [command, ...rest] = argv;
  if (command !== undefined && HELP.has(command)) throw new HelpRequested();
  if (command !== 'analyze') throw new UsageError(command ? `unknown command: ${command}` : 'missing command');
  const options: CliOptions = { targets: [], format: 'text', pitfalls: true, tests: false, tags: [], all: false, progress: true, profiles: [], debugFlags: [] };
  let failOn: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, json, sarif or github, not ${format}`);
        options.format = format as OutputFormat;
        break;
      }
      case '--pitfalls': options.pitfalls = true; break;
      case '--no-pitfalls': options.pitfalls = false; break;
      case '--tests': options.tests = true; break;
      case '--tags': options.tags = value().split(',').map((t) => t.trim()).filter(Boolean); break;
      case '--go': options.goPath = value(); break;
      case '--compiler-output': options.compilerOutput = value(); break;
      case '--all': options.all = true; break;
      case '--kinds': options.kinds = new Set(value().split(',').map((k) => k.trim()).filter(Boolean)); break;
      case '--write-baseline': options.writeBaseline = value(); break;
      case '--baseline': options.baseline = value(); break;
      case '--fail-on': failOn = value(); break;
      case '--no-progress': options.progress = false; break;
      case '--bounds-checks': options.debugFlags.push('ssa/check_bce/debug=1'); break;
      case '--nil-checks': options.debugFlags.push('nil'); break;
      case '--profile': options.profiles.push(value()); break;
      case '--min-share': options.minShare = parseShare(value(), (message) => new UsageError(message)); break;
      case '-h': case '--help': throw new HelpRequested();
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option: ${arg}`);
        options.targets.push(arg);
    }
  }
  if (options.targets.length === 0) options.targets.push('.');
  if (failOn !== undefined || options.baseline !== undefined) {
    const parsed = parseFailOn(failOn ?? DEFAULT_FAIL_ON);
    if ('error' in parsed) throw new UsageError(parsed.error);
    options.failOn = parsed;
  }
  if (options.baseline && options.writeBaseline && options.baseline === options.writeBaseline) {
    throw new UsageError('--baseline and --write-baseline name the same file: write a new baseline without --baseline');
  }
  return options;
}
