import { PassThrough } from 'node:stream';
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
