import * as fs from 'fs';
import type { SourceSyntax } from '../syntax/anchor';
import type { GoParser } from '../syntax/goParser';
import { LineIndex } from '../syntax/textPositions';

/**
 * Parses files from disk on demand for one batch of anchoring; `dispose()` frees the trees
 * (WASM memory is not garbage-collected).
 */
export class DiskSources {
  private readonly sources = new Map<string, SourceSyntax | undefined>();
  /** Files done with (their trees freed): preloading must not parse them again. */
  private readonly released = new Set<string>();
  private disposed = false;

  constructor(private readonly parser: GoParser) {}

  get(file: string): SourceSyntax | undefined {
    if (this.sources.has(file)) return this.sources.get(file);
    let source: SourceSyntax | undefined;
    try {
      const text = fs.readFileSync(file, 'utf8');
      source = { tree: this.parser.parse(text), lines: new LineIndex(text) };
    } catch {
      source = undefined;
    }
    this.sources.set(file, source);
    return source;
  }

  /**
   * Parses files ahead of need, one per event-loop turn, so it overlaps with a running `go build`
   * (the build is another process; this process is otherwise idle while it waits). `prepare` does
   * more of the later work on each new tree in the same idle time.
   */
  async preload(files: readonly string[], prepare?: (source: SourceSyntax) => void): Promise<void> {
    for (const file of files) {
      if (this.disposed) return;
      if (this.released.has(file) || this.sources.has(file)) continue;
      const source = this.get(file);
      if (source && prepare) prepare(source);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Frees one file's tree once its findings are made: a whole module's trees need not live at once. */
  release(file: string): void {
    this.sources.get(file)?.tree.delete();
    this.sources.delete(file);
    this.released.add(file);
  }

  dispose(): void {
    this.disposed = true;
    for (const source of this.sources.values()) source?.tree.delete();
    this.sources.clear();
  }
}
