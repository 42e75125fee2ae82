/**
 * A full sync of every stream from the fake Stripe API through the built CLI, then an incremental one from
 * its final state. Expectations come from the fake's dataset, never from an earlier run.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FakeStripe } from '../../src/fake';
import type { ChargesRecord, InvoicesRecord } from '../../src/generated/records';
import { STREAMS } from '../../src/streams';
import { fakeAccount } from './fake';
import { jsonFile, logLines, records, runTap, states, type TapRun } from './tap';

let fake: FakeStripe;
let config: string;
let full: TapRun;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount());
  full = await runTap(['--config', config]);
}, 120_000);
afterAll(() => fake.close());

const keyOf = (record: Record<string, unknown>, keys: string[]): string => JSON.stringify(keys.map((k) => record[k]));

describe('a full sync of every stream', () => {
  it('exits 0 and prints only protocol messages on stdout', () => {
    expect(full.code).toBe(0);
    expect(full.messages.every((m) => ['SCHEMA', 'RECORD', 'STATE'].includes(m.type))).toBe(true);
  });

  it('announces each stream with SCHEMA before any of its records', () => {
    const announced = new Set<string>();
    for (const m of full.messages) {
      if (m.type === 'SCHEMA') announced.add(m.stream!);
      if (m.type === 'RECORD') expect(announced.has(m.stream!)).toBe(true);
    }
    expect(announced.size).toBe(STREAMS.length);
  });

  it('emits every object of the account exactly once (children paged to the end)', () => {
    for (const def of STREAMS) {
      if (def.legacy || def.kind === 'top' && def.replication === 'snapshot') continue;
      const got = records(full, def.name);
      const keys = new Set(got.map((r) => keyOf(r, def.keyProperties)));
      expect({ stream: def.name, unique: keys.size }).toEqual({ stream: def.name, unique: got.length });
      expect({ stream: def.name, count: got.length }).toEqual({ stream: def.name, count: fake.dataset.count(def.name) });
      if (def.keyProperties.length === 1 && def.keyProperties[0] === 'id') {
        const expected = fake.dataset.objects(def.name).map((o) => o['id']).sort();
        expect(got.map((r) => r['id']).sort()).toEqual(expected);
      }
    }
  });

  it('gives every child record the id of an emitted parent', () => {
    for (const def of STREAMS) {
      if (def.kind !== 'child' || def.legacy) continue;
      const parents = new Set(records(full, def.parent).map((r) => r['id']));
      const orphans = records(full, def.name).filter((r) => !parents.has(r[def.parentKey]));
      expect({ stream: def.name, orphans: orphans.length }).toEqual({ stream: def.name, orphans: 0 });
    }
  });

  it('pages an invoice with 250 lines to all 250', () => {
    const byInvoice = new Map<unknown, number>();
    for (const line of records(full, 'invoice_lines')) byInvoice.set(line['invoice'], (byInvoice.get(line['invoice']) ?? 0) + 1);
    expect(Math.max(...byInvoice.values())).toBe(250);
  });

  it('emits records that validate against their SCHEMA message, keys non-null', () => {
    const ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    const validators = new Map(full.messages.filter((m) => m.type === 'SCHEMA').map((m) => [m.stream!, ajv.compile(m.schema!)]));
    const keys = new Map(full.messages.filter((m) => m.type === 'SCHEMA').map((m) => [m.stream!, m.key_properties!]));
    let checked = 0;
    for (const m of full.messages) {
      if (m.type !== 'RECORD') continue;
      const validate = validators.get(m.stream!)!;
      if (!validate(m.record)) throw new Error(`${m.stream} record ${JSON.stringify(m.record).slice(0, 120)}: ${ajv.errorsText(validate.errors)}`);
      for (const k of keys.get(m.stream!)!) expect(m.record![k]).not.toBeNull();
      expect(Number.isNaN(Date.parse(m.time_extracted!))).toBe(false);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('writes timestamps as RFC3339 and keeps ids for expandable fields (records typed from the schemas)', () => {
    const charge = records(full, 'charges')[0] as ChargesRecord;
    expect(charge.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const invoices = records(full, 'invoices') as InvoicesRecord[];
    const invoice = invoices.find((r) => (r.discounts ?? []).length > 0)!;
    for (const d of invoice.discounts ?? []) expect(typeof d).toBe('string');
  });

  it('emits one balance snapshot stamped with the sync time', () => {
    const [snapshot, ...more] = records(full, 'balance_snapshot');
    expect(more).toHaveLength(0);
    expect(Date.now() - Date.parse(String(snapshot!['synced_at']))).toBeLessThan(300_000);
  });

  it('ends each legacy stream with one warning naming the replacement, and goes on', () => {
    const warnings = logLines(full).filter((l) => l.startsWith('WARNING') && l.includes('legacy'));
    expect(warnings).toHaveLength(3);
    expect(warnings.find((w) => w.includes('orders, order_items'))).toContain('use checkout_sessions');
    expect(warnings.find((w) => w.includes('skus'))).toContain('use prices and products');
  });

  it('sends only GET requests and never prints the key', () => {
    expect(fake.stats.nonGet).toBe(0);
    expect(full.stdout).not.toContain(fake.apiKey);
    expect(full.stderr).not.toContain(fake.apiKey);
  });

  it('logs Singer metrics and progress on stderr', () => {
    expect(full.stderr).toMatch(/METRIC: \{"type":"counter","metric":"record_count","value":\d+,"tags":\{"endpoint":"charges"\}\}/);
    expect(full.stderr).toMatch(/METRIC: \{"type":"timer","metric":"http_request_duration"/);
    expect(full.stderr).toMatch(/charges: synced through \d{4}-/);
  });

  it('ends with a versioned state bookmarking every created-window stream near now, and the events cursor', () => {
    const last = states(full).at(-1) as { version: number; bookmarks: Record<string, { created: string }>; events: { created: string } };
    expect(last.version).toBe(2);
    expect(Date.now() - Date.parse(last.events.created)).toBeLessThan(600_000);
    for (const def of STREAMS) {
      const root = def.kind === 'top' ? def : STREAMS.find((s) => s.name === def.parent)!;
      const incremental = root.kind === 'top' && root.replication === 'created' && !root.legacy;
      if (!incremental) continue;
      expect({ stream: def.name, bookmarked: Date.now() - Date.parse(last.bookmarks[def.name]?.created ?? '1970-01-01') < 600_000 })
        .toEqual({ stream: def.name, bookmarked: true });
    }
  });

  it('a second run from that state emits only what was created since (full-table streams again)', async () => {
    const state = jsonFile(states(full).at(-1), 'state');
    await new Promise((r) => setTimeout(r, 1100)); // new objects must fall before the next run's end (now)
    const charge = fake.dataset.createNow('charges', Math.floor(Date.now() / 1000) - 1);
    const customer = fake.dataset.createNow('customers', Math.floor(Date.now() / 1000) - 1);
    const next = await runTap(['--config', config, '--state', state]);
    expect(next.code).toBe(0);
    expect(records(next, 'charges').map((r) => r['id'])).toEqual([charge['id']]);
    // customers attached to test clocks are read whole every run (their created follows the clock)
    const onClocks = fake.dataset.objects('customers').filter((c) => c['test_clock']).map((c) => c['id']);
    expect(records(next, 'customers').map((r) => r['id']).filter((id) => !onClocks.includes(id))).toEqual([customer['id']]);
    expect(records(next, 'invoices')).toHaveLength(0);
    expect(records(next, 'invoice_lines')).toHaveLength(0);
    expect(records(next, 'quotes')).toHaveLength(fake.dataset.count('quotes'));
    const bookmarks = (states(next).at(-1) as { bookmarks: Record<string, { created: string }> }).bookmarks;
    expect(Date.parse(bookmarks['charges']!.created) / 1000).toBeGreaterThan(Number(charge['created']));
  }, 60_000);
});
