/**
 * Airbyte messages (https://docs.airbyte.com/understanding-airbyte/airbyte-protocol): every stdout line is one
 * AirbyteMessage. RECORD carries `emitted_at` in milliseconds; STATE is GLOBAL (the events cursor is shared by
 * all streams), never LEGACY; logs become LOG messages; errors become TRACE ERROR with a failure_type; every
 * selected stream gets TRACE STREAM_STATUS STARTED, RUNNING, then COMPLETE or INCOMPLETE.
 */
import { toAirbyteColumns } from '../airbyte/columns';
import { toAirbyteState } from '../airbyte/state';
import { DELETED_AT } from '../engine/emit';
import { AuthError, ConfigError, InterruptedError, NotStripeError, PermissionError, RetriableApiError, type TapError } from '../errors';
import type { Level, LogSink } from '../log';
import type { JsonObject } from '../streams';
import { recordPrefix } from './lines';
import type { Output, StreamOutcome } from './output';
import type { MessageWriter } from './writer';

export type FailureType = 'config_error' | 'transient_error' | 'system_error';
type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';

/** What the user must fix (key, permissions, config), what may pass on a later try, and the rest (bugs). */
export function failureType(error: TapError): FailureType {
  if (error instanceof ConfigError || error instanceof AuthError || error instanceof PermissionError || error instanceof NotStripeError) return 'config_error';
  if (error instanceof RetriableApiError || error instanceof InterruptedError) return 'transient_error';
  return 'system_error';
}

const LEVELS: Record<Level, string> = { DEBUG: 'DEBUG', INFO: 'INFO', WARNING: 'WARN', ERROR: 'ERROR' };

export function logMessage(level: Level, message: string): JsonObject {
  return { type: 'LOG', log: { level: LEVELS[level], message } };
}

/** A TRACE ERROR; `stack` (the stack trace) only at `--log-level debug`. */
export function traceError(error: TapError, now: Date = new Date(), stack?: string): JsonObject {
  return {
    type: 'TRACE',
    trace: {
      type: 'ERROR',
      emitted_at: now.getTime(),
      error: {
        message: error.describe(),
        internal_message: `${error.name}: ${error.message}`,
        ...(stack ? { stack_trace: stack } : {}),
        failure_type: failureType(error),
        ...(error.stream ? { stream_descriptor: { name: error.stream } } : {}),
      },
    },
  };
}

export function streamStatus(stream: string, status: StreamStatus, now: Date = new Date()): JsonObject {
  return { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: now.getTime(), stream_status: { stream_descriptor: { name: stream }, status } } };
}

/**
 * A logger sink writing LOG messages through the writer (in order with the other messages). Its logger
 * writes Singer's per-request METRIC lines at DEBUG: Airbyte counts records and requests itself.
 */
export function airbyteLogSink(writer: MessageWriter): LogSink {
  return (level, line) => {
    void writer.write(logMessage(level, line));
  };
}

/**
 * The engine's output as Airbyte messages. Shares the CLI's one writer (the logger writes to it too), so
 * `close` does not end it: the CLI does, after the last message.
 */
export class AirbyteOutput implements Output {
  /** Records since the last STATE message: its `sourceStats.recordCount`. */
  private sinceState = 0;
  private readonly status = new Map<string, StreamStatus>();
  private readonly prefixes = new Map<string, string>();

  /**
   * `stateStreams`: the incremental streams (the STATE messages carry their state; only they get tombstones);
   * `fields`: per stream, the only fields its records carry (Airbyte's field selection; a stream not in it keeps all).
   */
  constructor(
    private readonly writer: MessageWriter,
    private readonly stateStreams: readonly string[],
    private readonly fields: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  schema(): Promise<void> {
    return Promise.resolve(); // Airbyte announces schemas in discover's catalog, not in the read
  }

  /** `{"type":"RECORD","record":{"stream":…,"data":…,"emitted_at":…}}`: only the data is serialized per record. */
  async record(stream: string, record: JsonObject, extractedAt: Date): Promise<void> {
    // A full_refresh stream's table is this sync's records ("data that has been removed from the source after
    // an old sync will be deleted in the destination table", docs.airbyte.com, Full Refresh - Overwrite): a
    // deleted object is simply absent, and a tombstone would land as a row (only deduplication deletes on it).
    if (record[DELETED_AT] !== undefined && !this.stateStreams.includes(stream)) return;
    // RUNNING is queued at once, not awaited first: the records of a page written meanwhile must not pass it
    const running = this.running(stream);
    this.sinceState += 1;
    const data = toAirbyteColumns(record);
    const keep = this.fields.get(stream);
    const selected = keep ? Object.fromEntries(Object.entries(data).filter(([k]) => keep.has(k))) : data;
    const prefix = recordPrefix(this.prefixes, stream, (s) => `{"type":"RECORD","record":{"stream":${s},"data":`);
    const written = this.writer.writeLine(`${prefix}${JSON.stringify(selected)},"emitted_at":${extractedAt.getTime()}}}`);
    await running;
    await written;
  }

  async state(value: JsonObject): Promise<void> {
    const message = toAirbyteState(value, this.stateStreams, this.sinceState);
    this.sinceState = 0;
    await this.writer.write(message);
  }

  async started(streams: string[]): Promise<void> {
    for (const stream of streams) await this.setStatus(stream, 'STARTED');
  }

  async finished(outcomes: StreamOutcome[]): Promise<void> {
    for (const { stream, complete } of outcomes) await this.end(stream, complete ? 'COMPLETE' : 'INCOMPLETE');
  }

  /** A run that ended early (an error thrown out of the sync) leaves its unfinished streams INCOMPLETE. */
  async close(): Promise<void> {
    for (const [stream, status] of this.status) if (status === 'STARTED' || status === 'RUNNING') await this.end(stream, 'INCOMPLETE');
  }

  private async running(stream: string): Promise<void> {
    if (this.status.get(stream) === 'STARTED') await this.setStatus(stream, 'RUNNING');
  }

  private async end(stream: string, status: 'COMPLETE' | 'INCOMPLETE'): Promise<void> {
    await this.running(stream);
    await this.setStatus(stream, status);
  }

  private async setStatus(stream: string, status: StreamStatus): Promise<void> {
    this.status.set(stream, status);
    await this.writer.write(streamStatus(stream, status, this.now()));
  }
}
