import * as vscode from 'vscode';
import type { DocumentStatus } from '../../server/src/shared/protocol';

export const STATUS_DETAILS_COMMAND = 'goEscapeHints.showStatusDetails';
/** Opens the Allocations view (the status bar item's click when all is well). */
export const ALLOCATIONS_COMMAND = 'goEscapeHints.showAllocations';

/** Status bar words per error code (server/src/go/errors.ts); the tooltip has the full sentence. */
const SHORT_ERRORS: Record<string, string> = {
  'go-not-found': 'Go not found',
  'go-too-old': 'Go too old',
  'outside-module': 'not in a Go module',
  'no-go-files': 'no Go package',
  'build-failed': 'package does not build',
  'timed-out': 'analysis timed out',
  killed: 'build was killed',
  'directory-missing': 'directory gone',
  'not-a-report': 'not a compiler report',
};

/**
 * One status bar item for the active Go editor: analysing…, the number of heap allocations in the
 * file, or what went wrong — a click explains and offers the fix.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('goEscapeHints.status', vscode.StatusBarAlignment.Right, 100);
  private readonly statuses = new Map<string, DocumentStatus>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private globalState: { text: string; tooltip: string; error: boolean } | undefined;

  constructor() {
    this.item.name = 'Go Escape Hints';
    this.item.command = STATUS_DETAILS_COMMAND;
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
  }

  update(documents: readonly DocumentStatus[]): void {
    for (const status of documents) this.statuses.set(status.uri, status);
    this.render();
  }

  /** A state that applies to every file (untrusted workspace, server not running). */
  setGlobal(state: { text: string; tooltip: string; error: boolean } | undefined): void {
    this.globalState = state;
    this.render();
  }

  /** Whether a build runs for any document (the Allocations view says "analysing…" then). */
  anyAnalysing(): boolean {
    // Only open documents: a document closed mid-build gets no further status.
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    return [...this.statuses.values()].some((s) => s.state === 'analysing' && open.has(s.uri));
  }

  activeStatus(): DocumentStatus | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    return uri ? this.statuses.get(uri) : undefined;
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'go') {
      this.item.hide();
      return;
    }
    this.item.backgroundColor = undefined;
    this.item.command = STATUS_DETAILS_COMMAND;
    if (this.globalState) {
      this.item.text = this.globalState.text;
      this.item.tooltip = this.globalState.tooltip;
      if (this.globalState.error) this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.show();
      return;
    }
    const status = this.statuses.get(editor.document.uri.toString());
    const count = status ? `${status.heapAllocations} heap allocation${status.heapAllocations === 1 ? '' : 's'}` : '';
    switch (status?.state) {
      case undefined:
      case 'not-analysed':
        // With a message: the file is not part of the build (build constraints), so nothing to count.
        this.item.text = status?.message ? '$(circle-slash) not in this build' : '$(flame) Go Escape Hints';
        this.item.tooltip = status?.message ?? 'Not analysed yet';
        break;
      case 'analysing':
        // Never a count here: "0 heap allocations" while the first build runs would be false.
        this.item.text = '$(sync~spin) analysing…';
        this.item.tooltip = 'Go Escape Hints: running the compiler\'s escape analysis…';
        break;
      case 'ready':
        this.item.text = `$(flame) ${count}`;
        this.item.tooltip = `Go Escape Hints: ${count} in this file on normal paths (${status.goVersion ?? 'go'}). Click to list the package's allocations.`;
        this.item.command = ALLOCATIONS_COMMAND;
        break;
      case 'stale':
        this.item.text = `$(warning) ${count}`;
        this.item.tooltip = `${status.message}\nShowing the facts of the last successful build.`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'error':
        this.item.text = `$(error) ${SHORT_ERRORS[status.errorCode ?? ''] ?? 'Go Escape Hints: analysis failed'}`;
        this.item.tooltip = `${status.message ?? 'The analysis failed.'}\nClick for what to do.`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
