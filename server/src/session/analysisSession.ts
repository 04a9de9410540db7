import * as fs from 'fs';
import * as path from 'path';
import { analyzePackage } from '../analysis/analyzePackage';
import { compilerVersionOf, fileFindings } from '../analysis/fileFindings';
import type { CompilerPosition } from '../compiler/facts';
import { isCountedAllocation } from '../classify/classification';
import type { AnalysedPackageEvent } from '../features/packageReview';
import { directoryGone, GoError, Result } from '../go/errors';
import type { GoToolchain } from '../go/toolchain';
import { GoPackage, packageFiles } from '../go/packages';
import { processSlots } from '../go/runProcess';
import { parseGoDirective } from '../go/toolchain';
import { carryFindingsThroughChange, detectPitfalls, PitfallFinding } from '../pitfalls';
import { packageName } from '../syntax/goSyntax';
import type { DocumentStatus } from '../shared/protocol';
import type { GoExtensionSettings, Settings } from '../shared/settings';
import type { SourceSyntax, TextRange } from '../syntax/anchor';
import type { GoParser } from '../syntax/goParser';
import { LineIndex } from '../syntax/textPositions';
import { GoDocument } from '../workspace/goDocument';
import type { TextChange } from '../workspace/rangeTracking';
import { carryThroughChange, pointRange, TrackedFact } from '../workspace/trackedFacts';
import { anchorLayouts, AnchoredLayout, paddingFindings } from '../features/structLayout';
import { compilerDebugFlags, withoutHiddenChecks } from '../features/boundsChecks';
import type { TypesHelperResponse } from '../go/typesHelper';
import { paddingSeverity, StructLayoutQueries, withoutPadding } from './structLayouts';
import { ExpressionTypeQueries } from './expressionTypeQueries';
import { expressionsToType } from '../pitfalls/typedQuestions';
import { spanOfNode } from '../go/expressionTypes';
import type { PitfallContext } from '../pitfalls/types';
import { FixVerifier } from './fixVerification';
import { applyOutcomes } from '../features/verifiedFixes';
import { AnalysisCache, cacheKey, CachedAnalysis, DiskHashes, hashText } from './analysisCache';
import { BuildQueue } from './buildQueue';
import { buildConstraintOf, excludedByConstraints, PackageIndex, withOpenFiles } from './packageIndex';
import { PackageTexts } from './packageTexts';
import { ToolchainResolver } from './toolchainResolver';

const RECENTLY_CLOSED_LIMIT = 8;
/**
 * Facts carried through an edit are published (diagnostics) once typing pauses this long, not per
 * keystroke: on a big file each publish is megabytes of JSON that would delay the inlay-hint answers,
 * which are served at once from the carried facts.
 */
const CARRIED_PUBLISH_PAUSE_MS = 150;
/** Failures that say nothing about the code: the facts shown stay as they are, not marked stale. */
const NOT_ABOUT_THE_CODE = new Set(['killed']);
const TOOLCHAIN_ERRORS = new Set(['go-not-found', 'go-too-old']);

/** The documents a build saw, by uri, each with its version then. */
type BuiltVersions = ReadonlyMap<string, { document: GoDocument; version: number }>;

/** What the session asks of the outside world (the LSP connection, or a test). */
export interface SessionOutput {
  /** A document's facts and pitfall findings changed (after an analysis, or carried through an edit). */
  publishFacts(uri: string, version: number | undefined, facts: readonly TrackedFact[], findings: readonly PitfallFinding[]): void;
  refreshInlayHints(): void;
  sendStatus(statuses: DocumentStatus[]): void;
  log(message: string): void;
  /** A package was analysed (or its analysis reused): the whole-package review starts from here. */
  packageAnalysed?(event: AnalysedPackageEvent): void;
  /** A build starts; `cancel` stops it (a user's cancel). Returns what to call when it ends. */
  buildStarted?(dir: string, packagePath: string, cancel: () => void): () => void;
}

export interface EffectiveSettings {
  settings: Settings;
  go: GoExtensionSettings;
}

/** What a document shows: its facts and pitfalls, and where they came from. */
interface Shown {
  facts: TrackedFact[];
  findings: PitfallFinding[];
  /** The analysis (cache key), text and version they were anchored on; absent once edits carried them. */
  origin?: { analysisKey: string; text: string; version: number };
}

const NOTHING_SHOWN: Shown = { facts: [], findings: [] };

interface PackageState {
  timer?: NodeJS.Timeout;
  /** The error of the last analysis, when it failed; facts shown are then from the last good build. */
  error?: GoError;
  analysing: boolean;
  goVersion?: string;
  /** The package as last listed: which open files its build constraints exclude. */
  pkg?: GoPackage;
}

/**
 * The server's state and its one job: keep every open Go document's facts true to its text.
 * Documents are grouped by package directory; each package is analysed by one build at a time.
 */
export class AnalysisSession {
  private readonly documents = new Map<string, GoDocument>();
  private readonly shown = new Map<string, Shown>();
  /** Documents closed lately, with their tree and what they showed: reopening one with the same text costs no parse. */
  private readonly recentlyClosed = new Map<string, { document: GoDocument; shown: Shown }>();
  private readonly packages = new Map<string, PackageState>();
  private readonly queue: BuildQueue;
  private readonly cache = new AnalysisCache();
  private readonly diskHashes = new DiskHashes();
  private readonly packageIndex = new PackageIndex();
  private readonly toolchains = new ToolchainResolver();
  /** Per document: the timer that publishes facts carried through edits once typing pauses. */
  private readonly carriedPublish = new Map<string, NodeJS.Timeout>();
  /** Files `go list` did not know when they were on disk, by the mtime at which it was asked again (once per change). */
  private readonly relistedFor = new Map<string, number>();
  /** Per document: its build constraint line as last opened or saved; a saved change means go list must be asked again. */
  private readonly constraintOnDisk = new Map<string, string | undefined>();
  private readonly structLayouts: StructLayoutQueries;
  private readonly fixVerifier: FixVerifier;
  private readonly expressionTypes: ExpressionTypeQueries;
  /** Each document's pitfall context from its last analysis: the typed pass re-detects with the helper's types. */
  private readonly pitfallContexts = new Map<string, { analysisKey: string; context: PitfallContext; findings: readonly PitfallFinding[] }>();
  /** Each document's struct layouts, with the text they were placed on (a hover after an edit waits for the next answer). */
  private readonly layoutsShown = new Map<string, { text: string; answer: TypesHelperResponse; severity?: string; layouts: AnchoredLayout[] }>();
  /** Documents whose text was lost to an unreadable change (see lostTrack), by language id. */
  private readonly outOfSync = new Map<string, string>();
  private disposed = false;
  /** The typing pause before an analysis, from the settings last read. */
  private debounceMs: number;
  /** Counts `go build` runs (not cache hits), for tests and the log. */
  buildsStarted = 0;
  /** Puts profile weights on the facts a document shows (set by the server; see server/src/profile). */
  weighFacts?: (file: string, syntax: () => SourceSyntax, facts: readonly TrackedFact[]) => TrackedFact[];

  constructor(
    private readonly parser: GoParser,
    private readonly output: SessionOutput,
    private readonly settingsFor: (uri: string) => Promise<EffectiveSettings>,
    { maxConcurrentBuilds, debounceMs }: Pick<Settings, 'maxConcurrentBuilds' | 'debounceMs'>,
    /** Where the types helper is built (the editor's storage); an OS cache directory when absent. */
    helperCacheDir?: string,
  ) {
    this.queue = new BuildQueue(maxConcurrentBuilds);
    processSlots.setLimit(maxConcurrentBuilds);
    this.structLayouts = new StructLayoutQueries(helperCacheDir, (message) => output.log(message));
    this.fixVerifier = new FixVerifier(this.queue);
    this.expressionTypes = new ExpressionTypeQueries(helperCacheDir, (message) => output.log(message));
    this.debounceMs = debounceMs;
  }

  // ---- documents -------------------------------------------------------------------------

  open(uri: string, languageId: string, version: number, text: string): void {
    this.outOfSync.delete(uri);
    this.documents.get(uri)?.dispose();
    const closed = this.recentlyClosed.get(uri);
    this.recentlyClosed.delete(uri);
    if (closed && closed.document.text === text) {
      // Same text as when it was closed: its tree and facts are still true; the analysis below re-checks the package.
      closed.document.reopen(version);
      this.documents.set(uri, closed.document);
      this.show(uri, version, closed.shown);
      this.output.refreshInlayHints();
    } else {
      closed?.document.dispose();
      this.documents.set(uri, new GoDocument(uri, languageId, version, text, this.parser));
    }
    this.constraintOnDisk.set(uri, buildConstraintOf(text));
    const dir = this.packageDirOf(this.documents.get(uri)!);
    if (dir) this.schedule(dir, 0);
  }

  change(uri: string, changes: readonly (TextChange | { text: string })[], version: number): void {
    const document = this.documents.get(uri);
    if (!document) return this.resynchronise(uri, changes, version);
    const { applied, corrections } = document.applyChanges(changes, version);
    for (const correction of corrections) this.output.log(`protocol error: textDocument/didChange for ${uri} version ${version}: ${correction}`);
    let { facts, findings } = this.shownOf(uri);
    for (const change of applied) {
      facts = 'range' in change ? carryThroughChange(facts, change, document.filePath) : [];
      findings = 'range' in change ? carryFindingsThroughChange(findings, change) : [];
    }
    this.showCarried(uri, { facts, findings });
    this.output.refreshInlayHints();
    const dir = this.packageDirOf(document);
    if (!dir) return;
    // The build in flight describes text that no longer exists: stop it now, a new one follows the pause.
    this.queue.cancel(dir);
    this.structLayouts.cancel(dir);
    this.expressionTypes.cancel(dir);
    this.queue.cancel(FixVerifier.queueKey(dir));
    this.schedule(dir, undefined);
  }

  save(uri: string): void {
    const document = this.documents.get(uri);
    const dir = document && this.packageDirOf(document);
    if (!dir) return;
    const constraint = buildConstraintOf(document.text);
    if (constraint !== this.constraintOnDisk.get(uri)) this.packageIndex.forget(dir); // the file may have joined or left the build
    this.constraintOnDisk.set(uri, constraint);
    this.schedule(dir, 0);
  }

  close(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    this.recentlyClosed.set(uri, { document, shown: this.shownOf(uri) });
    while (this.recentlyClosed.size > RECENTLY_CLOSED_LIMIT) {
      const [oldest, entry] = this.recentlyClosed.entries().next().value!;
      entry.document.dispose();
      this.recentlyClosed.delete(oldest);
    }
    this.documents.delete(uri);
    this.shown.delete(uri);
    this.constraintOnDisk.delete(uri);
    this.cancelCarriedPublish(uri);
    this.layoutsShown.delete(uri);
    this.pitfallContexts.delete(uri);
    this.output.publishFacts(uri, undefined, [], []);
    // The package review shows the closed file from disk again, after an analysis without its buffer.
    const dir = this.packageDirOf(document);
    if (dir && this.urisIn(dir).length > 0) this.schedule(dir, 0);
  }

  /**
   * A change to this document could not be read: from now on its text here differs from the
   * editor's, and facts anchored on it (or a build of it) would be wrong. It is dropped, showing
   * nothing, until the editor reopens it or sends its whole text.
   */
  lostTrack(uri: string, why: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    this.outOfSync.set(uri, document.languageId);
    this.close(uri);
    this.recentlyClosed.get(uri)?.document.dispose();
    this.recentlyClosed.delete(uri);
    this.output.log(`${uri}: ${why}; its facts are hidden until the editor sends its whole text again (reopen the file)`);
  }

  /** A document dropped by `lostTrack` comes back with a change that carries its whole text. */
  private resynchronise(uri: string, changes: readonly (TextChange | { text: string })[], version: number): void {
    const languageId = this.outOfSync.get(uri);
    const whole = changes.map((c) => !('range' in c)).lastIndexOf(true);
    if (languageId === undefined || whole < 0) return;
    this.outOfSync.delete(uri);
    this.open(uri, languageId, version, changes[whole].text);
    if (whole < changes.length - 1) this.change(uri, changes.slice(whole + 1), version);
  }

  openUris(): string[] {
    return [...this.documents.keys()];
  }

  factsOf(uri: string): readonly TrackedFact[] {
    return this.shownOf(uri).facts;
  }

  findingsOf(uri: string): readonly PitfallFinding[] {
    return this.shownOf(uri).findings;
  }

  /** The document's struct layouts, while its text is the one they were computed on. */
  structLayoutsOf(uri: string): readonly AnchoredLayout[] {
    const shown = this.layoutsShown.get(uri);
    return shown && shown.text === this.documents.get(uri)?.text ? shown.layouts : [];
  }

  /** The current syntax of an open document (placing hints, telling receivers from parameters). */
  /**
   * The facts whose node lies within `marginLines` of `range`: an inlay-hint request covers the
   * visible screen, and placing a hint looks at the syntax around its fact (a hint sits at most a
   * declaration away from it), so facts far off need not be looked at — on a big file, doing so for
   * thousands of facts per keystroke was most of the answer's time.
   */
  factsNear(uri: string, range: TextRange, marginLines = 200): readonly TrackedFact[] {
    const first = range.start.line - marginLines;
    const last = range.end.line + marginLines;
    return this.shownOf(uri).facts.filter((f) => f.range.end.line >= first && f.range.start.line <= last);
  }

  syntaxOf(uri: string): SourceSyntax | undefined {
    return this.documents.get(uri)?.syntax();
  }

  // ---- triggers from outside -------------------------------------------------------------

  /** Analyse the package of `uri` now, even if nothing changed (the "analyse now" command). */
  analyzeNow(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    const dir = document && this.packageDirOf(document);
    return dir ? this.analyze(dir, true) : Promise.resolve();
  }

  /** Settings changed: everything may look different (severity, kinds, go binary, tags). */
  settingsChanged(): void {
    this.toolchains.clear();
    this.packageIndex.clear();
    // Republish with the new severities; without origins, the next analysis (a cache hit) re-anchors and re-detects pitfalls.
    for (const [uri, { facts, findings }] of this.shown) this.show(uri, this.documents.get(uri)?.version, { facts, findings });
    this.output.refreshInlayHints();
    for (const dir of this.openPackageDirs()) this.schedule(dir, 0);
  }

  /** The loaded profiles changed: weigh what every document shows again. */
  reweigh(): void {
    for (const [uri, shown] of this.shown) this.show(uri, this.documents.get(uri)?.version, shown);
    this.output.refreshInlayHints();
  }

  /** The go toolchain and build tags the analysis of `uri` uses (for running its benchmarks). */
  async toolchainFor(uri: string): Promise<{ toolchain: Result<GoToolchain>; tags: string[]; timeoutMs: number }> {
    const { settings, go } = await this.settingsFor(uri);
    return { toolchain: await this.toolchains.resolve(settings, go), tags: [...new Set([...(go.buildTags ?? []), ...settings.buildTags])], timeoutMs: settings.buildTimeoutSeconds * 1000 };
  }

  /** Files appeared, disappeared or changed on disk (checkout, generator, go.mod edit). */
  filesChanged(paths: readonly string[]): void {
    if (paths.some((p) => /(^|[\\/])go\.(mod|work|sum)$/.test(p) || p.endsWith('.go'))) this.packageIndex.clear();
    const dirs = new Set(paths.map((p) => path.dirname(p)));
    const moduleChanged = paths.some((p) => /go\.(mod|work)$/.test(p));
    for (const dir of this.openPackageDirs()) if (moduleChanged || dirs.has(dir)) this.schedule(dir, 0);
  }

  dispose(): void {
    this.disposed = true;
    for (const state of this.packages.values()) if (state.timer) clearTimeout(state.timer);
    for (const timer of this.carriedPublish.values()) clearTimeout(timer);
    this.carriedPublish.clear();
    for (const dir of this.packages.keys()) this.queue.cancel(dir);
    for (const document of this.documents.values()) document.dispose();
    for (const { document } of this.recentlyClosed.values()) document.dispose();
    this.documents.clear();
    this.recentlyClosed.clear();
  }

  // ---- scheduling ------------------------------------------------------------------------

  private schedule(dir: string, delayMs: number | undefined): void {
    const state = this.stateOf(dir);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.analyze(dir, false);
    }, delayMs ?? this.debounceMs);
  }

  private async analyze(dir: string, force: boolean): Promise<void> {
    if (this.disposed) return;
    const uris = this.urisIn(dir);
    if (uris.length === 0) return;
    this.flushCarriedPublish(dir);
    const state = this.stateOf(dir);
    const { settings, go } = await this.settingsFor(uris[0]);
    this.queue.setLimit(settings.maxConcurrentBuilds);
    processSlots.setLimit(settings.maxConcurrentBuilds);
    this.debounceMs = settings.debounceMs;
    // Before Go is asked anything: a deleted directory is not Go's fault (spawn would say ENOENT).
    if (!fs.existsSync(dir)) return this.fail(dir, directoryGone(dir));
    const found = await this.toolchains.resolve(settings, go);
    if (!found.ok) return this.fail(dir, found.error);
    const toolchain = found.value;
    const tags = [...new Set([...(go.buildTags ?? []), ...settings.buildTags])];
    let listed = await this.packageIndex.get(toolchain, dir, tags);
    if (listed.ok && this.unknownFilesOnDisk(dir, listed.value)) {
      // A file go list did not know is on disk now (created, saved): the client may send no file events (Neovim 0.7).
      this.packageIndex.forget(dir);
      listed = await this.packageIndex.get(toolchain, dir, tags);
    }
    if (!listed.ok) return this.fail(dir, listed.error);
    // Open files not on disk yet are part of the build through the overlay, so they count as the package's.
    const pkg = withOpenFiles(listed.value, this.urisIn(dir).map((u) => this.documents.get(u)?.filePath).filter((f): f is string => !!f));
    state.pkg = pkg;
    const tests = settings.analyzeTestFiles && uris.some((u) => u.endsWith('_test.go'));
    // The document itself, not only its version: one closed and reopened with other text starts again at version 1.
    const versions = new Map(uris.map((u) => [u, { document: this.documents.get(u)!, version: this.documents.get(u)!.version }]));
    const overlay = this.overlayFor(dir);
    const fileHashes = new Map(packageFiles(pkg, tests).map((f) => [f, overlay.has(f) ? hashText(overlay.get(f)!) : this.diskHashes.hash(f)]));
    const debugFlags = compilerDebugFlags(settings);
    const key = cacheKey({ dir, goVersion: toolchain.version.raw, tests, tags, debugFlags, fileHashes });

    let analysis = force ? undefined : this.cache.get(key);
    if (!analysis) {
      state.analysing = true;
      this.sendStatus(dir);
      this.buildsStarted++;
      let cancelledByUser = false;
      const buildEnded = this.output.buildStarted?.(dir, pkg.importPath || dir, () => {
        cancelledByUser = true;
        this.queue.cancel(dir);
      });
      const result = await this.queue
        .run(dir, (signal) => analyzePackage(toolchain, dir, { pkg, tests, tags, overlay, signal, timeoutMs: settings.buildTimeoutSeconds * 1000, debugFlags }))
        .finally(() => buildEnded?.());
      state.analysing = false;
      if (cancelledByUser && !this.disposed) this.sendStatus(dir);
      if (result === 'superseded' || this.disposed) return;
      if (!result.ok) {
        if (result.error.code === 'cancelled') return this.sendStatus(dir);
        return this.fail(dir, result.error);
      }
      const analysed = result.value; // already only this package's files
      analysis = { goVersion: toolchain.version.raw, factsIn: (file) => analysed.factsIn(file), output: analysed.output };
      this.cache.set(key, dir, overlay.size === 0, analysis);
      this.output.log(`analysed ${pkg.importPath} with ${toolchain.version.raw} in ${analysed.durationMs} ms: facts about ${analysed.files.length} files`);
    }
    state.error = undefined;
    state.goVersion = analysis.goVersion;
    this.publishAnalysis(dir, key, analysis, versions, { pkg, tests, settings });
    if (settings.structLayout.enabled) void this.showStructLayouts(key, versions, { toolchain, dir, tags, tests, overlay }, settings);
    // Typed fixes first (they need the helper's types), then their verification build sees them too.
    const typed = this.showTypedPitfalls(key, versions, { toolchain, dir, tags, tests, overlay }, settings);
    if (settings.verifyFixes) void typed.then(() => this.verifyFixes(key, analysis, versions, (fixedFile, fixedText, signal) =>
      analyzePackage(toolchain, dir, { pkg, tests, tags, overlay: new Map([...overlay, [fixedFile, fixedText]]), signal, timeoutMs: settings.buildTimeoutSeconds * 1000, debugFlags }),
    ));
  }

  /** Builds once more with the first open file's allocation fixes applied, and retitles (or withdraws) them by what the compiler says. */
  private async verifyFixes(analysisKey: string, analysis: CachedAnalysis, versions: BuiltVersions, build: (file: string, text: string, signal: AbortSignal) => ReturnType<typeof analyzePackage>): Promise<void> {
    for (const [uri, built] of versions) {
      const document = this.stillAsBuilt(uri, built);
      const file = document?.filePath;
      const shown = this.shownOf(uri);
      const version = built.version;
      if (!document || !file || shown.origin?.analysisKey !== analysisKey) continue;
      const outcomes = await this.fixVerifier.verify(path.dirname(file), analysisKey, file, document.text, shown.findings, analysis.factsIn(file), (text, signal) => build(file, text, signal));
      if (!outcomes) continue; // nothing to verify here (or cancelled): the next file may have some
      const now = this.shownOf(uri);
      if (!this.disposed && this.stillAsBuilt(uri, built) && now.origin?.analysisKey === analysisKey) this.show(uri, version, { ...now, findings: applyOutcomes(now.findings, outcomes) });
      return; // one extra build per analysis at most
    }
  }

  /** Asks the types helper for the package's struct layouts (after its facts are shown) and shows them where the text has not changed. */
  private async showStructLayouts(analysisKey: string, versions: BuiltVersions, query: { toolchain: GoToolchain; dir: string; tags: string[]; tests: boolean; overlay: Map<string, string> }, settings: Settings): Promise<void> {
    const answer = await this.structLayouts.query(analysisKey, query);
    if (!answer || this.disposed) return;
    const severity = paddingSeverity(settings);
    for (const [uri, built] of versions) {
      const document = this.stillAsBuilt(uri, built);
      const version = built.version;
      if (!document || !document.filePath) continue;
      const before = this.layoutsShown.get(uri);
      if (before && before.answer === answer && before.text === document.text && before.severity === severity) continue;
      const lines = document.syntax().lines;
      const layouts = anchorLayouts(answer, document.filePath, lines);
      this.layoutsShown.set(uri, { text: document.text, answer, severity, layouts });
      const shown = this.shownOf(uri);
      const padding = severity ? paddingFindings(layouts, lines, { severity }) : [];
      // Published even when nothing changed: clients (and tests) see that this text's layouts are in.
      this.show(uri, version, { ...shown, findings: [...withoutPadding(shown.findings), ...padding] });
    }
  }

  /**
   * Asks the types helper for the expressions the typed pitfalls need (fmt arguments) and detects the
   * pitfalls again with those types, on each document still showing this analysis' text.
   */
  private async showTypedPitfalls(analysisKey: string, versions: BuiltVersions, query: { toolchain: GoToolchain; dir: string; tags: string[]; tests: boolean; overlay: Map<string, string> }, settings: Settings): Promise<void> {
    const wanted: { uri: string; version: number; document: GoDocument; context: PitfallContext; nodes: ReturnType<typeof expressionsToType> }[] = [];
    for (const [uri, built] of versions) {
      const saved = this.pitfallContexts.get(uri);
      const version = built.version;
      if (!saved || saved.analysisKey !== analysisKey || !this.stillAsBuilt(uri, built)) continue;
      // Only where types can still change a finding (a boxed fmt argument or Put left without a fix): no helper run otherwise.
      const nodes = expressionsToType(saved.context.syntax.tree.rootNode, saved.findings);
      if (nodes.length > 0) wanted.push({ uri, version, document: built.document, context: saved.context, nodes });
    }
    if (wanted.length === 0 || (!settings.pitfalls['interface-boxing'] && !settings.pitfalls['sync-pool-value'] && !settings.pitfalls['queue-reslice-leak'])) return;
    const queries = wanted.map(({ context, nodes }) => ({ file: context.file, ranges: nodes.map((n) => spanOfNode(n, context.syntax.lines)) }));
    const answer = await this.expressionTypes.query(analysisKey, query, queries);
    if (!answer || this.disposed) return;
    for (const { uri, version, document, context } of wanted) {
      const shown = this.shownOf(uri);
      if (!this.stillAsBuilt(uri, { document, version }) || shown.origin?.analysisKey !== analysisKey) continue;
      const typedContext: PitfallContext = { ...context, expressionTypes: (node) => answer.typeOf(context.file, node, context.syntax.lines) };
      const findings = detectPitfalls(typedContext, settings.pitfalls, (message) => this.output.log(message));
      this.show(uri, version, { ...shown, findings: [...findings, ...shown.findings.filter((f) => f.code === 'struct-padding')] });
    }
  }

  /**
   * The document a build saw, when it is still open with that text: the same document object at the
   * same version (a document closed and reopened starts again at version 1, with other text).
   */
  private stillAsBuilt(uri: string, built: { document: GoDocument; version: number }): GoDocument | undefined {
    const document = this.documents.get(uri);
    return document === built.document && document.version === built.version ? document : undefined;
  }

  /** Anchors the analysis on each document that has not changed since the build started. */
  private publishAnalysis(dir: string, analysisKey: string, analysis: CachedAnalysis, versions: BuiltVersions, about: { pkg: GoPackage; tests: boolean; settings: Settings }): void {
    const otherFiles = new Map<string, LineIndex | undefined>();
    const packageTexts = new PackageTexts(packageFiles(about.pkg, about.tests), (file) => this.openText(file));
    for (const [uri, { document: built, version }] of versions) {
      const document = this.documents.get(uri);
      if (document !== built || document.version !== version || !document.filePath) continue; // an older text's facts are never shown
      const origin = this.shownOf(uri).origin;
      if (origin && origin.analysisKey === analysisKey && origin.text === document.text) continue; // already showing exactly this
      const file = document.filePath;
      const syntax = document.syntax();
      const found = fileFindings({
        file,
        syntax,
        facts: analysis.factsIn(file),
        rangeElsewhere: (position) => this.rangeElsewhere(position, otherFiles),
        goVersion: parseGoDirective(about.pkg.module?.goVersion),
        mentionedInOtherFiles: (name) => packageTexts.mentions(name, file),
        pitfalls: about.settings.pitfalls,
        log: (message) => this.output.log(message),
        anchorOptions: compilerVersionOf(analysis.goVersion),
      });
      const tracked = withoutHiddenChecks(found.tracked, about.settings);
      // What the typed pass needs to detect the pitfalls again with the types helper's answers.
      const context: PitfallContext = {
        file,
        syntax,
        facts: found.tracked,
        packageName: packageName(syntax.tree.rootNode),
        isTestFile: file.endsWith('_test.go'),
        goVersion: parseGoDirective(about.pkg.module?.goVersion),
        mentionedInOtherFiles: (name) => packageTexts.mentions(name, file),
      };
      this.pitfallContexts.set(uri, { analysisKey, context, findings: found.pitfalls });
      // Padding findings stay (carried through edits) until the layouts of this analysis replace them.
      const padding = paddingSeverity(about.settings) ? this.shownOf(uri).findings.filter((f) => f.code === 'struct-padding') : [];
      this.show(uri, version, { facts: tracked, findings: [...found.pitfalls, ...padding], origin: { analysisKey, text: document.text, version } });
    }
    this.output.refreshInlayHints();
    this.sendStatus(dir);
    this.output.packageAnalysed?.({ dir, pkg: about.pkg, files: packageFiles(about.pkg, about.tests), analysis, settings: about.settings });
  }

  private shownOf(uri: string): Shown {
    return this.shown.get(uri) ?? NOTHING_SHOWN;
  }

  /** Records what a document shows and publishes it; callers refresh the inlay hints once after. */
  private show(uri: string, version: number | undefined, shown: Shown): void {
    this.cancelCarriedPublish(uri);
    shown = this.weighed(uri, shown);
    this.shown.set(uri, shown);
    this.output.publishFacts(uri, version, shown.facts, shown.findings);
  }

  /** With profiles loaded: the facts with their weights for the document's current text (see weighFacts). */
  private weighed(uri: string, shown: Shown): Shown {
    const document = this.documents.get(uri);
    if (!this.weighFacts || !document?.filePath || shown.facts.length === 0) return shown;
    return { ...shown, facts: this.weighFacts(document.filePath, () => document.syntax(), shown.facts) };
  }

  /** Records facts carried through an edit at once (hints read them), and publishes them when typing pauses. */
  private showCarried(uri: string, shown: Shown): void {
    this.shown.set(uri, this.weighed(uri, shown));
    this.cancelCarriedPublish(uri);
    this.carriedPublish.set(uri, setTimeout(() => {
      this.carriedPublish.delete(uri);
      const current = this.shown.get(uri);
      const document = this.documents.get(uri);
      if (current && document) this.output.publishFacts(uri, document.version, current.facts, current.findings);
    }, Math.min(CARRIED_PUBLISH_PAUSE_MS, this.debounceMs / 2)));
  }

  /** Publishes at once what edits carried and is still waiting for the pause: a build's answer must come after it. */
  private flushCarriedPublish(dir: string): void {
    for (const uri of this.urisIn(dir)) {
      const timer = this.carriedPublish.get(uri);
      if (!timer) continue;
      clearTimeout(timer);
      this.carriedPublish.delete(uri);
      const { facts, findings } = this.shownOf(uri);
      this.output.publishFacts(uri, this.documents.get(uri)?.version, facts, findings);
    }
  }

  private cancelCarriedPublish(uri: string): void {
    const timer = this.carriedPublish.get(uri);
    if (timer) clearTimeout(timer);
    this.carriedPublish.delete(uri);
  }

  private openText(file: string): string | undefined {
    for (const document of this.documents.values()) if (document.filePath === file) return document.text;
    return undefined;
  }

  /** Keeps the last good facts, marked stale, and says why once in the status. */
  private fail(dir: string, error: GoError): void {
    const state = this.stateOf(dir);
    const changed = state.error?.message !== error.message;
    state.error = error;
    state.analysing = false;
    for (const uri of this.urisIn(dir)) {
      if (NOT_ABOUT_THE_CODE.has(error.code)) break;
      const { facts, findings } = this.shownOf(uri);
      if (facts.every((f) => f.stale)) {
        this.shown.set(uri, { facts, findings }); // no origin: a later good build must republish
        continue;
      }
      this.show(uri, this.documents.get(uri)?.version, { facts: facts.map((f) => ({ ...f, stale: true })), findings });
    }
    if (changed) this.output.log(`${dir}: ${error.message}${error.detail ? `\n${error.detail}` : ''}`);
    this.output.refreshInlayHints();
    this.sendStatus(dir);
  }

  private sendStatus(dir: string): void {
    const state = this.stateOf(dir);
    const statuses: DocumentStatus[] = this.urisIn(dir).map((uri) => {
      const { facts, origin } = this.shownOf(uri);
      const heapAllocations = facts.filter((f) => isCountedAllocation(f.fact, f.classification)).length;
      if (state.analysing) return { uri, state: 'analysing', heapAllocations, goVersion: state.goVersion };
      const document = this.documents.get(uri);
      const excluded = state.pkg && !state.error && document?.filePath ? excludedByConstraints(state.pkg, document.filePath, document.text) : undefined;
      if (excluded) return { uri, state: 'not-analysed', heapAllocations: 0, message: excluded, errorCode: 'excluded-by-build-constraints', goVersion: state.goVersion };
      if (state.error) {
        // Facts of the last good build are worth showing while the code does not compile; without Go at all, nothing is.
        const stale = facts.length > 0 && !TOOLCHAIN_ERRORS.has(state.error.code);
        return { uri, state: stale ? 'stale' : 'error', heapAllocations, message: state.error.message, errorCode: state.error.code, goVersion: state.goVersion };
      }
      return { uri, state: state.goVersion ? 'ready' : 'not-analysed', heapAllocations, goVersion: state.goVersion, version: origin?.version };
    });
    if (statuses.length > 0) this.output.sendStatus(statuses);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private overlayFor(dir: string): Map<string, string> {
    const overlay = new Map<string, string>();
    for (const uri of this.urisIn(dir)) {
      const document = this.documents.get(uri)!;
      const file = document.filePath;
      if (file && !this.matchesDisk(file, document.text)) overlay.set(file, document.text);
    }
    return overlay;
  }

  private matchesDisk(file: string, text: string): boolean {
    return this.diskHashes.hash(file) === hashText(text);
  }

  /** Where a step in another file points: on its open document, else on its text on disk (read once per publish). */
  private rangeElsewhere(position: CompilerPosition, cache: Map<string, LineIndex | undefined>): TextRange | undefined {
    if (!cache.has(position.file)) {
      const open = [...this.documents.values()].find((d) => d.filePath === position.file);
      let lines: LineIndex | undefined;
      try {
        lines = open ? open.syntax().lines : new LineIndex(fs.readFileSync(position.file, 'utf8'));
      } catch {
        lines = undefined;
      }
      cache.set(position.file, lines);
    }
    const lines = cache.get(position.file);
    return lines && pointRange(lines, position);
  }

  /** Is an open file of `dir` on disk but unknown to the listing (and not asked about since it last changed)? */
  private unknownFilesOnDisk(dir: string, pkg: GoPackage): boolean {
    const known = new Set([...pkg.goFiles, ...pkg.testGoFiles, ...pkg.xTestGoFiles, ...pkg.ignoredGoFiles].map((name) => path.join(pkg.dir, name)));
    let unknown = false;
    for (const uri of this.urisIn(dir)) {
      const file = this.documents.get(uri)?.filePath;
      if (!file || known.has(file)) continue;
      let mtimeMs: number;
      try {
        mtimeMs = fs.statSync(file).mtimeMs;
      } catch {
        continue; // not on disk yet: the overlay brings it into the build
      }
      if (this.relistedFor.get(file) === mtimeMs) continue; // asked already: go list ignores it (a `_x.go`, another package)
      this.relistedFor.set(file, mtimeMs);
      unknown = true;
    }
    return unknown;
  }

  private packageDirOf(document: GoDocument): string | undefined {
    const file = document.filePath;
    return file && file.endsWith('.go') ? path.dirname(file) : undefined;
  }

  private urisIn(dir: string): string[] {
    return [...this.documents.values()].filter((d) => this.packageDirOf(d) === dir).map((d) => d.uri);
  }

  private openPackageDirs(): Set<string> {
    const dirs = new Set<string>();
    for (const document of this.documents.values()) {
      const dir = this.packageDirOf(document);
      if (dir) dirs.add(dir);
    }
    return dirs;
  }

  private stateOf(dir: string): PackageState {
    let state = this.packages.get(dir);
    if (!state) {
      state = { analysing: false };
      this.packages.set(dir, state);
    }
    return state;
  }
}

