/**
 * One self-rewriting status line on a terminal ("building 57 packages… 12 s", "anchoring 120/400
 * files"), so a long `analyze ./...` shows it is alive. Nothing at all when stderr is not a terminal
 * (a pipe, a CI log), where `\r` lines would only be noise.
 */
export class Progress {
  private shown = '';
  private lastDraw = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, private readonly enabled: boolean = !!stream.isTTY) {}

  /** A phase that takes a while with nothing to count: the elapsed seconds tick. */
  phase(text: string): void {
    if (!this.enabled) return;
    this.stopTicker();
    const started = Date.now();
    this.draw(`${text}…`, true);
    this.ticker = setInterval(() => this.draw(`${text}… ${Math.round((Date.now() - started) / 1000)} s`, true), 1000);
    this.ticker.unref();
  }

  /** Counted work: drawn at most ten times a second. */
  count(text: string, done: number, total: number): void {
    if (!this.enabled) return;
    this.stopTicker();
    this.draw(`${text} ${done}/${total}`, done === total);
  }

  /** Clears the line before the real output. */
  done(): void {
    if (!this.enabled) return;
    this.stopTicker();
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = '';
  }

  private draw(text: string, force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.shown = text.length > width ? text.slice(0, width) : text;
    this.stream.write(`\r\x1b[K${this.shown}`);
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
