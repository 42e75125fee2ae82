/**
 * How often a STATE goes out although no bookmark moved: at least every 10,000 records and every 30
 * seconds, so that a target commits its batches that often (a target commits what precedes a STATE) and a
 * killed run loses little. Pure: the clock is given.
 */
const CHECKPOINT_RECORDS = 10_000;
export const CHECKPOINT_MS = 30_000;

export class Cadence {
  private records = 0;
  private at: number;

  constructor(
    private readonly everyRecords = CHECKPOINT_RECORDS, private readonly everyMs = CHECKPOINT_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.at = now();
  }

  /** A STATE went out when `total` records had been emitted. */
  saved(total: number): void {
    this.records = total;
    this.at = this.now();
  }

  /** Whether the next STATE is due, with `total` records emitted so far. */
  due(total: number): boolean {
    return total - this.records >= this.everyRecords || this.now() - this.at >= this.everyMs;
  }
}
