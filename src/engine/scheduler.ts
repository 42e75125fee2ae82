/**
 * Runs tasks with at most `concurrency` in flight. A task may add tasks (`spawn`), which run before the
 * tasks still waiting, so a split range is finished before later ones start. All requests still pass through
 * the client's single rate limiter; this only bounds how much work (and memory) is open at once.
 * A task that throws stops the pool: no new task starts, running ones finish, and the error is rethrown.
 */
export async function runPool<T>(
  items: readonly T[], concurrency: number, worker: (item: T, spawn: (more: T[]) => void) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  let running = 0;
  let failure: { error: unknown } | undefined;
  const spawn = (more: T[]): void => {
    queue.unshift(...more);
  };
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (failure === undefined && running < concurrency && queue.length > 0) {
        const item = queue.shift()!;
        running += 1;
        worker(item, spawn)
          .catch((error: unknown) => {
            failure ??= { error };
          })
          .finally(() => {
            running -= 1;
            pump();
          });
      }
      if (running === 0 && (queue.length === 0 || failure !== undefined)) resolve();
    };
    pump();
  });
  if (failure) throw failure.error;
}

/** Interleaves per-stream task lists (first task of every stream, then the second …) so all streams progress. */
export function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i += 1) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}
