/** A run killed midway and restarted from its last STATE loses nothing; a child syncs without its parent. */
import type { FakeStripe } from '../../src/fake';
import { catalogFile, fakeAccount } from './fake';
import { jsonFile, records, runTap, states, type Message } from './tap';

let fake: FakeStripe;
let config: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ counts: { charges: 3000, invoices: 400 }, latencyMs: 2 }, { window_days: 7, max_concurrency: 4 }));
});
afterAll(() => fake.close());

const ids = (rows: Record<string, unknown>[]) => new Set(rows.map((r) => String(r['id'])));

describe('a run killed midway', () => {
  it('resumes from its last STATE and loses nothing', async () => {
    const streams = ['charges', 'invoices', 'invoice_lines'];
    const catalog = catalogFile(streams);
    let charges = 0;
    const first = await runTap(['--config', config, '--catalog', catalog], {
      // killed at the first STATE after a third of the charges: midway through their history
      onMessage: (m, child) => {
        if (m.type === 'RECORD' && m.stream === 'charges') charges += 1;
        if (m.type === 'STATE' && charges >= 1000) child.kill('SIGKILL');
      },
    });
    expect(first.signal).toBe('SIGKILL');
    // only what was emitted before the last STATE counts: a target commits up to its last state
    const lastStateAt = first.messages.map((m) => m.type).lastIndexOf('STATE');
    const committed: Message[] = first.messages.slice(0, lastStateAt + 1);
    const state = jsonFile(committed[lastStateAt]!.value, 'state');

    const second = await runTap(['--config', config, '--catalog', catalog, '--state', state]);
    expect(second.code).toBe(0);
    for (const stream of streams) {
      const expected = ids(fake.dataset.objects(stream));
      const got = new Set([...ids(records(committed, stream)), ...ids(records(second, stream))]);
      const missing = [...expected].filter((k) => !got.has(k));
      expect({ stream, missing }).toEqual({ stream, missing: [] });
    }
    // and the second run did not start over
    expect(records(second, 'charges').length).toBeLessThan(fake.dataset.count('charges'));
  }, 120_000);
});

describe('a child stream selected without its parent', () => {
  it('reads the parent without emitting it, and bookmarks only the child', async () => {
    const run = await runTap(['--config', config, '--catalog', catalogFile(['invoice_lines'])]);
    expect(run.code).toBe(0);
    expect(run.messages.filter((m) => m.type === 'SCHEMA').map((m) => m.stream)).toEqual(['invoice_lines']);
    expect(records(run, 'invoices')).toHaveLength(0);
    expect(records(run, 'invoice_lines')).toHaveLength(fake.dataset.count('invoice_lines'));
    const last = states(run).at(-1) as { bookmarks: Record<string, unknown> };
    expect(Object.keys(last.bookmarks)).toEqual(['invoice_lines']);
  }, 60_000);
});
