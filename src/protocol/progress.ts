import type { Logger } from '../log';
import type { JsonObject } from '../streams';
import type { Output, StreamAnnouncement, StreamOutcome } from './output';

export interface ProgressOptions {
  /** At most one "records so far" line per stream this often (default 5 s). */
  intervalMs?: number;
  now?: () => number;
}

interface StreamProgress {
  records: number;
  /** When the stream last emitted a record or moved its bookmark: when it was last busy. */
  lastActive: number;
  lastLine: number;
  outcome?: 'completed' | 'incomplete';
}

/**
 * Progress people can see, in either protocol: each stream's start, its records so far (at most one line per
 * stream every few seconds), its end with count and duration, and a final summary table. Lines go to the
 * logger (stderr in Singer mode, LOG messages in Airbyte mode); everything else passes to the wrapped output.
 */
export class ProgressOutput implements Output {
  private readonly streams = new Map<string, StreamProgress>();
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly begun: number;
  private bookmarks: Record<string, unknown> = {};

  constructor(private readonly inner: Output, private readonly log: Logger, options: ProgressOptions = {}) {
    this.intervalMs = options.intervalMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.begun = this.now();
  }

  schema(announcement: StreamAnnouncement): Promise<void> {
    return this.inner.schema(announcement);
  }

  record(stream: string, record: JsonObject, extractedAt: Date): Promise<void> {
    const p = this.progress(stream);
    p.records += 1;
    p.lastActive = this.now();
    if (p.lastActive - p.lastLine >= this.intervalMs) {
      p.lastLine = p.lastActive;
      this.log.info(`${stream}: ${p.records} records so far`);
    }
    return this.inner.record(stream, record, extractedAt);
  }

  async state(value: JsonObject): Promise<void> {
    const bookmarks = value['bookmarks'];
    if (typeof bookmarks === 'object' && bookmarks !== null) {
      for (const [stream, mark] of Object.entries(bookmarks)) {
        const p = this.streams.get(stream);
        if (p && JSON.stringify(mark) !== JSON.stringify(this.bookmarks[stream])) p.lastActive = this.now();
      }
      this.bookmarks = bookmarks as Record<string, unknown>;
    }
    await this.inner.state(value);
  }

  async started(streams: string[]): Promise<void> {
    for (const stream of streams) {
      this.progress(stream);
      this.log.info(`${stream}: started`);
    }
    await this.inner.started?.(streams);
  }

  async finished(outcomes: StreamOutcome[]): Promise<void> {
    for (const { stream, complete } of outcomes) {
      const p = this.progress(stream);
      p.outcome = complete ? 'completed' : 'incomplete';
      const took = p.lastActive > this.begun ? ` in ${seconds(p.lastActive - this.begun)}` : '';
      this.log.info(complete
        ? `${stream}: completed: ${p.records} records${took}`
        : `${stream}: incomplete: ${p.records} records${took} before it stopped (see the warning above)`);
    }
    await this.inner.finished?.(outcomes);
  }

  /** The final table: records and duration per stream, then the run's totals. */
  summary(stats: { requests: number; retries: number }): void {
    const rows = [...this.streams.entries()].sort(([a], [b]) => a.localeCompare(b));
    const total = rows.reduce((n, [, p]) => n + p.records, 0);
    const width = Math.max(6, ...rows.map(([s]) => s.length));
    const line = (name: string, records: string, took: string, status: string): string =>
      `${name.padEnd(width)}  ${records.padStart(9)}  ${took.padStart(9)}  ${status}`;
    this.log.info('summary:');
    this.log.info(line('stream', 'records', 'duration', 'status'));
    for (const [stream, p] of rows) {
      this.log.info(line(stream, String(p.records), p.lastActive > this.begun ? seconds(p.lastActive - this.begun) : '-', p.outcome ?? 'not finished'));
    }
    this.log.info(line('total', String(total), seconds(this.now() - this.begun), `${stats.requests} requests, ${stats.retries} retries`));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private progress(stream: string): StreamProgress {
    let p = this.streams.get(stream);
    if (!p) {
      p = { records: 0, lastActive: this.begun, lastLine: this.begun };
      this.streams.set(stream, p);
    }
    return p;
  }
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}
