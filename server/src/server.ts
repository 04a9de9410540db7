import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { codeActionsFor } from './features/codeActions';
import { toDiagnostics } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { layoutHoverAt, withLayoutHover } from './features/structLayout';
import { toInlayHints } from './features/inlayHints';
import { AnalysisSession, EffectiveSettings } from './session/analysisSession';
import { processCounters } from './go/runProcess';
import { ANALYZE_COMMAND, InitializationOptions, STATS_REQUEST, StatsResult, STATUS_NOTIFICATION, StatusParams } from './shared/protocol';
import { DEFAULT_SETTINGS, resolveGoExtensionSettings, resolveSettings } from './shared/settings';
import { GoParser } from './syntax/goParser';

// Wiring only: LSP messages in, session calls; session output, LSP messages out.
const connection = createConnection(ProposedFeatures.all);

let session: AnalysisSession | undefined;
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
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  if (options.settings !== undefined) pushedSettings = { settings: resolveSettings(options.settings), go: {} };

  const parser = await GoParser.load();
  session = new AnalysisSession(
    parser,
    {
      publishFacts: (uri, version, facts, findings) => {
        void connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(facts, findings, currentSettings(uri).settings) });
      },
      refreshInlayHints,
      sendStatus: (documents) => void connection.sendNotification(STATUS_NOTIFICATION, { documents } satisfies StatusParams),
      log: (message) => connection.console.log(message),
    },
    settingsFor,
    pushedSettings.settings,
    options.storagePath,
  );
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
});

connection.onDidOpenTextDocument(({ textDocument }) => session?.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => session?.change(textDocument.uri, contentChanges, textDocument.version));
connection.onDidSaveTextDocument(({ textDocument }) => session?.save(textDocument.uri));
connection.onDidCloseTextDocument(({ textDocument }) => session?.close(textDocument.uri));

connection.onDidChangeConfiguration(async (change) => {
  settingsByUri.clear();
  knownSettings.clear();
  const pushed = (change.settings ?? {}) as { goEscapeHints?: unknown; go?: unknown };
  if (!canPullConfiguration && pushed.goEscapeHints !== undefined) {
    pushedSettings = { settings: resolveSettings(pushed.goEscapeHints), go: resolveGoExtensionSettings(pushed.go) };
  }
  // Read the new settings of every open document first: republishing uses them.
  await Promise.all((session?.openUris() ?? []).map(settingsFor));
  session?.settingsChanged();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  session?.filesChanged(changes.map((c) => URI.parse(c.uri).fsPath));
});

connection.languages.inlayHint.on(({ textDocument, range }) => {
  if (!session) return [];
  return toInlayHints(session.factsOf(textDocument.uri), range, currentSettings(textDocument.uri).settings);
});

connection.onHover(({ textDocument, position }) =>
  session ? withLayoutHover(layoutHoverAt(session.structLayoutsOf(textDocument.uri), position), hoverAt(session.factsOf(textDocument.uri), session.findingsOf(textDocument.uri), position)) : undefined,
);

connection.onCodeAction(({ textDocument, range, context }) => (session ? codeActionsFor(textDocument.uri, session.findingsOf(textDocument.uri), range, context.diagnostics) : []));

connection.onExecuteCommand(async ({ command, arguments: args }) => {
  if (command === ANALYZE_COMMAND && typeof args?.[0] === 'string') await session?.analyzeNow(args[0]);
});

connection.onRequest(STATS_REQUEST, (): StatsResult => ({
  processesStarted: processCounters.started,
  processesRunning: processCounters.running,
  buildsStarted: session?.buildsStarted ?? 0,
  rss: process.memoryUsage().rss,
}));

connection.onShutdown(() => session?.dispose());

process.on('uncaughtException', (error) => connection.console.error(`internal error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (error) => connection.console.error(`internal error: ${error instanceof Error ? error.stack : String(error)}`));

connection.listen();
