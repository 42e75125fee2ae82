/**
 * Spaces request starts evenly, measured when each request actually starts. A limiter that books start times
 * in advance (bottleneck's `minTime`) lets a start that fired late, because the event loop was busy, be
 * followed at once by an on-time one: two requests where the server counts one interval, and a 429 from a
 * limit that counts requests per rolling second. Starts are kept `SAFETY` times the interval apart, so that
 * the few milliseconds requests take to reach Stripe never bunch a budget's worth plus one into one second;
 * after a stall of the event loop, the next start waits one more interval, because the request started just
 * before the stall may have left only with it.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** 2.5 % under the budget: 25 requests per second become one every 41 ms. */
export const SAFETY = 1.025;

/** A timer this late means the event loop was blocked (a long GC, a big page). */
const STALL_MS = 10;

export class Pacer {
  private last = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    /** Milliseconds between starts at the budget. */
    public intervalMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly pause: (ms: number) => Promise<unknown> = sleep,
  ) {}

  /** Resolves when the caller may start its request (callers are served in order). */
  wait(): Promise<void> {
    const turn = this.queue.then(async () => {
      if (this.stopped) return; // the caller's request is refused next: no reason to keep it waiting its turn
      const due = this.last + this.intervalMs * SAFETY;
      if (due > this.now()) {
        await this.pause(due - this.now());
        // woken late: the event loop was blocked, and the request started before may have been sent only now
        if (this.now() - due > STALL_MS) await this.pause(this.intervalMs * SAFETY);
      }
      this.last = this.now();
    });
    this.queue = turn;
    return turn;
  }

  /** The run stopped: every caller still waiting is let through at once (at most one interval for the one asleep). */
  stop(): void {
    this.stopped = true;
  }
}
