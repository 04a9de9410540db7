import * as crypto from 'crypto';
import { removeOverlay, WrittenOverlay, writeOverlay } from '../go/compilerRun';
import { ExpressionQuery, ExpressionTypes, queryExpressionTypes } from '../go/expressionTypes';
import type { LayoutQuery } from './structLayouts';

const CACHE_SIZE = 16;

/**
 * Expression types for the typed pitfalls, asked of the types helper after the package's build and
 * kept with the analysis (its key names the files, tags and Go; the question names the positions).
 * One query per package at a time: a newer one, or an edit, cancels the one in flight.
 */
export class ExpressionTypeQueries {
  private readonly answers = new Map<string, ExpressionTypes>();
  private readonly running = new Map<string, { key: string; controller: AbortController; answer: Promise<ExpressionTypes | undefined> }>();
  private lastError: string | undefined;

  constructor(
    private readonly cacheDir: string | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** The types of these expressions in this analysis; undefined when cancelled or failed (logged once). */
  query(analysisKey: string, package_: LayoutQuery, queries: readonly ExpressionQuery[]): Promise<ExpressionTypes | undefined> {
    const key = `${analysisKey}\0${crypto.createHash('sha256').update(JSON.stringify(queries)).digest('hex')}`;
    const known = this.answers.get(key);
    if (known) return Promise.resolve(known);
    const inFlight = this.running.get(package_.dir);
    if (inFlight?.key === key) return inFlight.answer;
    this.cancel(package_.dir);
    const controller = new AbortController();
    const answer = this.run(key, package_, queries, controller);
    this.running.set(package_.dir, { key, controller, answer });
    return answer;
  }

  private async run(key: string, query: LayoutQuery, queries: readonly ExpressionQuery[], controller: AbortController): Promise<ExpressionTypes | undefined> {
    let overlay: WrittenOverlay | undefined;
    try {
      overlay = query.overlay.size > 0 ? writeOverlay(query.overlay) : undefined;
      const result = await queryExpressionTypes(
        query.toolchain,
        { dir: query.dir, tags: query.tags, tests: query.tests, overlay: overlay?.file, queries },
        { cacheDir: this.cacheDir, signal: controller.signal },
      );
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
      if (this.running.get(query.dir)?.controller === controller) this.running.delete(query.dir);
      if (overlay) removeOverlay(overlay.dir);
    }
  }

  private logOnce(message: string): void {
    if (message !== this.lastError) {
      this.lastError = message;
      this.log(`expression types: ${message}`);
    }
  }

  cancel(dir: string): void {
    this.running.get(dir)?.controller.abort();
    this.running.delete(dir);
  }
}
