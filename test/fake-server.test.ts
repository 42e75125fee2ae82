import { buildDataset, DEFAULT_API_KEY, startFakeStripe, type FakeStripe } from '../src/fake';

const NOW = Date.UTC(2025, 0, 15);
const KEY = DEFAULT_API_KEY;

type Json = Record<string, unknown>;
interface ListBody {
  object: string;
  data: Json[];
  has_more: boolean;
  url: string;
}

let fake: FakeStripe;

async function get(path: string, key: string | null = KEY, init: RequestInit = {}): Promise<{ status: number; body: Json; headers: Headers; text: string }> {
  const headers: Record<string, string> = key === null ? {} : { Authorization: `Bearer ${key}` };
  const res = await fetch(`${fake.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Json, headers: res.headers, text };
}

async function list(path: string): Promise<ListBody> {
  const res = await get(path);
  expect(res.status).toBe(200);
  return res.body as unknown as ListBody;
}

const errorOf = (body: Json): Json => body['error'] as Json;

/** Pages through a list with starting_after; returns every object in order. */
async function pageAll(path: string, limit = 100): Promise<Json[]> {
  const out: Json[] = [];
  let after: string | undefined;
  const sep = path.includes('?') ? '&' : '?';
  for (;;) {
    const page = await list(`${path}${sep}limit=${limit}${after ? `&starting_after=${after}` : ''}`);
    out.push(...page.data);
    if (!page.has_more) return out;
    after = page.data[page.data.length - 1]?.['id'] as string;
  }
}

beforeAll(async () => {
  fake = await startFakeStripe({ seed: 7, now: NOW });
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  fake.setOptions({ rateLimit: undefined, failures: undefined, disabledFeatures: [], legacyAvailable: false, restrictedPaths: [] });
});

describe('fake Stripe API', () => {
  it('builds the same dataset from the same seed', () => {
    const a = buildDataset({ seed: 3, now: NOW, scale: 0.2 });
    const b = buildDataset({ seed: 3, now: NOW, scale: 0.2 });
    expect(a.objects('charges').map((c) => c['id'])).toEqual(b.objects('charges').map((c) => c['id']));
    expect(a.objects('invoice_lines').length).toBe(b.objects('invoice_lines').length);
  });

  it('answers 401 to a wrong or missing key without echoing it', async () => {
    const wrong = 'sk_test_this_is_not_the_right_key_42';
    const res = await get('/v1/charges', wrong);
    expect(res.status).toBe(401);
    expect(errorOf(res.body)['type']).toBe('invalid_request_error');
    expect(res.text).not.toContain(wrong);
    expect(res.text).toContain('Invalid API Key provided: sk_test_');
    expect(res.headers.get('request-id')).toMatch(/^req_fake_\d+$/);
    const missing = await get('/v1/charges', null);
    expect(missing.status).toBe(401);
    const basic = await fetch(`${fake.url}/v1/balance`, { headers: { Authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);
    expect(fake.stats.requests.some((r) => JSON.stringify(r).includes(wrong))).toBe(false);
  });

  it('pages the whole charges list with starting_after: every object once, newest first', async () => {
    const all = await pageAll('/v1/charges', 37);
    const expected = fake.dataset.objects('charges');
    expect(all.map((c) => c['id'])).toEqual(expected.map((c) => c['id']));
    expect(new Set(all.map((c) => c['id'])).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) {
      const [prev, cur] = [all[i - 1] as Json, all[i] as Json];
      const order = (prev['created'] as number) > (cur['created'] as number) ||
        (prev['created'] === cur['created'] && (prev['id'] as string) > (cur['id'] as string));
      expect(order).toBe(true);
    }
    const first = await list('/v1/charges');
    expect(first.data).toHaveLength(10);
    expect(first.url).toBe('/v1/charges');
    const before = await list(`/v1/charges?limit=5&ending_before=${all[12]?.['id'] as string}`);
    expect(before.data.map((c) => c['id'])).toEqual(all.slice(7, 12).map((c) => c['id']));
  });

  it('filters on created[gte]/[lt] (brackets raw or encoded)', async () => {
    const charges = fake.dataset.objects('charges');
    const times = charges.map((c) => c['created'] as number).sort((a, b) => a - b);
    const gte = times[Math.floor(times.length / 4)] as number;
    const lt = times[Math.floor((times.length * 3) / 4)] as number;
    const expected = charges.filter((c) => (c['created'] as number) >= gte && (c['created'] as number) < lt);
    const raw = await pageAll(`/v1/charges?created[gte]=${gte}&created[lt]=${lt}`);
    expect(raw.map((c) => c['id'])).toEqual(expected.map((c) => c['id']));
    const encoded = await pageAll(`/v1/charges?created%5Bgte%5D=${gte}&created%5Blt%5D=${lt}`, 10);
    expect(encoded).toHaveLength(expected.length);
    const exact = await list(`/v1/charges?created=${gte}`);
    expect(exact.data.every((c) => c['created'] === gte)).toBe(true);
    const bad = await get('/v1/tax_codes?created[gte]=1');
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body)['code']).toBe('parameter_unknown');
  });

  it('rejects bad limits and unknown cursors', async () => {
    for (const limit of ['0', '101', 'x']) {
      const res = await get(`/v1/charges?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(errorOf(res.body)['type']).toBe('invalid_request_error');
    }
    const res = await get('/v1/charges?starting_after=ch_missing');
    expect(res.status).toBe(400);
    expect(errorOf(res.body)['code']).toBe('resource_missing');
  });

  it('embeds the first 10 invoice lines and pages the 250-line invoice to exactly 250', async () => {
    const invoices = fake.dataset.objects('invoices');
    const giant = invoices.find((i) => fake.dataset.children('invoice_lines', i['id'] as string).length === 250);
    expect(giant).toBeDefined();
    const id = giant?.['id'] as string;
    const fromList = (await pageAll('/v1/invoices')).find((i) => i['id'] === id) as Json;
    const embedded = fromList['lines'] as ListBody;
    expect(embedded.data).toHaveLength(10);
    expect(embedded.has_more).toBe(true);
    expect(embedded.url).toBe(`/v1/invoices/${id}/lines`);
    const lines = await pageAll(`/v1/invoices/${id}/lines`);
    expect(lines).toHaveLength(250);
    expect(new Set(lines.map((l) => l['id'])).size).toBe(250);
    expect(lines.slice(0, 10).map((l) => l['id'])).toEqual(embedded.data.map((l) => l['id']));
    const several = invoices.filter((i) => (i['lines'] as ListBody).has_more);
    expect(several.length).toBeGreaterThanOrEqual(3);
  });

  it('includes tiers, sources and discounts only when expanded', async () => {
    const plain = await pageAll('/v1/plans');
    expect(plain.some((p) => 'tiers' in p)).toBe(false);
    const expanded = await pageAll('/v1/plans?expand[]=data.tiers');
    const tiered = expanded.filter((p) => Array.isArray(p['tiers']));
    expect(tiered.length).toBeGreaterThan(0);
    for (const p of tiered) expect((p['tiers'] as unknown[]).length).toBeGreaterThanOrEqual(2);
    const customers = await list('/v1/customers?limit=100&expand[0]=data.sources&expand[1]=data.tax_ids');
    expect(customers.data.every((c) => (c['sources'] as ListBody).object === 'list' && (c['tax_ids'] as ListBody).object === 'list')).toBe(true);
    expect((await list('/v1/customers?limit=3')).data.some((c) => 'sources' in c)).toBe(false);
    const subs = await pageAll('/v1/subscriptions?status=all&expand[]=data.discounts');
    const withDiscounts = subs.filter((s) => (s['discounts'] as unknown[]).length > 0);
    expect(withDiscounts.length).toBeGreaterThan(0);
    expect(withDiscounts.every((s) => (s['discounts'] as Json[]).every((d) => d['object'] === 'discount'))).toBe(true);
    expect(subs).toHaveLength(fake.dataset.objects('subscriptions').filter((s) => !s['test_clock']).length);
  });

  it('returns includable fields (price tiers and currency options, coupon scopes) only when expanded', async () => {
    const plain = await pageAll('/v1/prices');
    expect(plain.some((p) => 'tiers' in p || 'currency_options' in p)).toBe(false);
    const expanded = await pageAll('/v1/prices?expand[]=data.tiers&expand[]=data.currency_options');
    expect(expanded.every((p) => typeof p['currency_options'] === 'object')).toBe(true);
    expect(expanded.filter((p) => p['billing_scheme'] === 'tiered').every((p) => Array.isArray(p['tiers']))).toBe(true);
    expect(expanded.some((p) => Array.isArray(p['tiers']))).toBe(true);
    const price = expanded[0] as Json;
    expect((await get(`/v1/prices/${price['id'] as string}?expand[]=currency_options`)).body['currency_options']).toEqual(price['currency_options']);
    expect((await pageAll('/v1/coupons')).some((c) => 'applies_to' in c)).toBe(false);
    expect((await pageAll('/v1/coupons?expand[]=data.applies_to')).some((c) => 'applies_to' in c)).toBe(true);
  });

  it('leaves test-clock objects out of customers, subscriptions and quotes unless test_clock= (or customer=) is given', async () => {
    const clocks = await pageAll('/v1/test_helpers/test_clocks');
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.some((c) => (c['frozen_time'] as number) > NOW / 1000)).toBe(true);
    for (const path of ['/v1/customers', '/v1/subscriptions?status=all', '/v1/quotes']) {
      const stream = path.split('?')[0]!.slice(4);
      const all = fake.dataset.objects(stream);
      const onClocks = all.filter((o) => typeof o['test_clock'] === 'string');
      expect(onClocks.length).toBeGreaterThan(0);
      expect((await pageAll(path)).map((o) => o['id']).sort()).toEqual(all.filter((o) => !o['test_clock']).map((o) => o['id']).sort());
      const perClock = [];
      for (const clock of clocks) perClock.push(...await pageAll(`${path}${path.includes('?') ? '&' : '?'}test_clock=${clock['id'] as string}`));
      expect(perClock.map((o) => o['id']).sort()).toEqual(onClocks.map((o) => o['id']).sort());
    }
    const sub = fake.dataset.objects('subscriptions').find((s) => s['test_clock'])!;
    const mine = await pageAll(`/v1/subscriptions?status=all&customer=${sub['customer'] as string}`);
    expect(mine.map((s) => s['id'])).toContain(sub['id']);
  });

  it('answers test helpers only to a test-mode key', async () => {
    fake.setOptions({ apiKey: 'sk_live_fake_tap_stripe_0123' });
    try {
      const res = await get('/v1/test_helpers/test_clocks', 'sk_live_fake_tap_stripe_0123');
      expect(res.status).toBe(400);
      expect(errorOf(res.body)['message']).toContain('only available in test mode');
    } finally {
      fake.setOptions({ apiKey: KEY });
    }
  });

  it('serves per-parent endpoints, with paging', async () => {
    const customers = fake.dataset.objects('customers');
    const busy = customers.find((c) => fake.dataset.children('payment_methods', c['id'] as string).length > 10);
    expect(busy).toBeDefined();
    const id = busy?.['id'] as string;
    const pms = await pageAll(`/v1/customers/${id}/payment_methods`, 4);
    expect(pms).toHaveLength(fake.dataset.children('payment_methods', id).length);
    const sub = fake.dataset.objects('subscriptions')[0] as Json;
    const items = await pageAll(`/v1/subscription_items?subscription=${sub['id'] as string}`);
    expect(items.every((i) => i['subscription'] === sub['id'])).toBe(true);
    const missing = await get('/v1/invoices/in_missing/lines');
    expect(missing.status).toBe(404);
  });

  it('answers legacy endpoints 404 unless they are available', async () => {
    const res = await get('/v1/orders');
    expect(res.status).toBe(404);
    expect(errorOf(res.body)['message']).toContain('Unrecognized request URL (GET: /v1/orders)');
    fake.setOptions({ legacyAvailable: true });
    const orders = await pageAll('/v1/orders');
    expect(orders).toHaveLength(fake.dataset.objects('orders').length);
    expect(orders[0]?.['object']).toBe('order');
  });

  it('answers a disabled product like Stripe does', async () => {
    fake.setOptions({ disabledFeatures: ['Issuing'] });
    const res = await get('/v1/issuing/cards');
    expect(res.status).toBe(400);
    expect(errorOf(res.body)['type']).toBe('invalid_request_error');
    expect(errorOf(res.body)['message']).toContain('not set up to use Issuing');
    expect((await get('/v1/charges?limit=1')).status).toBe(200);
  });

  it('answers 403 naming the permission on restricted paths', async () => {
    fake.setOptions({ restrictedPaths: ['/v1/charges'] });
    const res = await get('/v1/charges');
    expect(res.status).toBe(403);
    expect(errorOf(res.body)['message']).toContain('rak_charge_read');
    expect(res.text).not.toContain(KEY);
  });

  it('answers 429 beyond the rate limit', async () => {
    fake.setOptions({ rateLimit: { perSecond: 5 } });
    const before = fake.stats.rateLimited;
    const statuses = await Promise.all(Array.from({ length: 12 }, () => get('/v1/balance').then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
    expect(fake.stats.rateLimited - before).toBe(statuses.filter((s) => s === 429).length);
    const limited = await get('/v1/balance');
    expect(limited.status).toBe(429);
    expect(errorOf(limited.body)['code']).toBe('rate_limit');
    expect(limited.headers.get('stripe-should-retry')).toBeNull();
    expect(fake.stats.maxPerSecond).toBeGreaterThanOrEqual(12);
  });

  it('injects failures: every 3rd request answers 500 with Stripe-Should-Retry', async () => {
    fake.setOptions({ failures: { every: 3, status: 500, times: 2 } });
    const statuses: number[] = [];
    let retryHeader: string | null = null;
    for (let i = 0; i < 9; i++) {
      const res = await get('/v1/balance');
      statuses.push(res.status);
      if (res.status === 500) retryHeader = res.headers.get('stripe-should-retry');
    }
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500, 200, 200, 200]);
    expect(retryHeader).toBe('true');
  });

  it('answers 405 to other methods and counts them', async () => {
    const before = fake.stats.nonGet;
    const res = await fetch(`${fake.url}/v1/charges`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}` }, body: 'amount=100' });
    expect(res.status).toBe(405);
    expect(fake.stats.nonGet).toBe(before + 1);
  });

  it('sees objects added, updated and removed through the dataset', async () => {
    const created = fake.dataset.createNow('customers', undefined, { event: true });
    const first = await list('/v1/customers?limit=1');
    expect(first.data[0]?.['id']).toBe(created['id']);
    const events = await list('/v1/events?limit=1');
    expect(events.data[0]?.['type']).toBe('customer.created');
    fake.dataset.remove('customers', created['id'] as string);
    const gone = await get(`/v1/customers/${created['id'] as string}`);
    expect(gone.body).toEqual({ id: created['id'], object: 'customer', deleted: true });
    const charge = fake.dataset.objects('charges')[3] as Json;
    expect((await get(`/v1/charges/${charge['id'] as string}`)).body['id']).toBe(charge['id']);
    expect((await get('/v1/charges/ch_missing')).status).toBe(404);
  });
});
