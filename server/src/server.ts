import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeConfigurationParams,
  DidChangeWatchedFilesNotification,
  DidChangeWatchedFilesParams,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { codeActionsFor } from './features/codeActions';
import { toDiagnostics } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { layoutHoverAt, withLayoutHover } from './features/structLayout';
import { toInlayHints } from './features/inlayHints';
import { PackageReview } from './features/packageReview';
import { buildProgress } from './features/progress';
import { AnalysisSession, EffectiveSettings } from './session/analysisSession';
import { cleanUpOnExit } from './go/exitCleanup';
import { processCounters } from './go/runProcess';
import {
  ALLOCATIONS_CHANGED_NOTIFICATION,
  ALLOCATIONS_REQUEST,
  AllocationsResult,
  ANALYZE_COMMAND,
  COMPILER_REPORT_REQUEST,
  CompilerReportParams,
  CompilerReportResult,
  InitializationOptions,
  STATS_REQUEST,
  StatsResult,
  STATUS_NOTIFICATION,
  StatusParams,
} from './shared/protocol';
import { DEFAULT_SETTINGS, resolveGoExtensionSettings, resolveSettings } from './shared/settings';
import { checkChange, checkDocumentUri, checkOpen } from './session/protocolInput';
import { GoParser } from './syntax/goParser';
import { EditorProfiles } from './profile/editorProfiles';
import { ProfileWeigher } from './profile/profileWeigher';
import { LOAD_PROFILES_REQUEST, LoadProfilesParams, PROFILE_BENCHMARKS_REQUEST, ProfileBenchmarksParams } from './shared/protocol';
import type { Disposable, FileSystemWatcher } from 'vscode-languageserver/node';

// Wiring only: LSP messages in, session calls; session output, LSP messages out.
const connection = createConnection(ProposedFeatures.all);
// Before anything runs: a go process or an overlay of unsaved code must never outlive the server.
cleanUpOnExit((message) => process.stderr.write(`${message}\n`));

let session: AnalysisSession | undefined;
let review: PackageReview | undefined;
let canShowProgress = false;
let profiles: EditorProfiles | undefined;
let profileWatchers: Promise<Disposable> | undefined;
let canPullConfiguration = false;
let canRefreshInlayHints = false;
let canRegisterConfiguration = false;
let canRegisterWatchers = false;
let pushedSettings: EffectiveSettings = { settings: DEFAULT_SETTINGS, go: {} };
const settingsByUri = new Map<string, Promise<EffectiveSettings>>();
const knownSettings = new Map<string, EffectiveSettings>();

async function settingsFor(uri: string): Promise<EffectiveSettings> {
  if (!canPullConfiguration) return pushedSettings;
  let pending = settingsByUri.get(uri);
  if (!pending) {
    pending = connection.workspace
      .getConfiguration([{ scopeUri: uri, section: 'goEscapeHints' }, { scopeUri: uri, section: 'go' }])
      .then(([ours, go]: unknown[]) => ({ settings: resolveSettings(ours), go: resolveGoExtensionSettings(go) }))
      .catch(() => pushedSettings);
    settingsByUri.set(uri, pending);
  }
  const settings = await pending;
  knownSettings.set(uri, settings);
  return settings;
}

/** Synchronous view for publishing: the settings last read for this document. */
function currentSettings(uri: string): EffectiveSettings {
  return knownSettings.get(uri) ?? pushedSettings;
}

let refreshQueued = false;
function refreshInlayHints(): void {
  if (!canRefreshInlayHints || refreshQueued) return;
  refreshQueued = true;
  setImmediate(() => {
    refreshQueued = false;
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  });
}

connection.onInitialize(async (params): Promise<InitializeResult> => {
  const capabilities = params.capabilities;
  canPullConfiguration = !!capabilities.workspace?.configuration;
  canRefreshInlayHints = !!capabilities.workspace?.inlayHint?.refreshSupport;
  canRegisterConfiguration = !!capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
  canRegisterWatchers = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  canShowProgress = !!capabilities.window?.workDoneProgress;
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  if (options.settings !== undefined) pushedSettings = { settings: resolveSettings(options.settings), go: {} };

  const parser = await GoParser.load();
  review = new PackageReview(parser, {
    publishDiagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    openDocument: (file) => {
      const uri = URI.file(file).toString();
      return session?.openUris().includes(uri) ? { uri, facts: session.factsOf(uri), syntax: session.syntaxOf(uri) } : undefined;
    },
    changed: () => {
      refreshInlayHints();
      void connection.sendNotification(ALLOCATIONS_CHANGED_NOTIFICATION);
    },
    log: (message) => connection.console.log(message),
  });
  session = new AnalysisSession(
    parser,
    {
      publishFacts: (uri, version, facts, findings) => {
        void connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(facts, findings, currentSettings(uri).settings) });
      },
      refreshInlayHints,
      sendStatus: (documents) => void connection.sendNotification(STATUS_NOTIFICATION, { documents } satisfies StatusParams),
      log: (message) => connection.console.log(message),
      packageAnalysed: (event) => void review?.analysed(event),
      buildStarted: (_dir, packagePath, cancel) => (canShowProgress ? buildProgress(connection, packagePath, cancel) : () => undefined),
    },
    settingsFor,
    pushedSettings.settings,
    options.storagePath,
  );
  const weigher = new ProfileWeigher(parser);
  session.weighFacts = (file, syntax, facts) => weigher.weigh(file, syntax, facts);
  const folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (folders.length === 0 && params.rootUri) folders.push(URI.parse(params.rootUri).fsPath);
  profiles = new EditorProfiles(weigher, session, {
    settingsOf: async (folder) =>
      canPullConfiguration
        ? resolveSettings((await connection.workspace.getConfiguration({ scopeUri: folder && URI.file(folder).toString(), section: 'goEscapeHints' }).catch(() => undefined)) ?? pushedSettings.settings)
        : pushedSettings.settings,
    log: (message) => connection.console.log(message),
    warn: (message) => void connection.window.showWarningMessage(message),
    watch: (patterns) => {
      if (!canRegisterWatchers) return;
      void profileWatchers?.then((d) => d.dispose());
      const watchers: FileSystemWatcher[] = patterns.map(({ folder, pattern }) => ({
        globPattern: folder && !pattern.startsWith('/') ? { baseUri: URI.file(folder).toString(), pattern } : pattern,
      }));
      profileWatchers = watchers.length > 0 ? connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }) : undefined;
    },
  }, folders);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      inlayHintProvider: true,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [ANALYZE_COMMAND] },
    },
    serverInfo: { name: 'go-escape-hints', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: ['goEscapeHints', 'go'] });
  if (canRegisterWatchers) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.go' }, { globPattern: '**/go.{mod,work,sum}' }],
    });
  }
  void profiles?.reloadSettingsProfiles();
});

// Notifications are checked first (session/protocolInput.ts): a malformed one is logged and ignored.
function protocolError(method: string, error: string): void {
  connection.console.error(`protocol error: ${method}: ${error}`);
}
connection.onNotification('textDocument/didOpen', (params: unknown) => {
  const checked = checkOpen(params);
  if (!checked.ok) return protocolError('textDocument/didOpen', checked.error);
  const { uri, languageId, version, text } = checked.value;
  session?.open(uri, languageId, version, text);
});
connection.onNotification('textDocument/didChange', (params: unknown) => {
  const checked = checkChange(params);
  if (!checked.ok) {
    protocolError('textDocument/didChange', checked.error);
    // The editor applied a change we could not read: this document's text is no longer known here.
    const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
    if (typeof uri === 'string') session?.lostTrack(uri, 'a change could not be read');
    return;
  }
  session?.change(checked.value.uri, checked.value.changes, checked.value.version);
});
connection.onNotification('textDocument/didSave', (params: unknown) => {
  const checked = checkDocumentUri(params);
  if (!checked.ok) return protocolError('textDocument/didSave', checked.error);
  session?.save(checked.value);
});
connection.onNotification('textDocument/didClose', (params: unknown) => {
  const checked = checkDocumentUri(params);
  if (!checked.ok) return protocolError('textDocument/didClose', checked.error);
  session?.close(checked.value);
  // The package's last open file closed: its other files' diagnostics go too.
  const dir = path.dirname(URI.parse(checked.value).fsPath);
  if (!session?.openUris().some((uri) => path.dirname(URI.parse(uri).fsPath) === dir)) review?.packageClosed(dir);
});

connection.onDidChangeConfiguration(async (change: DidChangeConfigurationParams | null) => {
  settingsByUri.clear();
  knownSettings.clear();
  const pushed = (change?.settings ?? {}) as { goEscapeHints?: unknown; go?: unknown };
  if (!canPullConfiguration && pushed.goEscapeHints !== undefined) {
    pushedSettings = { settings: resolveSettings(pushed.goEscapeHints), go: resolveGoExtensionSettings(pushed.go) };
  }
  // Read the new settings of every open document first: republishing uses them.
  await Promise.all((session?.openUris() ?? []).map(settingsFor));
  session?.settingsChanged();
  void profiles?.reloadSettingsProfiles();
});

connection.onDidChangeWatchedFiles((params: DidChangeWatchedFilesParams | null) => {
  if (!Array.isArray(params?.changes)) return protocolError('workspace/didChangeWatchedFiles', 'params.changes is not an array: ignored');
  session?.filesChanged(params.changes.filter((c) => typeof c?.uri === 'string').map((c) => URI.parse(c.uri).fsPath));
  profiles?.filesChanged(params.changes.filter((c) => typeof c?.uri === 'string').map((c) => URI.parse(c.uri).fsPath));
});

/** A request's document uri, or undefined (logged) when the request is malformed. */
function requestedUri(method: string, params: { textDocument?: { uri?: unknown } } | null): string | undefined {
  const uri = params?.textDocument?.uri;
  if (typeof uri === 'string') return uri;
  protocolError(method, 'params.textDocument.uri is missing: answered with nothing');
  return undefined;
}

connection.languages.inlayHint.on((params) => {
  const uri = requestedUri('textDocument/inlayHint', params);
  if (!session || !uri || !params.range) return [];
  return toInlayHints(session.factsNear(uri, params.range), session.findingsOf(uri), params.range, currentSettings(uri).settings, {
    syntax: session.syntaxOf(uri),
    forcing: review?.forcingFor(URI.parse(uri).fsPath),
  });
});

connection.onHover((params) => {
  const uri = requestedUri('textDocument/hover', params);
  if (!session || !uri || !params.position) return undefined;
  return withLayoutHover(layoutHoverAt(session.structLayoutsOf(uri), params.position), hoverAt(session.factsOf(uri), session.findingsOf(uri), params.position, currentSettings(uri).settings));
});

connection.onCodeAction((params) => {
  const uri = requestedUri('textDocument/codeAction', params);
  return session && uri && params.range ? codeActionsFor(uri, session.findingsOf(uri), params.range, params.context?.diagnostics ?? []) : [];
});

connection.onExecuteCommand(async (params) => {
  if (params?.command === ANALYZE_COMMAND && typeof params.arguments?.[0] === 'string') await session?.analyzeNow(params.arguments[0]);
});

connection.onRequest(ALLOCATIONS_REQUEST, (): AllocationsResult => ({ packages: review?.allocations() ?? [] }));

connection.onRequest(COMPILER_REPORT_REQUEST, ({ uri }: CompilerReportParams): CompilerReportResult =>
  review ? review.compilerReport(URI.parse(uri).fsPath) : { ok: false, message: 'The server is starting.' },
);

connection.onRequest(LOAD_PROFILES_REQUEST, (params: LoadProfilesParams) => profiles?.load(Array.isArray(params?.files) ? params.files.filter((f) => typeof f === 'string') : []));

connection.onRequest(PROFILE_BENCHMARKS_REQUEST, async (params: ProfileBenchmarksParams, token) => {
  const file = typeof params?.uri === 'string' ? URI.parse(params.uri).fsPath : '';
  if (!profiles || !file.endsWith('.go')) return { ok: false, message: 'Open a Go file to profile its package.', benchmarks: [], profiles: [] };
  const abort = new AbortController();
  // A request cancelled before it started has a token whose event never fires.
  if (token.isCancellationRequested) abort.abort();
  const cancel = token.onCancellationRequested(() => abort.abort());
  try {
    return await profiles.profileBenchmarks(file, params.uri, abort.signal);
  } finally {
    cancel.dispose();
  }
});

connection.onRequest(STATS_REQUEST, (): StatsResult => ({
  processesStarted: processCounters.started,
  processesRunning: processCounters.running,
  buildsStarted: session?.buildsStarted ?? 0,
  rss: process.memoryUsage().rss,
  memory: process.memoryUsage(),
}));

connection.onShutdown(() => session?.dispose());

process.on('uncaughtException', (error) => connection.console.error(`internal error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (error) => connection.console.error(`internal error: ${error instanceof Error ? error.stack : String(error)}`));

connection.listen();
