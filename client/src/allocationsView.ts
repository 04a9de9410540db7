import * as vscode from 'vscode';
import type { AllocationFunction, AllocationPackage, AllocationSite, AllocationsResult } from '../../server/src/shared/protocol';

export const ALLOCATIONS_VIEW = 'goEscapeHints.allocations';

type Node =
  | { type: 'package'; pkg: AllocationPackage; functions: AllocationFunction[] }
  | { type: 'function'; pkg: AllocationPackage; fn: AllocationFunction; sites: AllocationSite[] }
  | { type: 'site'; site: AllocationSite; id: string };

/**
 * The Allocations view in the Explorer: packages → functions → allocation sites, loop sites first and
 * cold ones last (or hidden), with counts; a click reveals the site. Fed by `goEscapeHints/allocations`.
 */
export class AllocationsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private packages: AllocationPackage[] = [];
  private cause: string | undefined;
  private showCold = true;
  private analysing = false;
  private pending: Promise<void> | undefined;

  constructor(private readonly fetch: () => Promise<AllocationsResult | undefined>) {
    this.view = vscode.window.createTreeView(ALLOCATIONS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.view.onDidChangeVisibility(({ visible }) => visible && void this.refresh());
  }

  /** Re-reads the allocations (when visible: a hidden view costs the server nothing). */
  refresh(): Promise<void> {
    if (!this.view.visible) return Promise.resolve();
    this.pending ??= this.fetch()
      .then((result) => {
        this.packages = result?.packages ?? [];
        this.render();
      })
      .catch(() => undefined)
      .finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** While a build runs the view says so, instead of a count that is about to change. */
  setAnalysing(analysing: boolean): void {
    if (this.analysing === analysing) return;
    this.analysing = analysing;
    this.updateMessage();
    if (!analysing) void this.refresh();
  }

  async filterByCause(): Promise<void> {
    const causes = new Map<string, number>();
    for (const site of this.packages.flatMap((p) => p.functions.flatMap((f) => f.sites))) causes.set(site.cause ?? 'unexplained', (causes.get(site.cause ?? 'unexplained') ?? 0) + 1);
    const items: (vscode.QuickPickItem & { cause?: string })[] = [
      { label: 'All causes', description: this.cause ? undefined : 'current' },
      ...[...causes].sort((a, b) => b[1] - a[1]).map(([cause, count]) => ({ label: causeWords(cause), description: `${count} site${count === 1 ? '' : 's'}${cause === this.cause ? ' · current' : ''}`, cause })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Show allocations caused by', placeHolder: 'a cause' });
    if (!picked) return;
    this.cause = picked.cause;
    this.render();
  }

  toggleColdPaths(): void {
    this.showCold = !this.showCold;
    this.render();
  }

  async focus(): Promise<void> {
    await vscode.commands.executeCommand(`${ALLOCATIONS_VIEW}.focus`);
    await this.refresh();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'package': {
        const item = new vscode.TreeItem(node.pkg.importPath, vscode.TreeItemCollapsibleState.Expanded);
        item.description = countsOf(node.functions.flatMap((f) => this.visibleSites(f))); // what the filter leaves
        item.iconPath = new vscode.ThemeIcon('package');
        item.tooltip = node.pkg.dir;
        item.id = `package:${node.pkg.dir}`; // stable ids keep what is expanded across refreshes
        item.contextValue = 'package';
        return item;
      }
      case 'function': {
        const item = new vscode.TreeItem(node.fn.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = countsOf(node.sites);
        item.iconPath = new vscode.ThemeIcon('symbol-function');
        item.id = `function:${node.pkg.dir}:${node.fn.name}`;
        item.contextValue = 'function';
        return item;
      }
      case 'site': {
        const { site } = node;
        const item = new vscode.TreeItem(site.subject || site.kind, vscode.TreeItemCollapsibleState.None);
        const where = `${fileName(site.uri)}:${site.range.start.line + 1}`;
        item.description = `${site.inLoop ? '↻ in loop · ' : ''}${site.coldPath ? 'cold · ' : ''}${causeWords(site.cause ?? 'unexplained')} · ${where}`;
        item.tooltip = new vscode.MarkdownString(
          `**${site.kind === 'moved-to-heap' ? 'Moved to the heap' : 'Allocates on the heap'}** \`${site.subject}\`\n\n${site.causeSummary ? `${capitalize(site.causeSummary)}.` : ''}${site.inLoop ? '\n\n↻ Inside a loop: on every iteration.' : ''}${site.coldPath ? `\n\nOn a cold path: ${site.coldPath}.` : ''}`,
        );
        item.iconPath = new vscode.ThemeIcon(site.coldPath ? 'circle-outline' : site.inLoop ? 'sync' : 'flame', site.coldPath ? undefined : new vscode.ThemeColor(site.inLoop ? 'charts.red' : 'charts.orange'));
        const range = new vscode.Range(site.range.start.line, site.range.start.character, site.range.end.line, site.range.end.character);
        item.command = { command: 'vscode.open', title: 'Reveal', arguments: [vscode.Uri.parse(site.uri), { selection: range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions] };
        item.contextValue = 'site';
        item.id = node.id;
        return item;
      }
    }
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.visiblePackages().map(({ pkg, functions }) => ({ type: 'package', pkg, functions }));
    if (node.type === 'package') return node.functions.map((fn) => ({ type: 'function', pkg: node.pkg, fn, sites: this.visibleSites(fn) }));
    if (node.type === 'function') {
      return node.sites.map((site, i) => ({ type: 'site', site, id: `site:${node.pkg.dir}:${node.fn.name}:${site.uri}:${site.range.start.line}:${site.range.start.character}:${i}` }));
    }
    return [];
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }

  private visibleSites(fn: AllocationFunction): AllocationSite[] {
    return fn.sites.filter((s) => (this.showCold || !s.coldPath) && (!this.cause || (s.cause ?? 'unexplained') === this.cause));
  }

  private visiblePackages(): { pkg: AllocationPackage; functions: AllocationFunction[] }[] {
    return this.packages.map((pkg) => ({ pkg, functions: pkg.functions.filter((fn) => this.visibleSites(fn).length > 0) }));
  }

  private render(): void {
    this.updateMessage();
    this.changed.fire(undefined);
  }

  private updateMessage(): void {
    const filters = [this.cause ? `cause: ${causeWords(this.cause)}` : undefined, this.showCold ? undefined : 'cold paths hidden'].filter(Boolean).join(' · ');
    this.view.message = this.analysing ? 'analysing…' : filters ? `Filtered (${filters})` : undefined;
    const total = this.visiblePackages().reduce((n, p) => n + p.functions.reduce((m, f) => m + this.visibleSites(f).filter((s) => !s.coldPath).length, 0), 0);
    this.view.badge = total > 0 && !this.analysing ? { value: total, tooltip: `${total} heap allocation${total === 1 ? '' : 's'} on normal paths` } : undefined;
  }
}

/** `12 · 3 in loops · 2 cold` */
function countsOf(sites: readonly AllocationSite[]): string {
  const hot = sites.filter((s) => !s.coldPath);
  const loops = hot.filter((s) => s.inLoop).length;
  const cold = sites.length - hot.length;
  return [`${hot.length}`, loops > 0 ? `${loops} in loop${loops === 1 ? '' : 's'}` : undefined, cold > 0 ? `${cold} cold` : undefined].filter(Boolean).join(' · ');
}

function causeWords(cause: string): string {
  return cause.replace(/-/g, ' ');
}

function fileName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
