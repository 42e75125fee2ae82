/**
 * Faults the fake injects as a network and a busy Stripe would: the sync survives them with the same keys as
 * a clean run; where retries run out (or Stripe says not to retry), that stream fails by name, path and
 * Request-Id after the last safe STATE, and the others finish.
 */
import { randomFaults, type FakeStripe, type FailureFn } from '../../src/fake';
import { errors } from '../../src/fake/errors';
import { catalogFile, fakeAccount } from './fake';
import { logLines, records, runTap, type TapRun } from './tap';

let fake: FakeStripe;
let config: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ scale: 0.2, counts: { charges: 600, customers: 250, invoices: 150 } }, { window_days: 90, max_retries: 6 }));
});
afterEach(() => fake.setOptions({ failures: undefined }));
afterAll(() => fake.close());

const streams = ['charges', 'customers', 'invoices', 'invoice_lines', 'subscriptions', 'subscription_items', 'refunds'];
const keysOf = (run: TapRun): string[] => run.messages.filter((m) => m.type === 'RECORD')
  .map((m) => `${m.stream!}:${String(m.record!['id'])}:${String(m.record!['invoice'] ?? m.record!['subscription'] ?? '')}`)
  .filter((k, i, all) => all.indexOf(k) === i).sort();

/** Fails the first `times` attempts of the first request to `path` (every request to it with `all`). */
function first(path: string, times: number, answer: () => ReturnType<FailureFn>, all = false): FailureFn {
  const seen = new Map<string, number>();
  let target: string | undefined;
  return (req) => {
    if (req.path !== path) return undefined;
    const key = req.query.toString();
    target ??= key;
    if (!all && key !== target) return undefined;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    return seen.get(key)! <= times ? answer() : undefined;
  };
}

/** How often each distinct request to `path` was sent since `start` (an index into the fake's request log). */
function attempts(path: string, start: number): number[] {
  const counts = new Map<string, number>();
  for (const r of fake.stats.requests.slice(start)) if (r.path === path) counts.set(r.query, (counts.get(r.query) ?? 0) + 1);
  return [...counts.values()];
}

describe('faults survived', () => {
  it('under 10% errors (500, 502, 503, 429) and 2% drops (resets, truncated bodies) the keys equal a clean run\'s', async () => {
    const catalog = catalogFile(streams);
    const clean = await runTap(['--config', config, '--catalog', catalog]);
    fake.setOptions({ failures: randomFaults({ errorRate: 0.1, dropRate: 0.02, seed: 7 }) });
    const before = fake.stats.injectedFailures;
    const faulty = await runTap(['--config', config, '--catalog', catalog]);
    expect(clean.code).toBe(0);
    expect(faulty.code).toBe(0);
    expect(fake.stats.injectedFailures - before).toBeGreaterThanOrEqual(4);
    expect(keysOf(faulty)).toEqual(keysOf(clean));
    expect(keysOf(clean).length).toBeGreaterThan(100);
  }, 120_000);

  it('500/502/503 bursts, connection resets, bodies cut off, answers slower than request_timeout and 429s: retried, every object arrives', async () => {
    let n = 0;
    // each fault on its own stream's first request, all in one run
    const faults: [string, string, number, () => ReturnType<FailureFn>][] = [
      ['charges', '/v1/charges', 3, () => errors.apiError([500, 502, 503][n++ % 3])],
      // stripe-node itself retries a closed connection once: four resets in a row reach the tap's retries twice
      ['customers', '/v1/customers', 4, () => 'reset'],
      ['invoices', '/v1/invoices', 2, () => ({ status: 200, body: { object: 'list', data: [], has_more: false }, truncate: true })],
      ['refunds', '/v1/refunds', 2, () => ({ status: 200, body: { object: 'list', data: [], has_more: false }, delayMs: 1800 })],
      ['subscriptions', '/v1/subscriptions', 2, () => errors.rateLimited()],
    ];
    const each = faults.map(([, path, times, answer]) => first(path, times, answer));
    fake.setOptions({ failures: (req) => each.map((f) => f(req)).find((r) => r !== undefined) });
    const run = await runTap(['--config', config, '--catalog', catalogFile(faults.map(([s]) => s))], { env: { TAP_STRIPE_REQUEST_TIMEOUT: '1' } });
    expect(run.code).toBe(0);
    const retries = logLines(run).filter((l) => l.startsWith('WARNING retrying'));
    for (const [stream, path] of faults) {
      expect({ path, retried: retries.filter((l) => l.includes(`GET ${path}:`)).length >= 2 }).toEqual({ path, retried: true });
      expect({ stream, count: records(run, stream).length }).toEqual({ stream, count: fake.dataset.count(stream) });
    }
  }, 60_000);

  it('a 429 with Retry-After waits that long before the retry', async () => {
    fake.setOptions({ failures: first('/v1/charges', 1, () => ({ ...errors.rateLimited(), headers: { 'Retry-After': '1' } })) });
    const start = fake.stats.requests.length;
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges'])]);
    expect(run.code).toBe(0);
    const charges = fake.stats.requests.slice(start).filter((r) => r.path === '/v1/charges');
    const limited = charges.find((r) => r.status === 429)!;
    const retry = charges.find((r) => r.query === limited.query && r.n > limited.n)!;
    expect(retry.at - limited.at).toBeGreaterThanOrEqual(1000);
    expect(records(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
  }, 30_000);
});

describe('when a stream cannot be read', () => {
  const expectFailedAfterState = (run: TapRun, path: RegExp): void => {
    expect(run.code).toBe(1);
    expect(run.messages.at(-1)?.type).toBe('STATE');
    const last = logLines(run).at(-1)!;
    expect(last).toMatch(/^ERROR 1 stream\(s\) failed: charges: /);
    expect(last).toMatch(path);
    expect(last).toMatch(/\[Request-Id req_fake_\d+\]/);
    expect(records(run, 'customers')).toHaveLength(fake.dataset.count('customers'));
    expect(Object.keys((run.messages.at(-1)!.value as { bookmarks: object }).bookmarks)).toEqual(['customers']);
  };

  it('a 429 with Stripe-Should-Retry: false is not retried', async () => {
    fake.setOptions({ failures: first('/v1/charges', 99, () => ({ ...errors.rateLimited(), headers: { 'Stripe-Should-Retry': 'false' } }), true) });
    const start = fake.stats.requests.length;
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges', 'customers'])]);
    expect(attempts('/v1/charges', start).every((n) => n === 1)).toBe(true);
    expectFailedAfterState(run, /GET \/v1\/charges: HTTP 429/);
  }, 30_000);

  it('retries that run out fail the stream, after the last safe STATE; the others finish', async () => {
    fake.setOptions({ failures: first('/v1/charges', 99, () => errors.apiError(503), true) });
    const start = fake.stats.requests.length;
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges', 'customers'])], { env: { TAP_STRIPE_MAX_RETRIES: '2' } });
    expect(attempts('/v1/charges', start).every((n) => n === 3)).toBe(true);
    expectFailedAfterState(run, /GET \/v1\/charges: HTTP 503/);
  }, 30_000);
});
