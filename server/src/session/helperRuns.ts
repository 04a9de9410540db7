import { removeOverlay, WrittenOverlay, writeOverlay } from '../go/compilerRun';
import type { Result } from '../go/errors';
import type { GoToolchain } from '../go/toolchain';

/** The package a question to the types helper is about, as the compiler saw it. */
export interface HelperPackage {
  toolchain: GoToolchain;
  dir: string;
  tags: readonly string[];
  tests: boolean;
  /** Unsaved editor contents by absolute path: the same the compiler saw. */
  overlay: ReadonlyMap<string, string>;
}

const CACHE_SIZE = 16;

/**
 * Runs of the types helper for one kind of question: answers kept by key (the analysis' cache key,
 * plus the question), one run per package directory at a time — the same key shares the run in
 * flight, a newer one (or an edit) cancels it — and each distinct failure logged once.
 */
export class HelperRuns<T> {
  private readonly answers = new Map<string, T>();
  private readonly running = new Map<string, { key: string; controller: AbortController; answer: Promise<T | undefined> }>();
  private lastError: string | undefined;

  constructor(
    /** Names the question in the log (`struct layouts`, `expression types`). */
    private readonly question: string,
    private readonly log: (message: string) => void,
  ) {}

  /** The answer for `key`: cached, shared with the run in flight, or from a new run; undefined when cancelled or failed. */
  query(key: string, pkg: HelperPackage, ask: (overlayFile: string | undefined, signal: AbortSignal) => Promise<Result<T>>): Promise<T | undefined> {
    const known = this.answers.get(key);
    if (known) return Promise.resolve(known);
    const inFlight = this.running.get(pkg.dir);
    if (inFlight?.key === key) return inFlight.answer; // the same files: share the run (a reopened file, a second file)
    this.cancel(pkg.dir);
    const controller = new AbortController();
    const answer = this.run(key, pkg, ask, controller);
    this.running.set(pkg.dir, { key, controller, answer });
    return answer;
  }

  cancel(dir: string): void {
    this.running.get(dir)?.controller.abort();
    this.running.delete(dir);
  }

  private async run(key: string, pkg: HelperPackage, ask: (overlayFile: string | undefined, signal: AbortSignal) => Promise<Result<T>>, controller: AbortController): Promise<T | undefined> {
    let overlay: WrittenOverlay | undefined;
    try {
      overlay = pkg.overlay.size > 0 ? writeOverlay(pkg.overlay) : undefined;
      const result = await ask(overlay?.file, controller.signal);
      if (!result.ok) {
        if (result.error.code !== 'cancelled') this.logOnce(`${result.error.message}${result.error.detail ? `\n${result.error.detail}` : ''}`);
        return undefined;
      }
      this.answers.set(key, result.value);
      while (this.answers.size > CACHE_SIZE) this.answers.delete(this.answers.keys().next().value!);
      return result.value;
    } catch (error) {
      this.logOnce(`could not write the overlay for the types helper: ${String(error)}`);
      return undefined;
    } finally {
      if (this.running.get(pkg.dir)?.controller === controller) this.running.delete(pkg.dir);
      if (overlay) removeOverlay(overlay.dir);
    }
  }

  private logOnce(message: string): void {
    if (message !== this.lastError) {
      this.lastError = message;
      this.log(`${this.question}: ${message}`);
    }
  }
}
