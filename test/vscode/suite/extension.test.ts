import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

/** Runs inside the VS Code extension host against examples/allocations. */
describe('Go Escape Hints in the extension host', () => {
  let document: vscode.TextDocument;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    document = await vscode.workspace.openTextDocument(path.join(folder, 'allocations.go'));
    await vscode.window.showTextDocument(document);
    await waitFor(() => vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'Go Escape Hints'));
  });

  it('publishes heap diagnostics with related information', () => {
    const u = vscode.languages.getDiagnostics(document.uri).find((d) => d.message.startsWith('moved to heap: u'));
    assert.ok(u);
    assert.ok(u.relatedInformation?.some((r) => r.message === 'from &u (address-of)'));
  });

  it('provides inlay hints', async () => {
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0));
    assert.ok(hints.some((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')) === '· ↑heap' && h.position.line === 16));
  });

  it('offers the time.Tick quick fix', async () => {
    const line = document.getText().split('\n').findIndex((l) => l.includes('time.Tick('));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(line, 12, line, 14));
    assert.ok(actions.some((a) => a.title.startsWith('Use time.NewTicker') && a.isPreferred));
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
