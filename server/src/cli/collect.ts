import * as fs from 'fs';
import * as path from 'path';
import { goFilesIn } from '../analysis/analyzePackage';
import { analyzePackages } from '../analysis/analyzePackages';
import type { CompilerFact } from '../compiler/facts';
import { parseCompilerOutput } from '../compiler/parseCompilerOutput';
import { goError, GoError } from '../go/errors';
import { GoPackage, packageFiles } from '../go/packages';
import { findToolchain, parseGoDirective } from '../go/toolchain';
import type { GoVersionNumber } from '../pitfalls/types';
import type { CliOptions } from './args';

/** One package's facts, and what its pitfalls need to know of it. */
export interface CollectedPackage {
  /** Import path ('' when unknown: a saved log without `# pkg` headers). */
  importPath: string;
  /** Every Go file of the package (pitfalls look at files without facts too). */
  files: string[];
  facts: CompilerFact[];
  /** The module's `go` directive. */
  goVersion: GoVersionNumber | undefined;
}

export interface Collected {
  packages: CollectedPackage[];
  /** Facts about files outside the packages (with --all). */
  outsideFacts: CompilerFact[];
  errors: GoError[];
  goVersion: string | null;
  /** The compiler's version, for version-dependent classification (e.g. `make([]T, 0)` is zero-size from Go 1.23). */
  compilerVersion?: { major: number; minor: number };
}

export interface CollectHooks {
  /** The package files are known: parse them while the compiler runs. */
  onFilesKnown?(files: readonly string[]): void;
  onBuildStarted?(packages: number): void;
}

/** Runs `go list` + one `go build -gcflags=-m=2` over every target package. */
export async function collectFromCompiler(options: CliOptions, hooks: CollectHooks = {}): Promise<Collected> {
  const found = await findToolchain({ goPath: options.goPath });
  if (!found.ok) return { packages: [], outsideFacts: [], errors: [found.error], goVersion: null };
  const toolchain = found.value;
  const analysis = await analyzePackages(toolchain, process.cwd(), options.targets, {
    tests: options.tests,
    tags: options.tags,
    debugFlags: options.debugFlags,
    includeOutsideFiles: options.all,
    onListed: (packages) => {
      hooks.onFilesKnown?.(packages.flatMap((p) => packageFiles(p, options.tests)));
      hooks.onBuildStarted?.(packages.length);
    },
  });
  return {
    packages: analysis.packages.map(({ pkg, facts }) => collectedPackage(pkg, facts, options.tests)),
    outsideFacts: analysis.outsideFacts,
    errors: analysis.errors,
    goVersion: toolchain.version.raw,
    compilerVersion: toolchain.version,
  };
}

function collectedPackage(pkg: GoPackage, facts: CompilerFact[], tests: boolean): CollectedPackage {
  return { importPath: pkg.importPath, files: packageFiles(pkg, tests), facts, goVersion: parseGoDirective(pkg.module?.goVersion) };
}

/** Reads a saved `-m`/`-m=2` log: without `go list`, a package is the `.go` files of a directory given. */
export function collectFromLog(options: CliOptions, stdin: () => string = () => fs.readFileSync(0, 'utf8')): Collected {
  const source = options.compilerOutput!;
  let text: string;
  try {
    text = source === '-' ? stdin() : fs.readFileSync(source, 'utf8');
  } catch (error) {
    return { packages: [], outsideFacts: [], errors: [goError('spawn-failed', `Cannot read compiler output ${source}: ${(error as Error).message}`, { location: source })], goVersion: null };
  }
  const baseDir = path.resolve(options.targets[0]);
  const facts = parseCompilerOutput(text, { baseDir }).facts;
  const claimed = new Set<CompilerFact>();
  const packages = options.targets.map((target): CollectedPackage => {
    const dir = path.resolve(target);
    const files = goFilesIn(dir, true);
    const own = new Set(files);
    const mine = facts.filter((f) => own.has(f.file));
    for (const f of mine) claimed.add(f);
    return { importPath: mine.find((f) => f.packagePath)?.packagePath ?? '', files, facts: mine, goVersion: goDirectiveAbove(dir) };
  });
  return { packages, outsideFacts: options.all ? facts.filter((f) => !claimed.has(f)) : [], errors: [], goVersion: null };
}

/** The `go` directive of the nearest go.mod above `dir` (pitfalls that need a newer Go stay off without it). */
function goDirectiveAbove(dir: string): GoVersionNumber | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const match = /^go\s+(\S+)/m.exec(fs.readFileSync(path.join(d, 'go.mod'), 'utf8'));
      return parseGoDirective(match?.[1]);
    } catch {
      if (d === path.dirname(d)) return undefined;
    }
  }
}
