import { stringify } from 'ndjson';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * The only writer of protocol messages on stdout: one JSON message per line. `write` resolves when the
 * message is accepted; while the pipe is full every writer waits for the same 'drain', so a slow target slows
 * the tap down instead of filling memory.
 */
export class MessageWriter {
  private readonly lines = stringify();
  private readonly done: Promise<void>;
  private drained: Promise<void> | undefined;

  constructor(private readonly out: Writable = process.stdout) {
    this.lines.pipe(out, { end: false });
    this.done = new Promise((resolve, reject) => {
      this.lines.on('end', resolve);
      this.lines.on('error', reject);
    });
  }

  async write(message: object): Promise<void> {
    if (this.lines.write(message)) return;
    this.drained ??= once(this.lines, 'drain').then(() => {
      this.drained = undefined;
    });
    await this.drained;
  }

  /** Flushes everything written so far. */
  async close(): Promise<void> {
    this.lines.end();
    await this.done;
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }
}
