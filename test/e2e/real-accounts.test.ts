/**
 * Where real Stripe accounts differ from a tidy one: cursors deleted mid-paging, unknown 400s … Each case runs
 * the built CLI against the fake Stripe API behaving as Stripe does there.
 */
import { DEFAULT_API_KEY, type FakeStripe } from '../../src/fake';
import { streamSchema } from '../../src/schemas';
import { catalogFile, fakeAccount } from './fake';
import { logLines, records, runTap } from './tap';

let fake: FakeStripe;
let config: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ scale: 0.1, counts: { charges: 230, invoices: 8 } }, { window_days: 3650 }));
});
afterEach(() => fake.setOptions({ failures: undefined }));
afterAll(() => fake.close());

const ids = (rows: Record<string, unknown>[]): string[] => rows.map((r) => String(r['id']));

/** Deletes the object named by the first `starting_after` on `path` (below it for `prefix`), before Stripe answers. */
function deleteFirstCursor(stream: string, matches: (path: string) => boolean, parent?: string): void {
  let done = false;
  fake.setOptions({
    failures: (req) => {
      const cursor = req.query.get('starting_after');
      if (done || !cursor || !matches(req.path)) return undefined;
      done = true;
      fake.dataset.remove(stream, cursor, parent ? { parent } : {});
      return undefined;
    },
  });
}

describe('a cursor deleted while a list is paged', () => {
  it('on a top-level list: the list starts over, nothing is lost, nothing twice, one warning', async () => {
    deleteFirstCursor('charges', (p) => p === '/v1/charges');
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges'])]);
    expect(run.code).toBe(0);
    const got = ids(records(run, 'charges'));
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(expect.arrayContaining(ids(fake.dataset.objects('charges'))));
    expect(logLines(run).filter((l) => l.includes('was deleted before the next page was read'))).toHaveLength(1);
  });

  it("on a child list: the parent's remaining children still arrive", async () => {
    const giant = fake.dataset.objects('invoices').find((i) => fake.dataset.children('invoice_lines', String(i['id'])).length > 200)!;
    const invoice = String(giant['id']);
    deleteFirstCursor('invoice_lines', (p) => p === `/v1/invoices/${invoice}/lines`, invoice);
    const run = await runTap(['--config', config, '--catalog', catalogFile(['invoice_lines'])]);
    expect(run.code).toBe(0);
    const lines = records(run, 'invoice_lines').filter((l) => l['invoice'] === invoice);
    expect(ids(lines)).toEqual(expect.arrayContaining(ids(fake.dataset.children('invoice_lines', invoice))));
    expect(new Set(ids(lines)).size).toBe(lines.length);
    expect(logLines(run).filter((l) => l.includes('was deleted before the next page was read'))).toHaveLength(1);
  });
});

describe('an unknown 400 on one stream', () => {
  it('fails the run (exit 1) after the others finish; the last line names stream, path, message and request id', async () => {
    const message = 'This request cannot be served for this account right now.';
    fake.setOptions({ failures: (req) => (req.path === '/v1/coupons' ? { status: 400, body: { error: { type: 'invalid_request_error', message } } } : undefined) });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['coupons', 'products'])]);
    expect(run.code).toBe(1);
    expect(records(run, 'products')).toHaveLength(fake.dataset.count('products'));
    const last = logLines(run).at(-1)!;
    expect(last).toMatch(/^ERROR 1 stream\(s\) failed: coupons: GET \/v1\/coupons: HTTP 400: /);
    expect(last).toContain(message);
    expect(last).toMatch(/\[Request-Id req_fake_\d+\]/);
    expect(last).toContain('deselect the failing stream(s) in the catalog');
  });
});

describe('Issuing tokens', () => {
  it('are read per card (Stripe requires card=), so an Issuing account syncs without a failure', async () => {
    const run = await runTap(['--config', config, '--catalog', catalogFile(['issuing_cards', 'issuing_tokens'])]);
    expect(run.code).toBe(0);
    expect(ids(records(run, 'issuing_tokens')).sort()).toEqual(ids(fake.dataset.objects('issuing_tokens')).sort());
    expect(fake.stats.requests.filter((r) => r.path === '/v1/issuing/tokens' && r.status !== 200)).toEqual([]);
  });
});

describe('Connect platforms', () => {
  const controlled = (a: Record<string, unknown>) => (a['controller'] as Record<string, unknown>)['is_controller'] === true;

  it('read every connected account, also those without created (a full table)', async () => {
    const accounts = fake.dataset.objects('accounts');
    expect(accounts.some((a) => a['created'] === undefined)).toBe(true);
    const run = await runTap(['--config', config, '--catalog', catalogFile(['accounts'])]);
    expect(run.code).toBe(0);
    expect(ids(records(run, 'accounts')).sort()).toEqual(ids(accounts).sort());
  });

  it("pass over, without a request, the persons and external accounts of accounts the platform does not control", async () => {
    const accounts = fake.dataset.objects('accounts');
    const others = accounts.filter((a) => !controlled(a)).map((a) => String(a['id']));
    expect(others.length).toBeGreaterThan(0);
    const before = fake.stats.total;
    const run = await runTap(['--config', config, '--catalog', catalogFile(['persons', 'external_accounts', 'capabilities'])]);
    expect(run.code).toBe(0);
    for (const s of ['persons', 'external_accounts', 'capabilities']) expect(records(run, s)).toHaveLength(fake.dataset.count(s));
    const asked = fake.stats.requests.slice(before - fake.stats.total).filter((r) => /persons|external_accounts/.test(r.path));
    expect(asked.filter((r) => others.some((id) => r.path.includes(id)))).toEqual([]);
    expect(logLines(run)).toContainEqual(expect.stringMatching(new RegExp(`^INFO persons: connected accounts the platform does not control .*: ${others.length} parent\\(s\\) passed over`)));
    expect(logLines(run).filter((l) => l.startsWith('WARNING'))).toEqual([]);
  });

  it("a refusal for one account passes over that account only; a restricted key's refusal skips the stream", async () => {
    const [first, second] = fake.dataset.objects('accounts').filter(controlled).map((a) => String(a['id']));
    const refuse = (message: string, account: string) => (req: { path: string }) => (req.path === `/v1/accounts/${account}/persons`
      ? { status: 403, body: { error: { type: 'invalid_request_error', message } } } : undefined);
    fake.setOptions({ failures: refuse(`The provided key 'sk_test_***' does not have the required permissions for this endpoint on account '${first}'.`, first!) });
    const one = await runTap(['--config', config, '--catalog', catalogFile(['persons'])]);
    expect(one.code).toBe(0);
    const expected = fake.dataset.objects('persons').filter((p) => p['account'] !== first);
    expect(ids(records(one, 'persons')).sort()).toEqual(ids(expected).sort());
    expect(logLines(one)).toContainEqual(expect.stringMatching(new RegExp(`^WARNING persons: children of ${first} passed over`)));

    fake.setOptions({ failures: refuse(`The provided key 'rk_test_***' does not have the required permissions for this endpoint on account '${second}'. Having the 'rak_person_read' permission would allow this request to continue.`, second!) });
    const key = await runTap(['--config', config, '--catalog', catalogFile(['persons'])]);
    expect(key.code).toBe(0);
    expect(logLines(key)).toContainEqual(expect.stringMatching(/^WARNING persons: skipped: .*rak_person_read/));
  });
});

describe('test clocks', () => {
  const family = ['customers', 'subscriptions', 'subscription_items', 'quotes'];

  it('in test mode, the customers, subscriptions and quotes of every test clock are read too (with their children)', async () => {
    const onClocks = fake.dataset.objects('customers').filter((c) => c['test_clock']);
    expect(onClocks.length).toBeGreaterThan(0);
    const run = await runTap(['--config', config, '--catalog', catalogFile(family)]);
    expect(run.code).toBe(0);
    for (const s of family) expect(ids(records(run, s)).sort()).toEqual(ids(fake.dataset.objects(s)).sort());
  });

  it('with a live key, test_clocks is skipped quietly and no test helper is requested', async () => {
    const live = 'sk_live_fake_tap_stripe_0123456789';
    fake.setOptions({ apiKey: live });
    try {
      const before = fake.stats.total;
      const run = await runTap(['--config', config, '--catalog', catalogFile(['test_clocks', 'customers'])], { env: { TAP_STRIPE_API_KEY: live } });
      expect(run.code).toBe(0);
      expect(logLines(run)).toContainEqual('INFO test_clocks: exists in test mode only; not read with a live key');
      expect(logLines(run).filter((l) => l.startsWith('WARNING') || l.startsWith('ERROR'))).toEqual([]);
      expect(records(run, 'test_clocks')).toHaveLength(0);
      const asked = fake.stats.requests.slice(before - fake.stats.total);
      expect(asked.filter((r) => r.path.startsWith('/v1/test_helpers') || r.query.includes('test_clock'))).toEqual([]);
    } finally {
      fake.setOptions({ apiKey: DEFAULT_API_KEY });
    }
  });
});

describe('reviews', () => {
  it('arrive open and closed (the list holds only open ones), each once, without requests of their own', async () => {
    const all = fake.dataset.objects('reviews');
    expect(all.some((r) => r['open'] === false)).toBe(true);
    const before = fake.stats.total;
    const run = await runTap(['--config', config, '--catalog', catalogFile(['reviews'])]);
    expect(run.code).toBe(0);
    const got = records(run, 'reviews');
    expect(ids(got).sort()).toEqual(ids(all).sort());
    const closed = got.find((r) => r['open'] === false)!;
    expect(closed['closed_reason']).toEqual(expect.any(String));
    expect(closed['created']).toMatch(/^\d{4}-\d\d-\d\dT/);
    const asked = fake.stats.requests.slice(before - fake.stats.total);
    expect(asked.filter((r) => r.path.startsWith('/v1/reviews/'))).toEqual([]);
    expect(asked.filter((r) => r.path === '/v1/charges').every((r) => decodeURIComponent(r.query).includes('expand[]=data.review'))).toBe(true);
    expect(run.messages.filter((m) => m.type === 'SCHEMA').map((m) => m.stream)).toEqual(['reviews']);
    expect(records(run, 'charges')).toHaveLength(0);
  });

  it('leave the charge records as they were: review stays an id', async () => {
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges', 'reviews'])]);
    expect(run.code).toBe(0);
    const withReview = records(run, 'charges').filter((c) => c['review'] !== null && c['review'] !== undefined);
    expect(withReview.length).toBeGreaterThan(0);
    expect(withReview.every((c) => typeof c['review'] === 'string')).toBe(true);
  });
});

describe('fields Stripe returns only when asked for', () => {
  it('are asked for where the stream keeps them: price tiers and currency options, coupon scopes', async () => {
    const run = await runTap(['--config', config, '--catalog', catalogFile(['prices', 'coupons', 'customers', 'customer_sources'])]);
    expect(run.code).toBe(0);
    const prices = records(run, 'prices');
    expect(prices.filter((p) => p['billing_scheme'] === 'tiered').every((p) => Array.isArray(p['tiers']) && (p['tiers'] as unknown[]).length > 1)).toBe(true);
    expect(prices.every((p) => typeof p['currency_options'] === 'object' && p['currency_options'] !== null)).toBe(true);
    expect(records(run, 'coupons').some((c) => typeof c['applies_to'] === 'object')).toBe(true);
    // expanded for customer_sources only: not a column of customers, so not in its records either
    expect(records(run, 'customers').some((c) => 'sources' in c)).toBe(false);
    expect(records(run, 'customers').every((c) => typeof c['tax'] === 'object')).toBe(true);
  });
});

describe('events', () => {
  it("keep data.object as the event has it (unix timestamps), and the column's description says so", async () => {
    const description = String(streamSchema('events').properties?.['data']?.properties?.['object']?.description);
    expect(description).toContain('rendered at the API version of the event (`api_version`)');
    expect(description).toContain('timestamps in it stay unix seconds');
    const run = await runTap(['--config', config, '--catalog', catalogFile(['events'])]);
    expect(run.code).toBe(0);
    const event = records(run, 'events').find((e) => typeof ((e['data'] as Record<string, unknown>)['object'] as Record<string, unknown>)['created'] === 'number');
    expect(event).toBeDefined();
    expect(event!['created']).toMatch(/^\d{4}-/);
  });
});
