import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import {
  createProtocolConnection,
  Diagnostic,
  Hover,
  InlayHint,
  ProtocolConnection,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { DocumentStatus, STATS_REQUEST, StatsResult, STATUS_NOTIFICATION, StatusParams } from '../../server/src/shared/protocol';
import { SERVER } from './paths';

export interface ClientOptions {
  /** What `workspace/configuration` answers for `goEscapeHints` (merged over nothing: the server applies defaults). */
  settings?: Record<string, unknown>;
  goSettings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Extra `window` client capabilities (e.g. `{ workDoneProgress: true }`). */
  window?: Record<string, unknown>;
  /** Workspace folders sent in `initialize` (none by default). */
  workspaceFolders?: string[];
}

/**
 * A real LSP client for tests: spawns `node server/out/server.js --stdio` and speaks JSON-RPC to it,
 * recording every diagnostics and status notification in arrival order.
 */
export class TestLspClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly statuses: DocumentStatus[] = [];
  readonly logs: string[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  inlayHintRefreshes = 0;
  settings: Record<string, unknown>;

  private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection, options: ClientOptions) {
    this.settings = options.settings ?? {};
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.push(params);
      this.notify();
    });
    connection.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      this.statuses.push(...params.documents);
      this.notify();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'go' ? options.goSettings ?? {} : this.settings)),
    );
    connection.onRequest('workspace/inlayHint/refresh', () => {
      this.inlayHintRefreshes++;
      this.notify();
      return null;
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onError(() => undefined); // the server going away at stop() is expected
    connection.listen();
  }

  static async start(options: ClientOptions = {}): Promise<TestLspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { env: options.env ?? { ...process.env, GOTOOLCHAIN: 'local' }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', () => undefined);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestLspClient(child, connection, options);
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders?.map((folder) => ({ uri: URI.file(folder).toString(), name: folder.split('/').pop() })) ?? null,
      capabilities: {
        window: options.window,
        workspace: { configuration: true, inlayHint: { refreshSupport: true }, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true }, inlayHint: {}, hover: { contentFormat: ['markdown'] } },
      },
      initializationOptions: {},
    });
    connection.sendNotification('initialized', {});
    return client;
  }

  open(file: string, text = fs.readFileSync(file, 'utf8')): string {
    const uri = URI.file(file).toString();
    this.versions.set(uri, 1);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    return uri;
  }

  /** Sends one change; returns the new version. */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  save(uri: string): void {
    this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): void {
    this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  configurationChanged(settings: Record<string, unknown>): void {
    this.settings = settings;
    this.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  }

  inlayHints(uri: string, endLine = 10_000): Promise<InlayHint[]> {
    return this.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: endLine, character: 0 } } });
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  stats(): Promise<StatsResult> {
    return this.connection.sendRequest(STATS_REQUEST);
  }

  /** The latest diagnostics published for `uri`. */
  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return [...this.diagnostics].reverse().find((d) => d.uri === uri);
  }

  /** Resolves when `condition` holds, re-checking on every message from the server (never a fixed sleep). */
  waitFor<T>(condition: () => T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined | false;
        try {
          value = condition();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for a diagnostics publish for `uri` at `version` (or later) that satisfies `accept`. */
  waitForDiagnostics(uri: string, accept: (diagnostics: Diagnostic[], version: number | undefined) => boolean, what: string): Promise<PublishDiagnosticsParams> {
    let seen = 0;
    return this.waitFor(() => {
      for (; seen < this.diagnostics.length; seen++) {
        const d = this.diagnostics[seen];
        if (d.uri === uri && accept(d.diagnostics, d.version)) return d;
      }
      return undefined;
    }, what);
  }

  waitForStatus(uri: string, accept: (status: DocumentStatus) => boolean, what: string, fromIndex = 0): Promise<DocumentStatus> {
    return this.waitFor(() => this.statuses.slice(fromIndex).find((s) => s.uri === uri && accept(s)), what);
  }

  async stop(): Promise<void> {
    const exited = this.process.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    this.connection.dispose();
    this.process.kill();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Pids of the processes descended from `pid` (Linux /proc). */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* exited */
    }
  }
  const result: number[] = [];
  const stack = [...(children.get(pid) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    result.push(next);
    stack.push(...(children.get(next) ?? []));
  }
  return result;
}
