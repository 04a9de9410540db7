/**
 * A counting semaphore for child processes. A waiter whose signal aborts leaves the line at once:
 * a build cancelled by a newer edit must not start a process after the fact.
 */
export class ProcessSlots {
  private active = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = limit;
    this.wake();
  }

  get running(): number {
    return this.active;
  }

  /** Resolves with a release function once a slot is free, or undefined if `signal` aborted first. */
  acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.active--;
        this.wake();
      };
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          resolve(release);
        },
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.wake();
    });
  }

  private wake(): void {
    while (this.active < this.limit && this.waiting.length > 0) this.waiting.shift()!.grant();
  }
}
