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
}
