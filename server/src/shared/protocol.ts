/** Messages between our client and server beyond LSP itself. No `vscode` import. */

export const STATUS_NOTIFICATION = 'goEscapeHints/status';
/** The server's command (the language client registers it too, so it must not share the client command's name). */
export const ANALYZE_COMMAND = 'goEscapeHints.server.analyzePackage';

/** Per document: what the status bar shows while that document is active. */
export interface DocumentStatus {
  uri: string;
  state: 'analysing' | 'ready' | 'stale' | 'error' | 'not-analysed';
  /** Heap allocations (moved to heap, escapes to heap) in this document. */
  heapAllocations: number;
  /** For `error` and `stale`: what went wrong, in one sentence. */
  message?: string;
  /** The error's code (see server/src/go/errors.ts), so the client can offer the right fix. */
  errorCode?: string;
  goVersion?: string;
  /** For `ready`: the document version the facts were computed from (absent when they were carried through edits). */
  version?: number;
}

export interface StatusParams {
  documents: DocumentStatus[];
}

/** Initialization options a client may send (all optional). */
export interface InitializationOptions {
  /** Settings to use when the client does not answer `workspace/configuration`. */
  settings?: unknown;
  /** A directory the server may keep files in (the editor's extension storage): the built types helper. */
  storagePath?: string;
}

/** `goEscapeHints/stats`: counters for tests and troubleshooting. */
export const STATS_REQUEST = 'goEscapeHints/stats';

export interface StatsResult {
  /** Every process the server started (go list, go build, go version). */
  processesStarted: number;
  processesRunning: number;
  /** Analyses that ran the compiler (cache hits excluded). */
  buildsStarted: number;
  /** Resident memory of the server, bytes. */
  rss: number;
  /** Where that memory is: V8's heap, buffers, WebAssembly (tree-sitter) and other external memory, bytes. */
  memory?: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

/** `goEscapeHints/allocations`: the heap allocations of every package with an open file, for the Allocations view. */
export const ALLOCATIONS_REQUEST = 'goEscapeHints/allocations';
/** Sent when what `goEscapeHints/allocations` answers has changed (a package was analysed or closed). */
export const ALLOCATIONS_CHANGED_NOTIFICATION = 'goEscapeHints/allocationsChanged';

export interface AllocationSite {
  uri: string;
  /** Where the editor marks the allocation (0-based, UTF-16, as LSP). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** The compiler's subject: the variable or expression. */
  subject: string;
  kind: 'moved-to-heap' | 'escapes-to-heap';
  /** The cause id (`interface-boxing`, `closure-capture`, …) and its plain words. */
  cause?: string;
  causeSummary?: string;
  /** Inside a loop: it allocates on every iteration. */
  inLoop: boolean;
  /** On an error or panic path: the note says where. */
  coldPath?: string;
}

export interface AllocationFunction {
  /** `Decode`, `(*decodeState).value`, or `package level`. */
  name: string;
  sites: AllocationSite[];
}

export interface AllocationPackage {
  importPath: string;
  dir: string;
  functions: AllocationFunction[];
}

export interface AllocationsResult {
  packages: AllocationPackage[];
}

/** `goEscapeHints/compilerReport`: the raw `-m=2` report of the package of `uri`, from its last analysis. */
export const COMPILER_REPORT_REQUEST = 'goEscapeHints/compilerReport';

export interface CompilerReportParams {
  uri: string;
}

export type CompilerReportResult =
  | { ok: true; importPath: string; dir: string; goVersion: string; text: string }
  | { ok: false; message: string };

/** `goEscapeHints/loadProfiles`: weigh heap allocations by these pprof files ("Load Profile…"); an empty list unloads them. */
export const LOAD_PROFILES_REQUEST = 'goEscapeHints/loadProfiles';

export interface LoadProfilesParams {
  files: string[];
}

export interface LoadProfilesResult {
  /** The files now loaded. */
  loaded: string[];
  /** One sentence per file that could not be used. */
  errors: string[];
}

/**
 * `goEscapeHints/profileBenchmarks`: run the benchmarks of the package of `uri` with `-memprofile` and
 * `-cpuprofile`, then load both profiles. Cancelling the request stops `go test`.
 */
export const PROFILE_BENCHMARKS_REQUEST = 'goEscapeHints/profileBenchmarks';

export interface ProfileBenchmarksParams {
  uri: string;
}

export interface ProfileBenchmarksResult {
  ok: boolean;
  /** One sentence for people: what ran and what was loaded, or what went wrong. */
  message: string;
  /** The benchmarks that ran (`BenchmarkHot`, …). */
  benchmarks: string[];
  /** The profiles written and loaded. */
  profiles: string[];
  /** go test's output, for the output channel. */
  output?: string;
}
