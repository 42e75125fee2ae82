/**
 * At most `concurrency` requests in flight, served first come first served, each retried after the delay
 * `retry` decides (its slot is free while it waits). Bottleneck did this before at about half a millisecond
 * of CPU and three event-loop turns per job: a fifth of the tap's CPU at 100 objects a request.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { InternalError } from '../errors';

/** Milliseconds to wait before attempt `attempt + 1` (0 for the first failure), or null to give up. */
export type RetryDecision = (error: unknown, attempt: number) => number | null;

export class RequestLimiter {
  private running = 0;
  private readonly waiting: { go: () => void; stop: (error: Error) => void }[] = [];
  private stopped = false;
  /** Cuts retry delays short when the run stops: a 30 s backoff must not hold a shutdown up. */
  private readonly halt = new AbortController();

  constructor(private readonly concurrency: number) {
    setMaxListeners(0, this.halt.signal); // every request in backoff listens: more than 10 is normal
  }

  /** Runs `job` in a slot; `ready` is awaited before each attempt waits for a slot (an endpoint's own pacing). */
  async run<T>(job: () => Promise<T>, retry: RetryDecision, ready?: () => Promise<void>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      await ready?.();
      await this.acquire();
      let delay: number | null;
      try {
        return await job();
      } catch (error) {
        delay = retry(error, attempt);
        if (delay === null) throw error;
      } finally {
        this.release();
      }
      await sleep(delay, undefined, { signal: this.halt.signal }).catch(() => undefined); // stopped: acquire() refuses
    }
  }

  /** Refuses new requests and drops the waiting ones (the run failed). */
  stop(): void {
    this.stopped = true;
    this.halt.abort();
    for (const waiter of this.waiting.splice(0)) waiter.stop(new InternalError('the request was dropped: the run stopped'));
  }

  private acquire(): Promise<void> {
    if (this.stopped) return Promise.reject(new InternalError('the request was dropped: the run stopped'));
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((go, stop) => this.waiting.push({ go, stop }));
  }

  /** Hands the slot to the next waiting request, if any. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next.go();
    else this.running -= 1;
  }
}
