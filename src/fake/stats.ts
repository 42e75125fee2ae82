/**
 * What the fake Stripe API was asked: counts, a bounded request log, peak request rate and concurrency.
 * API keys are never recorded, only whether the request was authorized.
 */

export interface RequestRecord {
  /** Request number (matches the `Request-Id: req_fake_<n>` header). */
  n: number;
  method: string;
  path: string;
  /** The raw query string without `?` (it never carries the API key). */
  query: string;
  status: number;
  /** Arrival time, milliseconds since the epoch. */
  at: number;
  authorized: boolean;
}

const LOG_LIMIT = 50_000;

export class FakeStats {
  total = 0;
  /** Requests per path (pathname, no query). */
  byPath: Record<string, number> = {};
  byStatus: Record<number, number> = {};
  /** Requests answered 429 by the rate limit knob. */
  rateLimited = 0;
  /** Requests with another method than GET (answered 405). */
  nonGet = 0;
  /** Requests answered 401. */
  unauthorized = 0;
  /** Failures injected by the `failures` knob. */
  injectedFailures = 0;
  /** Most requests that arrived within any 1-second window. */
  maxPerSecond = 0;
  /** Most requests in flight at once. */
  maxConcurrent = 0;
  inFlight = 0;

  private log: RequestRecord[] = [];
  private logStart = 0;
  private window: number[] = [];
  private windowStart = 0;

  /** The last 50,000 requests, oldest first. */
  get requests(): RequestRecord[] {
    return this.log.slice(this.logStart);
  }

  /** Counts an arriving request. */
  arrive(at: number): void {
    this.total++;
    this.inFlight++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.inFlight);
    this.window.push(at);
    while ((this.window[this.windowStart] ?? at) <= at - 1000) this.windowStart++;
    if (this.windowStart > 4096) {
      this.window = this.window.slice(this.windowStart);
      this.windowStart = 0;
    }
    this.maxPerSecond = Math.max(this.maxPerSecond, this.window.length - this.windowStart);
  }

  /** Records the answer to a request. */
  finish(record: RequestRecord): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.byPath[record.path] = (this.byPath[record.path] ?? 0) + 1;
    this.byStatus[record.status] = (this.byStatus[record.status] ?? 0) + 1;
    this.log.push(record);
    if (this.log.length - this.logStart > LOG_LIMIT) this.logStart++;
    if (this.logStart > 10_000) {
      this.log = this.log.slice(this.logStart);
      this.logStart = 0;
    }
  }

  /** Requests to a path (exact pathname). */
  count(path: string): number {
    return this.byPath[path] ?? 0;
  }

  reset(): void {
    Object.assign(this, {
      total: 0, byPath: {}, byStatus: {}, rateLimited: 0, nonGet: 0, unauthorized: 0, injectedFailures: 0,
      maxPerSecond: 0, maxConcurrent: this.inFlight, log: [], logStart: 0, window: [], windowStart: 0,
    });
  }
}
