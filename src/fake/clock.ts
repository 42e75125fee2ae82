/**
 * The fake account's clock: real time plus an offset that tests move (`advance`), so that a run can happen
 * "40 days later" without waiting. The server's `Date` header, event times and event retention follow it.
 */
export class FakeClock {
  private offsetMs: number;

  /** `startMs`: what the clock reads now (default: the real time). */
  constructor(startMs: number = Date.now()) {
    this.offsetMs = startMs - Date.now();
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
