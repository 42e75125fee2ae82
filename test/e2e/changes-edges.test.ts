/**
 * Change capture's edges: a state older than Stripe's 30 days of events, an object deleted before it is read
 * again, a run killed while it applies changes, events the tap does not map, a migrated state, and a local clock
 * ahead of Stripe's.
 */
import { startFakeStripe, type FakeStripe } from '../../src/fake';
import { addChild } from '../../src/fake/mutate';
import { catalogFile } from './fake';
import { applyNewest, applyRecords, live, tableDiff, truthTable, type Table } from './tables';
import { jsonFile, logLines, records, runTap, states, type Message, type RunOptions, type TapRun } from './tap';

const STREAMS = ['customers', 'tax_ids', 'products', 'subscriptions', 'subscription_items'];
const DAY = 86_400;

interface Setup {
  fake: FakeStripe;
  config: (extra?: Record<string, unknown>) => string;
  catalog: string;
}

async function setup(counts: Record<string, number>, latencyMs = 0): Promise<Setup> {
  const fake = await startFakeStripe({ seed: 11, scale: 0.02, counts, eventDelaySeconds: 2, latencyMs });
  const config = (extra: Record<string, unknown> = {}): string => jsonFile({
    api_key: fake.apiKey, api_base: fake.url, lag_seconds: 5, lookback_window: 0, max_requests_per_second: 100,
    max_concurrency: 4, window_days: 365, ...extra,
  }, 'config');
  return { fake, config, catalog: catalogFile(STREAMS) };
}

/** One fake account for the tests of a describe block. */
function shared(counts: Record<string, number>, latencyMs = 0): Setup {
  let s: Setup | undefined;
  beforeAll(async () => {
    s = await setup(counts, latencyMs);
  });
  afterAll(() => s?.fake.close());
  const get = (): Setup => {
    if (!s) throw new Error('the fake account is made before the tests');
    return s;
  };
  return { get fake() { return get().fake; }, get config() { return get().config; }, get catalog() { return get().catalog; } };
}

async function run(s: Setup, state?: unknown, extra?: Record<string, unknown>, onMessage?: RunOptions['onMessage']): Promise<TapRun> {
  const args = ['--config', s.config(extra), '--catalog', s.catalog, ...(state ? ['--state', jsonFile(state, 'state')] : [])];
  return runTap(args, onMessage ? { onMessage } : {});
}

/** What a target keeps of a run: everything before its last STATE. */
const committed = (r: TapRun): Message[] => r.messages.slice(0, r.messages.map((m) => m.type).lastIndexOf('STATE') + 1);

function diff(fake: FakeStripe, tables: Map<string, Table>): string[] {
  return STREAMS.flatMap((stream) => tableDiff(tables.get(stream), truthTable(fake.dataset, stream)).slice(0, 3).map((d) => `${stream}: ${d}`));
}

/** A first run, and the tables a target rebuilds from what it committed. */
async function firstRun(s: Setup): Promise<{ tables: Map<string, Table>; first: TapRun }> {
  const tables = new Map<string, Table>();
  const first = await run(s);
  applyRecords(tables, committed(first));
  return { tables, first };
}

/** After a killed run: a product deleted meanwhile, then a run from the last STATE; the tables must be the truth. */
async function resumeAfterKill(s: Setup, tables: Map<string, Table>, killed: TapRun, first: TapRun): Promise<void> {
  applyRecords(tables, committed(killed));
  const ds = s.fake.dataset;
  ds.remove('products', String(ds.objects('products')[0]!['id']));
  ds.clock.advance(10);
  const resumed = await run(s, states(killed).at(-1) ?? states(first).at(-1));
  expect(resumed.code).toBe(0);
  applyRecords(tables, committed(resumed));
  expect(diff(s.fake, tables)).toEqual([]);
}

describe('a state older than the 30 days of events Stripe keeps', () => {
  let s: Setup;
  let first: TapRun;
  beforeAll(async () => {
    s = await setup({ customers: 15, products: 8, subscriptions: 6 });
    first = await run(s);
    const ds = s.fake.dataset;
    ds.clock.advance(40 * DAY);
    ds.update('customers', String(ds.objects('customers')[0]!['id']), { email: 'after-40-days@example.com' });
    ds.remove('products', String(ds.objects('products')[0]!['id']));
    ds.clock.advance(10);
  });
  afterAll(() => s.fake.close());

  it('fails with one line naming the streams when auto re-reading is off', async () => {
    const r = await run(s, states(first).at(-1), { auto_reread_history: false });
    expect(r.code).toBe(1);
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^tap-stripe: change capture cannot go on for customers, products, subscription_items, subscriptions, tax_ids: their events cursor \(.+\) is older than the 30 days of events Stripe keeps; set auto_reread_history to true/);
    expect(records(r)).toHaveLength(0);
  });

  it('warns once, re-reads those streams from their start, and moves the events cursor to the re-read', async () => {
    const r = await run(s, states(first).at(-1));
    expect(r.code).toBe(0);
    expect(logLines(r).filter((l) => l.includes('older than the 30 days'))).toHaveLength(1);
    expect(records(r, 'customers')).toHaveLength(s.fake.dataset.count('customers'));
    const tables = new Map<string, Table>();
    applyRecords(tables, committed(r));
    expect(diff(s.fake, tables)).toEqual([]);
    const cursor = Date.parse(String((states(r).at(-1)!['events'] as { created: string }).created)) / 1000;
    expect(Math.abs(cursor - s.fake.dataset.clock.nowSeconds())).toBeLessThan(60);
  });
});

describe('a stream left out of the runs for more than 30 days, then selected again', () => {
  const s = shared({ customers: 6, products: 4, subscriptions: 3 });

  it("names its own events cursor in the warning, not the state's newer one", async () => {
    const first = await run(s);
    const own = String((states(first).at(-1)!['events'] as { created: string }).created);
    const without = { ...s, catalog: catalogFile(STREAMS.filter((x) => x !== 'products')) };
    let state = states(first).at(-1);
    for (const days of [20, 20]) {
      s.fake.dataset.clock.advance(days * DAY);
      state = states(await run(without, state)).at(-1);
    }
    const back = await run(s, state);
    expect(back.code).toBe(0);
    const warning = logLines(back).find((l) => l.includes('older than the 30 days'));
    expect(warning).toBe(`WARNING change capture: their events cursor (${own}) is older than the 30 days of events Stripe keeps for products: reading their history again from the start in this run`);
  });
});

describe('a start_date', () => {
  const s = shared({ customers: 12, products: 6, subscriptions: 3 });

  it('keeps objects created before it out of change capture too: changed or deleted, they are not synced', async () => {
    const ds = s.fake.dataset;
    const byAge = ds.objects('customers').filter((c) => !c['test_clock']).sort((a, b) => Number(a['created']) - Number(b['created']));
    const [old, recent] = [byAge[0]!, byAge.at(-1)!];
    const start = Number(byAge[Math.floor(byAge.length / 2)]!['created']);
    const startDate = new Date(start * 1000).toISOString().replace('.000Z', 'Z');
    const first = await run(s, undefined, { start_date: startDate });
    expect(records(first, 'customers').map((c) => c['id'])).not.toContain(old['id']);
    ds.update('customers', String(old['id']), { email: 'old@example.com' });
    ds.update('customers', String(recent['id']), { email: 'recent@example.com' });
    const product = ds.objects('products').sort((a, b) => Number(a['created']) - Number(b['created']))[0]!;
    const productOld = Number(product['created']) < start;
    ds.remove('products', String(product['id']));
    ds.clock.advance(10);
    const next = await run(s, states(first).at(-1), { start_date: startDate });
    expect(next.code).toBe(0);
    const ids = records(next, 'customers').map((c) => c['id']);
    expect(ids).toContain(recent['id']);
    expect(ids).not.toContain(old['id']);
    expect(productOld).toBe(true);
    expect(records(next, 'products').map((p) => p['id'])).not.toContain(product['id']);
    expect(logLines(next)).toContainEqual(expect.stringMatching(/created before start_date \(not synced\)/));
  });

  // history reads children through their parent's windows, whatever their own created
  it('still follows a child older than start_date whose parent is newer', async () => {
    const ds = s.fake.dataset;
    const recent = ds.objects('customers').filter((c) => !c['test_clock']).sort((a, b) => Number(b['created']) - Number(a['created']))[0]!;
    const parent = String(recent['id']);
    const start = Number(recent['created']) - 10;
    const startDate = new Date(start * 1000).toISOString().replace('.000Z', 'Z');
    const child = addChild(ds, 'tax_ids', parent, { created: start - 100 });
    ds.clock.advance(10);
    const withChild = { ...s, catalog: catalogFile(['customers', 'tax_ids']) };
    const first = await run(withChild, undefined, { start_date: startDate });
    expect(records(first, 'tax_ids').map((t) => t['id'])).toContain(child['id']);
    ds.remove('tax_ids', String(child['id']), { parent });
    ds.clock.advance(10);
    const next = await run(withChild, states(first).at(-1), { start_date: startDate });
    expect(records(next, 'tax_ids').filter((t) => t['id'] === child['id'])).toEqual([expect.objectContaining({ _sdc_deleted_at: expect.any(String) })]);
  });
});

describe('objects deleted before they are read again, and unknown event types', () => {
  const s = shared({ customers: 10, products: 6, subscriptions: 4 });

  it('tombstones an object whose newest event in the run is an update but which is gone by now', async () => {
    const state = states(await run(s)).at(-1);
    // events rendered at another version than the pinned one: every changed object is read again
    s.fake.setOptions({ eventApiVersion: '2023-10-16' });
    const ds = s.fake.dataset;
    const product = String(ds.objects('products')[0]!['id']);
    const customer = String(ds.objects('customers')[0]!['id']);
    ds.update('products', product, { name: 'renamed' });
    ds.update('customers', customer, { name: 'renamed' });
    ds.addEvent('product.mystery_happened', { id: product, object: 'product' });
    ds.addEvent('tax.settings.updated', { object: 'tax.settings' });
    ds.clock.advance(10);
    // deleted after the run's end (inside the lag): their delete events are not read yet
    ds.remove('products', product);
    ds.remove('customers', customer);
    const r = await run(s, state);
    expect(r.code).toBe(0);
    expect(records(r, 'products').filter((p) => p['id'] === product)).toEqual([expect.objectContaining({ id: product, _sdc_deleted_at: expect.any(String) })]);
    // a deleted customer answers Stripe's deleted stub (deleted: true) rather than 404
    expect(records(r, 'customers').filter((c) => c['id'] === customer)).toEqual([expect.objectContaining({ id: customer, _sdc_deleted_at: expect.any(String) })]);
    expect(logLines(r)).toContainEqual(expect.stringContaining('ignored 1 event(s) of type(s) the tap does not map: product.mystery_happened (1)'));
  });
});

describe('a run killed while it applies changes', () => {
  const s = shared({ customers: 150, products: 5, subscriptions: 5 });

  it('resumes from its last STATE and loses nothing', async () => {
    const { tables, first } = await firstRun(s);
    const ds = s.fake.dataset;
    for (const c of ds.objects('customers')) ds.update('customers', String(c['id']), { metadata: { tier: 'gold' } });
    addChild(ds, 'tax_ids', String(ds.objects('customers')[1]!['id']));
    ds.clock.advance(10);
    let seen = 0;
    const killed = await run(s, states(first).at(-1), {}, (m, child) => {
      if (m.type === 'RECORD' && (seen += 1) === 120) child.kill('SIGKILL');
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(records(killed, 'customers').length).toBeLessThan(150); // killed while applying the changes
    await resumeAfterKill(s, tables, killed, first);
  }, 60_000);
});

describe('a state written by the previous version', () => {
  const s = shared({ customers: 10, products: 5, subscriptions: 5 });

  it('migrates: its bookmarks stay valid and changes since its oldest bookmark are captured', async () => {
    const { tables, first } = await firstRun(s);
    const v2 = states(first).at(-1) as { bookmarks: Record<string, unknown> };
    const v1 = { version: 1, bookmarks: v2.bookmarks };
    const ds = s.fake.dataset;
    ds.update('customers', String(ds.objects('customers')[2]!['id']), { email: 'migrated@example.com' });
    ds.remove('products', String(ds.objects('products')[1]!['id']));
    ds.clock.advance(10);
    const r = await run(s, v1);
    expect(r.code).toBe(0);
    expect(logLines(r).filter((l) => l.includes('older than the 30 days'))).toEqual([]);
    applyRecords(tables, committed(r));
    expect(diff(s.fake, tables)).toEqual([]);
    expect(records(r, 'customers').length).toBeLessThan(ds.count('customers'));
  });
});

describe('a state older than 30 days, with deletions Stripe still has events for', () => {
  const s = shared({ customers: 10, products: 6, subscriptions: 4 });

  it('tombstones what was deleted in the 30 days of events Stripe still holds, while re-reading the history', async () => {
    const { tables, first } = await firstRun(s);
    const ds = s.fake.dataset;
    ds.clock.advance(40 * DAY);
    const product = String(ds.objects('products')[0]!['id']);
    ds.remove('products', product);
    const customer = String(ds.objects('customers')[0]!['id']);
    ds.remove('customers', customer);
    ds.clock.advance(10);
    const r = await run(s, states(first).at(-1));
    expect(r.code).toBe(0);
    expect(logLines(r).filter((l) => l.includes('older than the 30 days'))).toHaveLength(1);
    applyRecords(tables, committed(r));
    expect(records(r, 'products').filter((p) => p['id'] === product)).toEqual([expect.objectContaining({ _sdc_deleted_at: expect.any(String) })]);
    expect(diff(s.fake, tables).filter((d) => !d.startsWith('tax_ids'))).toEqual([]);
  });
});

describe('a target that keeps the newest version by `updated`, across a re-read past the 30 days', () => {
  const s = shared({ customers: 8, products: 4, subscriptions: 3 });

  // change capture emits a customer at its event's time; the re-read 40 days later brings a newer version
  // whose `created` is older than that event: it must still be the one the target keeps
  it('ends with the current versions, not those change capture emitted before the re-read', async () => {
    const tables = new Map<string, Table>();
    const ds = s.fake.dataset;
    // not one of a test clock's: those are read whole every run
    const customer = String(ds.objects('customers').find((c) => !c['test_clock'])!['id']);
    const first = await run(s);
    applyNewest(tables, committed(first));
    ds.update('customers', customer, { email: 'second@example.com' });
    ds.clock.advance(10);
    const second = await run(s, states(first).at(-1));
    expect(records(second, 'customers').filter((c) => c['id'] === customer)).toEqual([expect.objectContaining({ email: 'second@example.com' })]);
    applyNewest(tables, committed(second));
    ds.clock.advance(DAY);
    ds.update('customers', customer, { email: 'third@example.com' });
    ds.clock.advance(40 * DAY);
    const third = await run(s, states(second).at(-1));
    expect(third.code).toBe(0);
    applyNewest(tables, committed(third));
    expect(live(tables).get('customers')?.get(JSON.stringify([customer]))).toMatchObject({ email: 'third@example.com' });
    expect(diff(s.fake, live(tables))).toEqual([]);
  });
});

describe('a target that keeps the newest version by `updated`, after a re-read killed half way', () => {
  const s = shared({ customers: 8, products: 4, subscriptions: 3 });

  // the killed re-read moved the events cursor past the customer's last change, its history had not reached it
  it('still takes what the resumed re-read reads as the newest version', async () => {
    const tables = new Map<string, Table>();
    const ds = s.fake.dataset;
    const object = ds.objects('customers').find((c) => !c['test_clock'])!;
    const customer = String(object['id']);
    const first = await run(s);
    applyNewest(tables, committed(first));
    ds.update('customers', customer, { email: 'second@example.com' });
    ds.clock.advance(10);
    const second = await run(s, states(first).at(-1));
    applyNewest(tables, committed(second));
    ds.update('customers', customer, { email: 'third@example.com' });
    ds.clock.advance(10);
    const last = states(second).at(-1)!;
    const bookmarks = last['bookmarks'] as Record<string, { created: string }>;
    const killed = {
      ...last, events: { created: new Date(ds.clock.nowSeconds() * 1000).toISOString() },
      bookmarks: { ...bookmarks, customers: { created: new Date(Number(object['created']) * 1000).toISOString(), synced: bookmarks['customers']!.created } },
    };
    const resumed = await run(s, killed);
    expect(resumed.code).toBe(0);
    applyNewest(tables, committed(resumed));
    expect(live(tables).get('customers')?.get(JSON.stringify([customer]))).toMatchObject({ email: 'third@example.com' });
  });
});

describe("a test clock's customer created in the clock's future, then deleted", () => {
  const s = shared({ customers: 10 });

  // its `created` follows the frozen clock, ahead of now: as `updated` it would outrank the tombstone
  it('is read with the run\'s end as updated, so that its tombstone is the newest version', async () => {
    const tables = new Map<string, Table>();
    const ds = s.fake.dataset;
    const first = await run(s);
    applyNewest(tables, committed(first));
    const future = ds.objects('customers').filter((c) => typeof c['test_clock'] === 'string')
      .sort((a, b) => Number(b['created']) - Number(a['created']))[0]!;
    expect(Number(future['created'])).toBeGreaterThan(ds.clock.nowSeconds());
    const id = String(future['id']);
    const read = records(first, 'customers').find((c) => c['id'] === id)!;
    expect(Date.parse(String(read['updated'])) / 1000).toBeLessThanOrEqual(ds.clock.nowSeconds());
    ds.remove('customers', id);
    ds.clock.advance(10);
    const second = await run(s, states(first).at(-1));
    applyNewest(tables, committed(second));
    expect(live(tables).get('customers')?.has(JSON.stringify([id]))).toBe(false);
  });
});

describe('a re-read past the 30 days, killed before it finished', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup({ customers: 10, products: 6, subscriptions: 4 });
  });
  afterEach(() => s.fake.close());

  // the first STATE follows the read of the events, the second the changes
  it.each([1, 2])('still tombstones, when resumed after STATE %i, what Stripe deleted before and after', async (at) => {
    let seen = 0;
    const { tables, first } = await firstRun(s);
    const ds = s.fake.dataset;
    ds.clock.advance(40 * DAY);
    const product = String(ds.objects('products')[0]!['id']);
    ds.remove('products', product);
    ds.clock.advance(10);
    const killed = await run(s, states(first).at(-1), {}, (m, child) => {
      if (m.type === 'STATE' && (seen += 1) === at) child.kill('SIGKILL');
    });
    expect(killed.signal).toBe('SIGKILL');
    await resumeAfterKill(s, tables, killed, first);
  });
});

describe('a review opened on an older charge and closed between two runs', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup({ customers: 4, charges: 10, reviews: 4 });
    s.catalog = catalogFile(['reviews']);
  });
  afterAll(() => s.fake.close());

  it('reaches the warehouse, although the reviews list shows only open ones and its charge is not read again', async () => {
    const { tables, first } = await firstRun(s);
    const ds = s.fake.dataset;
    ds.clock.advance(60);
    const charge = String(ds.objects('charges').find((c) => c['review'] === null)!['id']);
    const review = ds.createNow('reviews', undefined, {
      event: 'review.opened', fields: { charge, payment_intent: null, open: true, closed_reason: null, reason: 'rule' },
    });
    ds.update('charges', charge, { review: review['id'] }, { event: false });
    ds.update('reviews', String(review['id']), { open: false, closed_reason: 'approved', reason: 'approved' }, { event: 'review.closed' });
    ds.clock.advance(10);
    const second = await run(s, states(first).at(-1));
    expect(second.code).toBe(0);
    applyRecords(tables, committed(second));
    expect(tableDiff(tables.get('reviews'), truthTable(ds, 'reviews'))).toEqual([]);
  });
});

describe('a change that fails, after an earlier change of the same object removed a child', () => {
  const s = shared({ customers: 6, products: 4, subscriptions: 4 });

  it('is applied whole by the next run: the removed child still becomes a tombstone', async () => {
    const { tables, first } = await firstRun(s);
    const ds = s.fake.dataset;
    s.fake.setOptions({ eventApiVersion: '2023-10-16' }); // every changed object is read again
    const sub = ds.objects('subscriptions').find((o) => o['status'] !== 'canceled' && ds.children('subscription_items', String(o['id'])).length > 0)!;
    const id = String(sub['id']);
    ds.remove('subscription_items', String(ds.children('subscription_items', id)[0]!['id']), { parent: id });
    ds.clock.advance(5);
    ds.update('subscriptions', id, { metadata: { rev: '2' } });
    ds.clock.advance(10);
    s.fake.setOptions({ failures: { status: 400, paths: [`/v1/subscriptions/${id}`] } });
    const failed = await run(s, states(first).at(-1));
    expect(failed.code).toBe(1);
    applyRecords(tables, committed(failed));
    s.fake.setOptions({ failures: { times: 0 } });
    const next = await run(s, states(failed).at(-1));
    expect(next.code).toBe(0);
    applyRecords(tables, committed(next));
    expect(diff(s.fake, tables)).toEqual([]);
  });
});

describe('a stream whose changed objects the key may not read again', () => {
  const s = shared({ customers: 8, products: 4, subscriptions: 3 });

  it('is read again from its start, and what Stripe deletes meanwhile still becomes a tombstone', async () => {
    const { tables, first } = await firstRun(s);
    const ds = s.fake.dataset;
    const owners = ds.objects('customers').filter((c) => ds.children('tax_ids', String(c['id'])).length > 0);
    const [a, b] = [owners[0]!, owners[1] ?? owners[0]!].map((c) => String(c['id']));
    s.fake.setOptions({ eventApiVersion: '2023-10-16', restrictedPaths: ['/v1/customers/{id}/tax_ids'] });
    ds.update('tax_ids', String(ds.children('tax_ids', a!)[0]!['id']), { metadata: { rev: '2' } }, { parent: a! });
    ds.clock.advance(10);
    const refused = await run(s, states(first).at(-1));
    expect(refused.stderr).toMatch(/tax_ids: its changes cannot be read/);
    // back to the start, knowing that everything up to this run may be in the warehouse
    const mark = (states(refused).at(-1)!['bookmarks'] as Record<string, { created: string; synced?: string }>)['tax_ids']!;
    expect(mark.created).toBe('1970-01-01T00:00:00Z');
    expect(Math.abs(Date.parse(mark.synced!) / 1000 - ds.clock.nowSeconds())).toBeLessThan(60);
    applyRecords(tables, committed(refused));
    ds.remove('tax_ids', String(ds.children('tax_ids', b!).at(-1)!['id']), { parent: b! });
    ds.clock.advance(10);
    const next = await run(s, states(refused).at(-1));
    applyRecords(tables, committed(next));
    expect(diff(s.fake, tables)).toEqual([]);
  });
});

describe('a key that may not read the events', () => {
  const s = shared({ customers: 6, products: 3, subscriptions: 3 });

  it('says whose changes the run could not capture, and leaves the events cursor where it was', async () => {
    const { first } = await firstRun(s);
    s.fake.setOptions({ restrictedPaths: ['/v1/events'] });
    s.fake.dataset.clock.advance(10);
    const r = await run(s, states(first).at(-1));
    s.fake.setOptions({ restrictedPaths: [] });
    expect(logLines(r)).toContainEqual(expect.stringMatching(/^WARNING \(change capture\): skipped: GET \/v1\/events: permission denied \(403\).*rak_event_read/));
    expect(logLines(r)).toContainEqual(expect.stringMatching(/^WARNING change capture: the changes of customers, products, subscription_items, subscriptions, tax_ids since .+ are not all read in this run/));
    expect(states(r).at(-1)!['events']).toEqual(states(first).at(-1)!['events']);
  });
});

describe("a local clock ahead of Stripe's, when the key may not read the account", () => {
  let s: Setup;
  beforeAll(async () => {
    // Stripe's clock (the Date header) an hour behind the machine the tap runs on
    const fake = await startFakeStripe({
      seed: 12, scale: 0.02, counts: { customers: 8, products: 4, subscriptions: 3 }, eventDelaySeconds: 2,
      now: Date.now() - 3600_000, restrictedPaths: ['/v1/account'],
    });
    const config = (extra: Record<string, unknown> = {}): string => jsonFile({
      api_key: fake.apiKey, api_base: fake.url, lag_seconds: 5, lookback_window: 0, max_requests_per_second: 100,
      max_concurrency: 4, window_days: 365, ...extra,
    }, 'config');
    s = { fake, config, catalog: catalogFile(STREAMS) };
  });
  afterAll(() => s.fake.close());

  it("ends windows by Stripe's time, so that the next run still reads what changed", async () => {
    const tables = new Map<string, Table>();
    const first = await run(s);
    expect(first.code).toBe(0);
    applyRecords(tables, committed(first));
    const ds = s.fake.dataset;
    const customer = ds.objects('customers').find((c) => typeof c['test_clock'] !== 'string')!;
    ds.update('customers', String(customer['id']), { email: 'changed@example.com' });
    ds.clock.advance(10);
    const second = await run(s, states(first).at(-1));
    expect(second.code).toBe(0);
    applyRecords(tables, committed(second));
    expect(diff(s.fake, tables)).toEqual([]);
  });
});
