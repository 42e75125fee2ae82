import { PassThrough, Writable } from 'node:stream';
import { MessageWriter } from '../src/protocol/writer';

describe('message writer', () => {
  it('writes one JSON message per line, in order, and waits for a slow reader with a single listener', async () => {
    const out = new PassThrough({ highWaterMark: 64 });
    const writer = new MessageWriter(out);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const writes = Array.from({ length: 500 }, (_, i) => writer.write({ type: 'RECORD', stream: 's', record: { i } }));
    let text = '';
    out.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    await Promise.all(writes);
    await writer.close();
    process.off('warning', onWarning);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { record: { i: number } });
    expect(lines.map((l) => l.record.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});

describe('message writer and a slow reader', () => {
  it('holds its writers back while the reader sleeps: no more than a chunk or two waits in memory', async () => {
    let received = 0;
    // a reader that takes each chunk only after a pause
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        received += chunk.toString().split('\n').length - 1;
        setTimeout(done, 2);
      },
    });
    const writer = new MessageWriter(out);
    const line = JSON.stringify({ type: 'RECORD', stream: 's', record: { pad: 'x'.repeat(200) } });
    let ahead = 0;
    for (let i = 1; i <= 3000; i += 1) {
      await writer.writeLine(line);
      ahead = Math.max(ahead, i - received);
    }
    await writer.close();
    expect(received).toBe(3000);
    // a chunk is about 64 KiB (300 of these lines): without backpressure all 3000 would be ahead
    expect(ahead).toBeLessThan(800);
  });
});
