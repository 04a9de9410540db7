import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { anchorFacts } from '../analysis/anchoredFacts';
import { CompilerFact, CompilerPosition, FACT_KINDS, FactKind, HEAP_KINDS, LEAK_KINDS } from '../compiler/facts';
import type { GoPackage } from '../go/packages';
import { parseGoDirective } from '../go/toolchain';
import { detectPitfalls, PitfallFinding } from '../pitfalls';
import { CAUSE_SUMMARIES } from '../explain/causes';
import type { AllocationFunction, AllocationPackage, AllocationSite, CompilerReportResult } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import type { SourceSyntax, TextRange } from '../syntax/anchor';
import type { GoParser } from '../syntax/goParser';
import { packageName } from '../syntax/goSyntax';
import { LineIndex } from '../syntax/textPositions';
import { pointRange, TrackedFact, trackFacts } from '../workspace/trackedFacts';
import { toDiagnostics } from './diagnostics';
import { withoutHiddenChecks } from './boundsChecks';
import { calleesForcingAllocation, heapClass } from './factFilter';
import { functionNameAt } from './factSyntax';

/** What the session reports after each analysis of a package (see SessionOutput.packageAnalysed). */
export interface AnalysedPackageEvent {
  dir: string;
  pkg: GoPackage;
  /** The package's files that were built (with tests when they were). */
  files: readonly string[];
  analysis: { goVersion: string; factsIn(file: string): readonly CompilerFact[]; output?: string };
  settings: Settings;
}

export interface ReviewHost {
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
  /** The open document of a file, if any: its facts and current syntax. */
  openDocument(file: string): { uri: string; facts: readonly TrackedFact[]; syntax: SourceSyntax | undefined } | undefined;
  /** What the package review found changed: leak hints and the Allocations view may differ. */
  changed(): void;
  log(message: string): void;
}

/** One unopened file, anchored on its text on disk. */
interface DiskFile {
  uri: string;
  /** The facts and the disk text they were anchored on (size and mtime): unchanged, nothing is redone. */
  stamp: string;
  facts: TrackedFact[];
  findings: PitfallFinding[];
  /** Each fact's function, read while the tree was alive. */
  functions: (string | undefined)[];
  published?: string;
}

interface PackageEntry {
  event: AnalysedPackageEvent;
  generation: number;
  files: Map<string, DiskFile>;
  forcing: Set<string>;
}

/**
 * The whole-package review: after an analysis, the package's unopened files are anchored on their
 * text on disk (no extra build; only files the compiler said something about are parsed) and their
 * diagnostics published, as gopls does; it feeds the Allocations view, the leak hints (which callees
 * make the package allocate) and Show Compiler Report.
 */
export class PackageReview {
  private readonly packages = new Map<string, PackageEntry>();
  private generation = 0;

  constructor(private readonly parser: GoParser, private readonly host: ReviewHost) {}

  /** Starts reviewing an analysis; resolves when every unopened file is done (or a newer analysis took over). */
  async analysed(given: AnalysedPackageEvent): Promise<void> {
    // `go list` may name the directory by another path (a symlink resolved): the files are in the session's.
    const event = { ...given, files: given.files.map((f) => path.join(given.dir, path.basename(f))) };
    const previous = this.packages.get(event.dir);
    const entry: PackageEntry = { event, generation: ++this.generation, files: previous?.files ?? new Map(), forcing: previous?.forcing ?? new Set() };
    this.packages.set(event.dir, entry);
    const wanted = new Set(event.files.filter((f) => !this.host.openDocument(f)));
    for (const file of [...entry.files.keys()]) {
      if (!wanted.has(file)) this.forget(entry, file);
    }
    for (const file of wanted) {
      if (this.packages.get(event.dir) !== entry) return; // a newer analysis of this package took over
      try {
        this.review(entry, file);
      } catch (error) {
        this.host.log(`reviewing ${file} failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
      await new Promise<void>((resolve) => setImmediate(resolve)); // let hovers and hints of open files through
    }
    if (this.packages.get(event.dir) !== entry) return;
    entry.forcing = calleesForcingAllocation(this.allFacts(entry));
    this.publish(entry);
    this.host.changed();
  }

  /** The last file of a package closed: its files' diagnostics go. */
  packageClosed(dir: string): void {
    const entry = this.packages.get(dir);
    if (!entry) return;
    this.packages.delete(dir);
    for (const file of [...entry.files.keys()]) this.forget(entry, file);
    this.host.changed();
  }

  /** Settings changed (the scope): publish or withdraw the unopened files' diagnostics. */
  settingsChanged(settingsOf: (dir: string) => Settings | undefined): void {
    for (const entry of this.packages.values()) {
      const settings = settingsOf(entry.event.dir);
      if (settings) entry.event = { ...entry.event, settings };
      for (const disk of entry.files.values()) disk.published = undefined;
      this.publish(entry);
    }
  }

  /** Callee names whose parameter leaks make the package of `file` allocate. */
  forcingFor(file: string): ReadonlySet<string> | undefined {
    return this.packages.get(path.dirname(file))?.forcing;
  }

  compilerReport(file: string): CompilerReportResult {
    const entry = this.packages.get(path.dirname(file));
    if (!entry) return { ok: false, message: 'This package has not been analysed yet.' };
    const { event } = entry;
    if (event.analysis.output === undefined) return { ok: false, message: 'The compiler report of this analysis was not kept.' };
    return { ok: true, importPath: event.pkg.importPath, dir: event.dir, goVersion: event.analysis.goVersion, text: event.analysis.output };
  }

  /** Every package's heap allocations, by function: loop sites first, cold ones last; non-allocating ones left out. */
  allocations(): AllocationPackage[] {
    const packages: AllocationPackage[] = [];
    for (const entry of this.packages.values()) {
      const byFunction = new Map<string, AllocationSite[]>();
      const add = (name: string | undefined, uri: string, tracked: TrackedFact) => {
        const site = siteOf(uri, tracked);
        if (!site) return;
        const key = name ?? 'package level';
        byFunction.set(key, [...(byFunction.get(key) ?? []), site]);
      };
      for (const file of entry.event.files) {
        const open = this.host.openDocument(file);
        if (open) {
          for (const tracked of open.facts) add(open.syntax && functionNameAt(open.syntax, tracked.range), open.uri, tracked);
          continue;
        }
        const disk = entry.files.get(file);
        disk?.facts.forEach((tracked, i) => add(disk.functions[i], disk.uri, tracked));
      }
      const functions: AllocationFunction[] = [...byFunction].map(([name, sites]) => ({ name, sites: sites.sort(siteOrder) }));
      functions.sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name));
      packages.push({ importPath: entry.event.pkg.importPath || entry.event.dir, dir: entry.event.dir, functions });
    }
    return packages;
  }

  private allFacts(entry: PackageEntry): TrackedFact[] {
    const facts: TrackedFact[] = [];
    for (const file of entry.event.files) {
      const open = this.host.openDocument(file);
      if (open) facts.push(...open.facts);
      else facts.push(...(entry.files.get(file)?.facts ?? []));
    }
    return facts;
  }

  private review(entry: PackageEntry, file: string): void {
    const { event } = entry;
    // Only what could be shown or feeds a pitfall is anchored: a file with nothing else is not even parsed.
    const kinds = relevantKinds(event.settings);
    const facts = event.analysis.factsIn(file).filter((f) => kinds.has(f.kind));
    const stamp = `${diskStamp(file)}\0${[...kinds].join()}\0${facts.length}\0${facts.map((f) => `${f.line}:${f.column}:${f.message}`).join('\n')}`;
    if (entry.files.get(file)?.stamp === stamp) return;
    const uri = URI.file(file).toString();
    if (facts.length === 0) {
      entry.files.set(file, { uri, stamp, facts: [], findings: [], functions: [], published: entry.files.get(file)?.published });
      return;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return;
    }
    const syntax: SourceSyntax = { tree: this.parser.parse(text), lines: new LineIndex(text) };
    try {
      const anchored = anchorFacts(facts, (f) => (f === file ? syntax : undefined));
      const elsewhere = new Map<string, LineIndex | undefined>();
      const tracked = withoutHiddenChecks(trackFacts(anchored, file, syntax, (position) => rangeOnDisk(position, elsewhere)), event.settings);
      const findings = detectPitfalls(
        {
          file,
          syntax,
          facts: tracked,
          packageName: packageName(syntax.tree.rootNode),
          isTestFile: file.endsWith('_test.go'),
          goVersion: parseGoDirective(event.pkg.module?.goVersion),
          mentionedInOtherFiles: () => true, // unknown here: fixes are offered once the file is open
        },
        event.settings.pitfalls,
        (message) => this.host.log(message),
      );
      const functions = tracked.map((t) => functionNameAt(syntax, t.range));
      entry.files.set(file, { uri, stamp, facts: tracked, findings, functions, published: entry.files.get(file)?.published });
    } finally {
      syntax.tree.delete();
    }
  }

  private publish(entry: PackageEntry): void {
    const wholePackage = entry.event.settings.diagnostics.scope === 'package';
    for (const [file, disk] of entry.files) {
      if (this.host.openDocument(file)) continue; // the open document publishes its own
      const diagnostics = wholePackage ? toDiagnostics(disk.facts, disk.findings, entry.event.settings) : [];
      const signature = JSON.stringify(diagnostics);
      if (disk.published === signature || (disk.published === undefined && diagnostics.length === 0)) {
        disk.published = signature;
        continue;
      }
      disk.published = signature;
      this.host.publishDiagnostics(disk.uri, diagnostics);
    }
  }

  private forget(entry: PackageEntry, file: string): void {
    const disk = entry.files.get(file);
    entry.files.delete(file);
    // A file that became open publishes its own diagnostics; one that left the package loses ours.
    if (disk?.published && disk.published !== '[]' && !this.host.openDocument(file)) this.host.publishDiagnostics(disk.uri, []);
  }
}

function relevantKinds(settings: Settings): Set<FactKind> {
  const { severity, loopSeverity } = settings.diagnostics;
  return new Set(FACT_KINDS.filter((kind) => HEAP_KINDS.has(kind) || LEAK_KINDS.has(kind) || severity[kind] !== 'off' || loopSeverity[kind] !== 'off'));
}

function siteOf(uri: string, tracked: TrackedFact): AllocationSite | undefined {
  const heap = heapClass(tracked);
  if (heap === undefined || heap === 'no-allocation') return undefined;
  return {
    uri,
    range: tracked.focus,
    subject: tracked.fact.subject,
    kind: tracked.fact.kind as AllocationSite['kind'],
    cause: tracked.cause,
    causeSummary: tracked.cause ? CAUSE_SUMMARIES[tracked.cause] : undefined,
    inLoop: tracked.inLoop,
    coldPath: tracked.classification.coldPath?.note,
  };
}

/** Loop sites first, cold ones last, then by place. */
function siteOrder(a: AllocationSite, b: AllocationSite): number {
  const weight = (s: AllocationSite) => (s.coldPath ? 2 : s.inLoop ? 0 : 1);
  return weight(a) - weight(b) || a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** Functions with allocations in loops first, then by how many allocate on a normal path. */
function rank(fn: AllocationFunction): number {
  const hot = fn.sites.filter((s) => !s.coldPath);
  return hot.filter((s) => s.inLoop).length * 1000 + hot.length;
}

function diskStamp(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function rangeOnDisk(position: CompilerPosition, cache: Map<string, LineIndex | undefined>): TextRange | undefined {
  if (!cache.has(position.file)) {
    let lines: LineIndex | undefined;
    try {
      lines = new LineIndex(fs.readFileSync(position.file, 'utf8'));
    } catch {
      lines = undefined;
    }
    cache.set(position.file, lines);
  }
  const lines = cache.get(position.file);
  return lines && pointRange(lines, position);
}
