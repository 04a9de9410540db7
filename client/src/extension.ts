import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import {
  ALLOCATIONS_CHANGED_NOTIFICATION,
  ALLOCATIONS_REQUEST,
  AllocationsResult,
  ANALYZE_COMMAND,
  COMPILER_REPORT_REQUEST,
  CompilerReportParams,
  CompilerReportResult,
  InitializationOptions,
  STATUS_NOTIFICATION,
  StatusParams,
} from '../../server/src/shared/protocol';
import { AllocationsView } from './allocationsView';
import { CompilerReports } from './compilerReport';
import { sanitizeGoSection } from './configurationMiddleware';
import { ALLOCATIONS_COMMAND, StatusBar, STATUS_DETAILS_COMMAND } from './statusBar';
import { registerProfileCommands } from './profileCommands';

// The VS Code side only: start the server, show its status, offer commands. No analysis here.

let client: LanguageClient | undefined;
let statusBar: StatusBar;
let output: vscode.LogOutputChannel;
let allocations: AllocationsView;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Go Escape Hints', { log: true });
  statusBar = new StatusBar();
  allocations = new AllocationsView(() => client?.sendRequest<AllocationsResult>(ALLOCATIONS_REQUEST) ?? Promise.resolve(undefined));
  const reports = new CompilerReports((uri) => client?.sendRequest<CompilerReportResult>(COMPILER_REPORT_REQUEST, { uri } satisfies CompilerReportParams) ?? Promise.resolve(undefined));
  context.subscriptions.push(output, statusBar, allocations, reports);
  context.subscriptions.push(
    vscode.commands.registerCommand('goEscapeHints.analyzePackage', analyzeCurrentPackage),
    vscode.commands.registerCommand('goEscapeHints.toggleHints', toggleHints),
    vscode.commands.registerCommand('goEscapeHints.restartServer', () => restart(context)),
    vscode.commands.registerCommand('goEscapeHints.showOutput', () => output.show()),
    vscode.commands.registerCommand(STATUS_DETAILS_COMMAND, showStatusDetails),
    vscode.commands.registerCommand(ALLOCATIONS_COMMAND, () => allocations.focus()),
    vscode.commands.registerCommand('goEscapeHints.allocations.filterByCause', () => allocations.filterByCause()),
    vscode.commands.registerCommand('goEscapeHints.allocations.toggleColdPaths', () => allocations.toggleColdPaths()),
    vscode.commands.registerCommand('goEscapeHints.allocations.refresh', () => allocations.refresh()),
    vscode.commands.registerCommand('goEscapeHints.showCompilerReport', () => reports.show(activeGoDocument())),
    vscode.window.onDidChangeActiveTextEditor(() => activeGoDocument()),
  );
  registerProfileCommands(context, () => client, () => output);
  if (!vscode.workspace.isTrusted) {
    // Analysis runs `go build` inside the workspace, which can execute what the workspace chose (cgo, toolexec).
    statusBar.setGlobal({ text: '$(shield) Go Escape Hints: off', tooltip: 'Go Escape Hints does not run `go build` in an untrusted workspace. Trust the workspace to see heap allocations.', error: false });
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void start(context)));
    return;
  }
  await start(context);
}

/** The Go document the commands are about: the active editor's, else the last Go editor seen. */
let lastGoDocument: vscode.Uri | undefined;
function activeGoDocument(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'go') lastGoDocument = editor.document.uri;
  return lastGoDocument;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  statusBar.setGlobal(undefined);
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'go' }],
    outputChannel: output,
    initializationOptions: { storagePath: context.globalStorageUri.fsPath } satisfies InitializationOptions,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.go,go.mod,go.work,go.sum}') },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, index) =>
            item.section === 'go'
              ? sanitizeGoSection(vscode.workspace.getConfiguration('go', item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined), vscode.workspace.isTrusted)
              : answers[index],
          );
        },
      },
    },
  };
  client = new LanguageClient('goEscapeHints', 'Go Escape Hints', serverOptions, clientOptions);
  client.onDidChangeState(({ newState }) => {
    if (newState === State.Stopped) statusBar.setGlobal({ text: '$(error) Go Escape Hints', tooltip: 'The language server stopped. Run "Go Escape Hints: Restart Server".', error: true });
  });
  try {
    await client.start();
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      statusBar.update(params.documents);
      allocations.setAnalysing(statusBar.anyAnalysing());
    });
    client.onNotification(ALLOCATIONS_CHANGED_NOTIFICATION, () => void allocations.refresh());
    void vscode.commands.executeCommand('setContext', 'goEscapeHints.active', true);
    statusBar.setGlobal(undefined);
  } catch (error) {
    const message = `Go Escape Hints could not start its language server: ${error instanceof Error ? error.message : String(error)}`;
    output.error(message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => choice && output.show());
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  if (client) {
    await client.stop().catch(() => undefined);
    client = undefined;
  }
  await start(context);
}

async function analyzeCurrentPackage(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== 'go') {
    void vscode.window.showInformationMessage('Open a Go file to analyse its package.');
    return;
  }
  await client.sendRequest('workspace/executeCommand', { command: ANALYZE_COMMAND, arguments: [editor.document.uri.toString()] });
}

async function toggleHints(): Promise<void> {
  const config = vscode.workspace.getConfiguration('goEscapeHints');
  const enabled = config.get<boolean>('inlayHints.enabled', true);
  await config.update('inlayHints.enabled', !enabled, vscode.ConfigurationTarget.Global);
  void vscode.window.setStatusBarMessage(`Go Escape Hints: inlay hints ${enabled ? 'off' : 'on'}`, 3000);
}

async function showStatusDetails(): Promise<void> {
  const status = statusBar.activeStatus();
  if (!vscode.workspace.isTrusted) {
    const choice = await vscode.window.showInformationMessage('Go Escape Hints runs `go build` in your workspace, so it stays off until you trust the workspace.', 'Manage Workspace Trust');
    if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  if (status?.errorCode === 'go-not-found' || status?.errorCode === 'go-too-old') {
    const choice = await vscode.window.showWarningMessage(status.message ?? 'Go was not found.', 'Set goEscapeHints.goPath', 'Show Output');
    if (choice === 'Set goEscapeHints.goPath') await vscode.commands.executeCommand('workbench.action.openSettings', 'goEscapeHints.goPath');
    if (choice === 'Show Output') output.show();
    return;
  }
  if (status?.state === 'error' || status?.state === 'stale') {
    const choice = await vscode.window.showWarningMessage(status.message ?? 'The analysis failed.', 'Analyse Again', 'Show Output');
    if (choice === 'Analyse Again') await analyzeCurrentPackage();
    if (choice === 'Show Output') output.show();
    return;
  }
  const choice = await vscode.window.showInformationMessage(
    status ? `${status.heapAllocations} heap allocation(s) in this file, from ${status.goVersion ?? 'go'}'s escape analysis.` : 'Go Escape Hints has not analysed this file yet.',
    'Analyse Now',
    'Toggle Hints',
    'Show Output',
  );
  if (choice === 'Analyse Now') await analyzeCurrentPackage();
  if (choice === 'Toggle Hints') await toggleHints();
  if (choice === 'Show Output') output.show();
}
