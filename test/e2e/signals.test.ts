/**
 * SIGTERM and SIGINT mid-sync: no new request, the pages in flight finish, the last safe STATE is written and
 * the tap exits 143 or 130; resumed from that STATE, nothing is lost. A second signal exits at once.
 */
import type { FakeStripe } from '../../src/fake';
import { catalogFile, fakeAccount } from './fake';
import { jsonFile, logLines, records, runTap, type TapRun } from './tap';

let fake: FakeStripe;
let config: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ counts: { charges: 1000, invoices: 120, customers: 120 }, latencyMs: 10 }, { window_days: 7, max_concurrency: 4 }));
});
afterEach(() => fake.setOptions({ latencyMs: 10 }));
afterAll(() => fake.close());

const streams = ['charges', 'customers', 'invoices', 'invoice_lines'];
const ids = (rows: Record<string, unknown>[]): Set<string> => new Set(rows.map((r) => String(r['id'])));

describe.each([
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const)('%s mid-sync', (signal, code) => {
  let first: TapRun;
  let second: TapRun;
  beforeAll(async () => {
    const catalog = catalogFile(streams);
    let seen = 0;
    first = await runTap(['--config', config, '--catalog', catalog], {
      onMessage: (m, child) => {
        if (m.type === 'STATE' && (seen += 1) === 4) child.kill(signal);
      },
    });
    const last = first.messages.filter((m) => m.type === 'STATE').at(-1);
    second = await runTap(['--config', config, '--catalog', catalog, '--state', jsonFile(last!.value, 'state')]);
  }, 120_000);

  it(`stops with exit ${code}, its last message a STATE, and says how to resume`, () => {
    expect(first.signal).toBeNull();
    expect(first.code).toBe(code);
    expect(first.messages.at(-1)?.type).toBe('STATE');
    expect(logLines(first)).toContainEqual(expect.stringMatching(new RegExp(`^WARNING received ${signal}: no new request starts`)));
    expect(logLines(first).at(-1)).toBe(`WARNING stopped by ${signal}: the last STATE above is where the next run resumes (run again with it as --state)`);
    expect(logLines(first).filter((l) => l.startsWith('ERROR'))).toEqual([]);
    expect(records(first, 'charges').length).toBeLessThan(fake.dataset.count('charges'));
  });

  it('resumed from that STATE, nothing is lost', () => {
    expect(second.code).toBe(0);
    for (const stream of streams) {
      const got = new Set([...ids(records(first, stream)), ...ids(records(second, stream))]);
      const missing = [...ids(fake.dataset.objects(stream))].filter((id) => !got.has(id));
      expect({ stream, missing }).toEqual({ stream, missing: [] });
    }
  });
});

describe('while requests are in flight', () => {
  const slow = 1200;
  const signalled = (twice: boolean): Promise<{ run: TapRun; afterFirst: number }> => {
    fake.setOptions({ latencyMs: slow });
    let at = 0;
    return runTap(['--config', config, '--catalog', catalogFile(['charges'])], {
      onMessage: (m, child) => {
        if (m.type !== 'SCHEMA' || at > 0) return;
        // the SCHEMA comes after the preflight: the first list request is now on its way
        setTimeout(() => {
          at = Date.now();
          child.kill('SIGTERM');
          if (twice) setTimeout(() => child.kill('SIGTERM'), 200);
        }, 300);
      },
    }).then((run) => ({ run, afterFirst: Date.now() - at }));
  };

  it('one signal waits for them (at most request_timeout), then writes the last STATE', async () => {
    const { run, afterFirst } = await signalled(false);
    expect(run.code).toBe(143);
    expect(afterFirst).toBeGreaterThan(slow - 300 - 500);
    expect(run.messages.at(-1)?.type).toBe('STATE');
  }, 30_000);

  it('a second signal exits at once', async () => {
    const { run, afterFirst } = await signalled(true);
    expect(run.code).toBe(143);
    expect(afterFirst).toBeLessThan(slow - 300);
  }, 30_000);
});

describe('with hundreds of child requests queued on one endpoint', () => {
  let many: FakeStripe;
  let manyConfig: string;
  beforeAll(async () => {
    ({ fake: many, config: manyConfig } = await fakeAccount({ counts: { customers: 600 }, latencyMs: 100 }, { request_timeout: 2 }));
  });
  afterAll(() => many.close());

  // Stripe's 25 requests a second on one endpoint: a page of 100 customers queues 100 payment-method reads
  it('stops within request_timeout of the signal, not after the queue drains', async () => {
    let at = 0;
    const run = await runTap(['--config', manyConfig, '--catalog', catalogFile(['customers', 'payment_methods'])], {
      onMessage: (m, child) => {
        // the first page of customers is in: its 100 payment-method reads are queued (4 s at 25 a second)
        if (m.type !== 'RECORD' || at > 0) return;
        at = Date.now();
        child.kill('SIGTERM');
      },
    });
    expect(run.code).toBe(143);
    expect(Date.now() - at).toBeLessThan(2500);
    expect(run.messages.at(-1)?.type).toBe('STATE');
  }, 60_000);
});
