import * as vscode from 'vscode';
import { reportLinks } from './reportLinks';
import type { CompilerReportResult } from '../../server/src/shared/protocol';

export const REPORT_SCHEME = 'go-compiler-report';
export const REPORT_LANGUAGE = 'go-compiler-report';

/**
 * Show Compiler Report: the package's raw `-m=2` report as a read-only document (a content provider's
 * documents cannot be edited) in the `go-compiler-report` language, each `file:line:col` a link.
 * The document's URI carries the package directory, against which the report's `./x.go` paths resolve.
 */
export class CompilerReports implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly fetch: (sourceUri: string) => Promise<CompilerReportResult | undefined>) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this),
      vscode.languages.registerDocumentLinkProvider({ language: REPORT_LANGUAGE }, this),
      vscode.languages.registerDocumentLinkProvider({ scheme: REPORT_SCHEME }, this),
    ];
  }

  /** Opens the report of the package of `source` (the active Go editor's document). */
  async show(source: vscode.Uri | undefined): Promise<void> {
    if (!source) {
      void vscode.window.showInformationMessage('Open a Go file to see its package\'s compiler report.');
      return;
    }
    const result = await this.fetch(source.toString());
    if (!result || !result.ok) {
      void vscode.window.showInformationMessage(result?.message ?? 'The language server is not running.');
      return;
    }
    // `json.gcflags-m.txt` matches the language's filename pattern too.
    const name = `${result.importPath.split('/').pop() || 'package'}.gcflags-m.txt`;
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${result.importPath}/${name}`, query: new URLSearchParams({ dir: result.dir }).toString() });
    this.texts.set(uri.toString(), `# ${result.importPath} (go build -gcflags=-m=2, ${result.goVersion})\n${result.text}`);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== REPORT_LANGUAGE) await vscode.languages.setTextDocumentLanguage(document, REPORT_LANGUAGE);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This report is no longer available: run Show Compiler Report again.';
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    if (document.uri.scheme !== REPORT_SCHEME) return [];
    const dir = new URLSearchParams(document.uri.query).get('dir') ?? '';
    return reportLinks(document.getText(), dir).map(
      (link) => new vscode.DocumentLink(new vscode.Range(document.positionAt(link.start), document.positionAt(link.end)), vscode.Uri.file(link.file).with({ fragment: `L${link.line},${link.column}` })),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
