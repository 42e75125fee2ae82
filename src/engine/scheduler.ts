/**
 * Runs tasks with at most `concurrency` in flight, asking `next` for the next one whenever a slot is free, and
 * again when a running task says more work may be ready (`pump`: a window gave back part of its range). All
 * requests still pass through the client's single rate limiter; this only bounds how many windows (and pages
 * in memory) are open at once. A task that throws stops the pool: no new task starts, running ones finish,
 * and the error is rethrown.
 */
export class Pool<T> {
  private running = 0;
  private failure: { error: unknown } | undefined;
  private idle: (() => void) | undefined;

  constructor(
    private readonly concurrency: number,
    private readonly next: () => T | undefined,
    private readonly worker: (item: T) => Promise<void>,
  ) {}

  async run(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.idle = resolve;
    });
    this.pump();
    await done;
    if (this.failure) throw this.failure.error;
  }

  /** Starts tasks while a slot is free and there is one to start. */
  pump(): void {
    while (this.failure === undefined && this.running < this.concurrency) {
      const item = this.next();
      if (item === undefined) break;
      this.running += 1;
      this.worker(item)
        .catch((error: unknown) => {
          this.failure ??= { error };
        })
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
    if (this.running === 0) this.idle?.();
  }
}

/** Takes items from several lists in turn (the first of every list, then the second …), so all progress. */
export function roundRobin<T>(sources: readonly (() => T | undefined)[]): () => T | undefined {
  let turn = 0;
  return () => {
    for (let k = 0; k < sources.length; k += 1) {
      const i = (turn + k) % sources.length;
      const item = sources[i]!();
      if (item !== undefined) {
        turn = (i + 1) % sources.length;
        return item;
      }
    }
    return undefined;
  };
}

/** Runs a fixed list of tasks, at most `concurrency` at once (see `Pool`). */
export function runPool<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  return new Pool(concurrency, () => (next < items.length ? items[next++] : undefined), worker).run();
}
