/**
 * Slows the request rate down when Stripe answers 429 and brings it back up as requests succeed
 * (multiplicative decrease, gradual increase), never above the configured budget. Pure state: the client
 * applies `interval` to its limiter.
 */
export class RateGovernor {
  private current: number;

  constructor(
    private readonly minIntervalMs: number,
    private readonly slowdown = 1.5,
    private readonly recovery = 0.95,
    private readonly maxIntervalMs = minIntervalMs * 20,
  ) {
    this.current = minIntervalMs;
  }

  /** Milliseconds between request starts. */
  get interval(): number {
    return Math.round(this.current);
  }

  /** A 429: slow down. Returns the new interval. */
  rateLimited(): number {
    this.current = Math.min(this.maxIntervalMs, Math.max(this.current * this.slowdown, this.minIntervalMs + 1));
    return this.interval;
  }

  /** A success: speed up a little, back towards the budget. Returns the new interval. */
  succeeded(): number {
    this.current = Math.max(this.minIntervalMs, this.current * this.recovery);
    return this.interval;
  }
}
