import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LOAD_PROFILES_REQUEST,
  LoadProfilesParams,
  LoadProfilesResult,
  PROFILE_BENCHMARKS_REQUEST,
  ProfileBenchmarksParams,
  ProfileBenchmarksResult,
} from '../../server/src/shared/protocol';

export const LOAD_PROFILE_COMMAND = 'goEscapeHints.loadProfile';
export const PROFILE_BENCHMARKS_COMMAND = 'goEscapeHints.profileBenchmarks';

/** "Load Profile…" and "Profile Package Benchmarks": the VS Code side asks, the server loads and runs. */
export function registerProfileCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, output: () => vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(LOAD_PROFILE_COMMAND, () => loadProfile(client())),
    vscode.commands.registerCommand(PROFILE_BENCHMARKS_COMMAND, () => profileBenchmarks(client(), output())),
  );
}

async function loadProfile(client: LanguageClient | undefined): Promise<void> {
  if (!client) return notRunning();
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Load Profile',
    title: 'Go profiles (go test -memprofile / -cpuprofile, /debug/pprof/allocs, default.pgo)',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (!picked || picked.length === 0) return;
  const result = await client.sendRequest<LoadProfilesResult>(LOAD_PROFILES_REQUEST, { files: picked.map((uri) => uri.fsPath) } satisfies LoadProfilesParams);
  if (result.errors.length > 0) void vscode.window.showWarningMessage(`Go Escape Hints: ${result.errors.join(' ')}`);
  if (result.loaded.length > 0) void vscode.window.setStatusBarMessage(`Go Escape Hints: weighing allocations by ${result.loaded.map((f) => path.basename(f)).join(', ')}`, 5000);
}

async function profileBenchmarks(client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    // go test runs the workspace's code: never in a workspace the user has not trusted.
    void vscode.window.showInformationMessage('Profiling runs the package\'s benchmarks, so it needs a trusted workspace.', 'Manage Workspace Trust').then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
    return;
  }
  if (!client) return notRunning();
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'go' || document.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Open a Go file to profile the benchmarks of its package.');
    return;
  }
  const dir = path.dirname(document.uri.fsPath);
  const unsaved = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.languageId === 'go' && path.dirname(d.uri.fsPath) === dir);
  if (unsaved.length > 0) {
    // go test builds what is on disk; saving is the user's choice.
    const choice = await vscode.window.showWarningMessage(`${unsaved.length} file(s) of this package have unsaved changes; go test profiles the saved files.`, 'Save and Profile', 'Profile Saved Files');
    if (!choice) return;
    if (choice === 'Save and Profile') for (const d of unsaved) await d.save();
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Go Escape Hints: running the benchmarks of ${path.basename(dir)} with -memprofile and -cpuprofile…`, cancellable: true },
    (_progress, token) =>
      client.sendRequest<ProfileBenchmarksResult>(PROFILE_BENCHMARKS_REQUEST, { uri: document.uri.toString() } satisfies ProfileBenchmarksParams, token).catch((error: unknown) => {
        if (token.isCancellationRequested) return undefined;
        throw error;
      }),
  );
  if (!result) return; // cancelled: go test was stopped
  if (result.output) output.info(`go test -bench in ${dir}:\n${result.output}`);
  if (result.ok) void vscode.window.showInformationMessage(`Go Escape Hints: ${result.message}`);
  else void vscode.window.showWarningMessage(`Go Escape Hints: ${result.message}`, 'Show Output').then((choice) => choice && output.show());
}

function notRunning(): void {
  void vscode.window.showInformationMessage('The Go Escape Hints server is not running.');
}
