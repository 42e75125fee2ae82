import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Lines are handed to stdout in chunks of about this size: one write per chunk, not per message. */
const CHUNK_CHARS = 64 * 1024;
const ACCEPTED: Promise<void> = Promise.resolve();

/**
 * The only writer of protocol messages on stdout: one JSON message per line, in the order they were written.
 * Lines are gathered into chunks (written when a chunk is full, or once the current turn of the event loop
 * is over), so that a million records are not a million writes. `write` resolves at once while stdout takes
 * what it is given; when it is full, every writer waits for the same 'drain', so a slow target slows the tap
 * down instead of filling memory: at most one chunk, and one line per writer, wait here.
 */
export class MessageWriter {
  private lines: string[] = [];
  private chars = 0;
  private scheduled = false;
  private drained: Promise<void> | undefined;

  constructor(private readonly out: Writable = process.stdout) {}

  /** A message as one line (JSON.stringify). */
  write(message: object): Promise<void> {
    return this.writeLine(JSON.stringify(message));
  }

  /** A line that is already one serialized message (the record fast path of the protocol outputs). */
  writeLine(line: string): Promise<void> {
    this.lines.push(line);
    this.chars += line.length + 1;
    if (this.chars >= CHUNK_CHARS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return this.drained ?? ACCEPTED;
  }

  /** Flushes everything written so far. */
  async close(): Promise<void> {
    this.flush();
    if (this.drained) await this.drained;
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  private flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const chunk = `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.chars = 0;
    if (!this.out.write(chunk) && !this.drained) {
      // an error on stdout (EPIPE) is the CLI's to report; the writers just stop waiting
      this.drained = once(this.out, 'drain').then(() => undefined, () => undefined).then(() => {
        this.drained = undefined;
      });
    }
  }
}
