/**
 * Runs builds so that each package has at most one `go` process, a newer request for a package
 * cancels (kills) the one in flight, and at most `limit` builds run at once across packages. A
 * background build (a fix's verification) gets a free place only when no user build is waiting.
 */
export class BuildQueue {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private readonly generation = new Map<string, number>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly waitingInBackground: (() => void)[] = [];

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = limit;
    this.wakeWaiting();
  }

  /** Kills the build in flight for `key`, if any (its `run` resolves `superseded`). */
  cancel(key: string): void {
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
    this.running.get(key)?.controller.abort();
  }

  async run<T>(key: string, task: (signal: AbortSignal) => Promise<T>, { background = false }: { background?: boolean } = {}): Promise<T | 'superseded'> {
    this.cancel(key);
    const myGeneration = this.generation.get(key)!;
    const previous = this.running.get(key);
    if (previous) await previous.done.catch(() => undefined); // the killed process must be gone first
    await this.acquireSlot(background);
    try {
      if (this.generation.get(key) !== myGeneration) return 'superseded';
      const controller = new AbortController();
      const done = task(controller.signal);
      this.running.set(key, { controller, done });
      try {
        const result = await done;
        return this.generation.get(key) === myGeneration ? result : 'superseded';
      } finally {
        if (this.running.get(key)?.done === done) this.running.delete(key);
      }
    } finally {
      this.releaseSlot();
    }
  }

  private acquireSlot(background: boolean): Promise<void> {
    if (this.active < this.limit && (!background || this.waiting.length === 0)) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => (background ? this.waitingInBackground : this.waiting).push(() => { this.active++; resolve(); }));
  }

  private releaseSlot(): void {
    this.active--;
    this.wakeWaiting();
  }

  private wakeWaiting(): void {
    while (this.active < this.limit && this.waiting.length + this.waitingInBackground.length > 0) (this.waiting.shift() ?? this.waitingInBackground.shift())!();
  }
}
