import { stringify } from 'ndjson';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * The only writer of stdout: one JSON message per line. `write` resolves when the message is accepted; it
 * waits for 'drain' when the pipe is full, so a slow target slows the tap down instead of filling memory.
 */
export class MessageWriter {
  private readonly lines = stringify();
  private readonly done: Promise<void>;
  private count = 0;

  constructor(out: Writable = process.stdout) {
    this.lines.pipe(out, { end: false });
    this.done = new Promise((resolve, reject) => {
      this.lines.on('end', resolve);
      this.lines.on('error', reject);
    });
  }

  get messages(): number {
    return this.count;
  }

  async write(message: object): Promise<void> {
    this.count += 1;
    if (!this.lines.write(message)) await once(this.lines, 'drain');
  }

  /** Flushes everything written so far. */
  async close(out: Writable = process.stdout): Promise<void> {
    this.lines.end();
    await this.done;
    if (out.writableNeedDrain) await once(out, 'drain');
  }
}
