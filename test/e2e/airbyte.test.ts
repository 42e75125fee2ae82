/**
 * Airbyte mode through the built CLI against the fake Stripe API: spec, check, discover and read, every stdout
 * line validated as an AirbyteMessage (test/airbyte-protocol.schema.json), nothing on stderr.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_VERSION } from '../../src/engine/state';
import type { FakeStripe } from '../../src/fake';
import { PACKAGE_ROOT } from '../../src/paths';
import {
  airbyteRecords, airbyteStates, configuredCatalog, logs, ofType, runAirbyte, statuses, type StateMessage,
} from './airbyte';
import { fakeAccount } from './fake';
import { jsonFile } from './tap';

let fake: FakeStripe;
let config: string;
let fakeKey: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ scale: 0.2 }));
  fakeKey = fake.apiKey;
});
afterEach(() => fake.setOptions({ restrictedPaths: [], failures: undefined, apiKey: fakeKey }));
afterAll(() => fake.close());

const one = <T>(list: T[]): T => {
  expect(list).toHaveLength(1);
  return list[0]!;
};
const ids = (rows: Record<string, unknown>[]) => rows.map((r) => String(r['id'])).sort();
const errors = (run: Awaited<ReturnType<typeof runAirbyte>>) =>
  ofType(run, 'TRACE').map((m) => m['trace'] as { type: string; error?: { message: string; failure_type: string; stream_descriptor?: { name: string } } })
    .filter((t) => t.type === 'ERROR').map((t) => t.error!);

describe('spec', () => {
  it('is generated from schemas/config.json: titles, descriptions, order, the key secret', async () => {
    const run = await runAirbyte(['spec']);
    expect(run.code).toBe(0);
    const spec = one(ofType(run, 'SPEC'))['spec'] as { connectionSpecification: { properties: Record<string, Record<string, unknown>> } };
    expect(spec.connectionSpecification).toEqual(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'config.json'), 'utf8')));
    const properties = Object.entries(spec.connectionSpecification.properties);
    for (const [name, p] of properties) {
      expect({ name, title: typeof p['title'], description: typeof p['description'], order: typeof p['order'] })
        .toEqual({ name, title: 'string', description: 'string', order: 'number' });
    }
    expect(new Set(properties.map(([, p]) => p['order'])).size).toBe(properties.length);
    expect(spec.connectionSpecification.properties['api_key']!['airbyte_secret']).toBe(true);
  });
});

describe('check', () => {
  it('SUCCEEDED for a working key', async () => {
    const run = await runAirbyte(['check', '--config', config]);
    expect(run.code).toBe(0);
    const status = one(ofType(run, 'CONNECTION_STATUS'))['connectionStatus'];
    expect(status).toEqual({ status: 'SUCCEEDED', message: expect.stringContaining('connection OK') });
  });

  it('FAILED, saying what to fix, for a rejected key or a bad setting (exit 0: the check ran)', async () => {
    const wrong = await runAirbyte(['check', '--config', config], { env: { TAP_STRIPE_API_KEY: 'sk_test_wrong_0123456789' } });
    expect(wrong.code).toBe(0);
    expect(one(ofType(wrong, 'CONNECTION_STATUS'))['connectionStatus']).toEqual({ status: 'FAILED', message: expect.stringContaining('check api_key') });
    expect(wrong.stdout).not.toContain('sk_test_wrong_0123456789');
    const bad = await runAirbyte(['check', '--config', jsonFile({ api_key: 'sk_test_x', lookback_window: -5 })]);
    expect(one(ofType(bad, 'CONNECTION_STATUS'))['connectionStatus']).toEqual({ status: 'FAILED', message: expect.stringContaining('lookback_window must be >= 0') });
  });

  it('for a restricted key, names the streams it cannot read and the permission each needs', async () => {
    const key = 'rk_test_restricted_0123456789';
    fake.setOptions({ apiKey: key, restrictedPaths: ['/v1/customers', '/v1/setup_attempts'] });
    const run = await runAirbyte(['check', '--config', config], { env: { TAP_STRIPE_API_KEY: key } });
    const status = one(ofType(run, 'CONNECTION_STATUS'))['connectionStatus'] as { status: string; message: string };
    expect(status.status).toBe('SUCCEEDED');
    expect(status.message).toMatch(/reads \d+ of \d+ streams/);
    expect(status.message).toContain('customers (needs rak_customer_read)');
    expect(status.message).toContain('payment_methods (needs rak_customer_read'); // a child, through its parent
    expect(status.message).toContain('setup_attempts (needs rak_setup_attempt_read'); // a child with an endpoint of its own
    expect(status.message).not.toMatch(/[( ]charges \(needs/);
    expect(status.message).toMatch(/it can read [a-z_, ]*\bcharges\b/);
    expect(status.message).toContain('not used on this account: ');
  });
});

describe('discover', () => {
  it('prints a CATALOG whose streams say their sync modes, cursor, key and resumability', async () => {
    const run = await runAirbyte(['discover', '--config', config]);
    expect(run.code).toBe(0);
    const streams = (one(ofType(run, 'CATALOG'))['catalog'] as { streams: Record<string, unknown>[] }).streams;
    expect(streams.length).toBeGreaterThanOrEqual(60);
    const byName = new Map(streams.map((s) => [s['name'] as string, s]));
    expect(byName.get('charges')).toMatchObject({
      supported_sync_modes: ['full_refresh', 'incremental'], source_defined_cursor: true, default_cursor_field: ['updated'],
      source_defined_primary_key: [['id']], is_resumable: true,
    });
    expect(byName.get('invoice_items')).toMatchObject({ default_cursor_field: ['updated'] });
    expect(byName.get('invoice_lines')).toMatchObject({
      supported_sync_modes: ['full_refresh', 'incremental'], source_defined_primary_key: [['invoice'], ['id']], is_resumable: true, default_cursor_field: ['updated'],
    });
    expect(byName.get('tax_codes')).toMatchObject({ supported_sync_modes: ['full_refresh'], source_defined_cursor: false, is_resumable: false });
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    for (const s of streams) expect(() => ajv.compile(s['json_schema'] as object)).not.toThrow();
  });
});

describe('read', () => {
  const streams = { charges: {}, invoices: {}, invoice_lines: {}, tax_codes: {} };

  it('incremental twice: the second read, from the first one\'s state, emits only what is new', async () => {
    const catalog = configuredCatalog(streams);
    const first = await runAirbyte(['read', '--config', config, '--catalog', catalog]);
    expect(first.code).toBe(0);
    for (const s of Object.keys(streams)) expect({ s, n: airbyteRecords(first, s).length }).toEqual({ s, n: fake.dataset.count(s) });
    for (const m of ofType(first, 'RECORD')) expect((m['record'] as { emitted_at: number }).emitted_at).toBeGreaterThan(Date.now() - 600_000);
    for (const s of Object.keys(streams)) expect({ s, statuses: statuses(first).get(s) }).toEqual({ s, statuses: ['STARTED', 'RUNNING', 'COMPLETE'] });
    const states = airbyteStates(first);
    expect(states.every((s) => s.type === 'GLOBAL')).toBe(true);
    const last = states.at(-1)!;
    // the events cursor of change capture is shared by all streams
    expect(last.global.shared_state).toEqual({ version: STATE_VERSION, events: { created: expect.any(String) } });
    // the full-table stream has no state; the others carry their bookmark
    expect(last.global.stream_states.map((s) => s.stream_descriptor.name)).toEqual(['charges', 'invoices', 'invoice_lines']);
    for (const s of last.global.stream_states) expect(Date.now() - Date.parse(String(s.stream_state['created']))).toBeLessThan(600_000);
    // recordCount: the records since the previous STATE
    const lastAt = first.messages.lastIndexOf(first.messages.filter((m) => m.type === 'STATE').at(-1)!);
    const counted = states.reduce((n, s) => n + s.sourceStats.recordCount, 0);
    expect(counted).toBe(first.messages.slice(0, lastAt).filter((m) => m.type === 'RECORD').length);
    expect(logs(first)).toContainEqual(expect.stringMatching(/^INFO charges: completed: \d+ records in \d+\.\d+s$/));
    expect(logs(first)).toContainEqual(expect.stringMatching(/^INFO total +\d+ +\d+\.\d+s +\d+ requests, 0 retries$/));
    expect(first.stdout).not.toContain(fake.apiKey);
    // per-request METRIC lines are DEBUG: not sent at the default level
    expect(logs(first).filter((l) => l.includes('METRIC'))).toEqual([]);

    await new Promise((r) => setTimeout(r, 1100)); // new objects must fall before the next run's end (now)
    const charge = fake.dataset.createNow('charges', Math.floor(Date.now() / 1000) - 1);
    // exactly what Airbyte passes back: an array of the state messages
    const second = await runAirbyte(['read', '--config', config, '--catalog', catalog, '--state', jsonFile([last])]);
    expect(second.code).toBe(0);
    expect(ids(airbyteRecords(second, 'charges'))).toEqual([String(charge['id'])]);
    expect(airbyteRecords(second, 'invoices')).toHaveLength(0);
    expect(airbyteRecords(second, 'invoice_lines')).toHaveLength(0);
    expect(airbyteRecords(second, 'tax_codes')).toHaveLength(fake.dataset.count('tax_codes'));
    const next = airbyteStates(second).at(-1)!.global.stream_states.find((s) => s.stream_descriptor.name === 'charges')!;
    expect(Date.parse(String(next.stream_state['created'])) / 1000).toBeGreaterThan(Number(charge['created']));
  }, 60_000);

  it('sends the per-request METRIC lines as DEBUG LOG messages at --log-level debug', async () => {
    const run = await runAirbyte(['read', '--config', config, '--catalog', configuredCatalog({ tax_codes: {} }), '--log-level', 'debug']);
    expect(run.code).toBe(0);
    expect(logs(run)).toContainEqual(expect.stringMatching(/^DEBUG METRIC: \{"type":"timer","metric":"http_request_duration"/));
  }, 60_000);

  it('full_refresh twice gives the same records, whatever the state says, and keeps no state for them', async () => {
    const catalog = configuredCatalog({ charges: { mode: 'full_refresh' }, invoices: {} });
    const first = await runAirbyte(['read', '--config', config, '--catalog', catalog]);
    const last = airbyteStates(first).at(-1)!;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    last.global.stream_states.push({ stream_descriptor: { name: 'charges' }, stream_state: { created: now } });
    const state = jsonFile([last]);
    const second = await runAirbyte(['read', '--config', config, '--catalog', catalog, '--state', state]);
    expect(second.code).toBe(0);
    const sorted = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
    expect(airbyteRecords(first, 'charges')).toHaveLength(fake.dataset.count('charges'));
    expect(sorted(airbyteRecords(second, 'charges'))).toEqual(sorted(airbyteRecords(first, 'charges')));
    for (const s of airbyteStates(second)) expect(s.global.stream_states.map((x) => x.stream_descriptor.name)).toEqual(['invoices']);
  }, 60_000);

  it('sends only the selected fields (keys and cursor always), and per-stream STATE messages are accepted back', async () => {
    const catalog = configuredCatalog({ charges: { fields: ['amount', 'currency'] } });
    const created = fake.dataset.objects('charges').map((c) => Number(c['created']));
    const newest = Math.max(...created);
    const bookmark = new Date((newest - 1) * 1000).toISOString();
    const state = jsonFile([{ type: 'STREAM', stream: { stream_descriptor: { name: 'charges' }, stream_state: { created: bookmark.replace(/\.\d+Z$/, 'Z') } } }]);
    const run = await runAirbyte(['read', '--config', config, '--catalog', catalog, '--state', state]);
    expect(run.code).toBe(0);
    // per-stream states carry no events cursor: it starts at the bookmark, which is recent enough
    const rows = airbyteRecords(run, 'charges');
    expect(rows.length).toBe(created.filter((c) => c >= newest - 1).length);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['amount', 'created', 'currency', 'id', 'updated']);
  });

  it('carries a deletion as _ab_cdc_deleted_at, whatever fields are selected', async () => {
    const catalog = configuredCatalog({ products: { fields: ['name'] } });
    const first = await runAirbyte(['read', '--config', config, '--catalog', catalog]);
    const product = String(fake.dataset.objects('products')[0]!['id']);
    fake.dataset.remove('products', product);
    fake.dataset.clock.advance(2);
    const second = await runAirbyte(['read', '--config', config, '--catalog', catalog, '--state', jsonFile([airbyteStates(first).at(-1)])]);
    expect(second.code).toBe(0);
    const rows = airbyteRecords(second, 'products').filter((r) => r['id'] === product);
    expect(rows).toEqual([expect.objectContaining({ id: product, updated: expect.any(String), _ab_cdc_deleted_at: expect.any(String) })]);
    expect(rows[0]).not.toHaveProperty('_sdc_deleted_at');
  });

  it('a full_refresh stream gets no tombstones: the sync replaces its table, where one would be a row', async () => {
    const catalog = configuredCatalog({ webhook_endpoints: {}, charges: {} });
    const first = await runAirbyte(['read', '--config', config, '--catalog', catalog]);
    const endpoint = String(fake.dataset.objects('webhook_endpoints')[0]!['id']);
    fake.dataset.remove('webhook_endpoints', endpoint);
    fake.dataset.clock.advance(2);
    const second = await runAirbyte(['read', '--config', config, '--catalog', catalog, '--state', jsonFile([airbyteStates(first).at(-1)])]);
    expect(second.code).toBe(0);
    expect(ids(airbyteRecords(second, 'webhook_endpoints'))).toEqual(ids(fake.dataset.objects('webhook_endpoints')));
  });

  it('a state for a stream it does not have: its bookmark is not used, with a warning', async () => {
    const catalog = configuredCatalog({ charges: {}, customers: {} });
    const state: StateMessage = {
      type: 'GLOBAL',
      global: {
        shared_state: { version: STATE_VERSION, events: { created: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } },
        stream_states: [
          { stream_descriptor: { name: 'no_such_stream' }, stream_state: { created: '2024-01-01T00:00:00Z' } },
        ],
      },
      sourceStats: { recordCount: 0 },
    };
    const run = await runAirbyte(['read', '--config', config, '--catalog', catalog, '--state', jsonFile([state])]);
    expect(run.code).toBe(0);
    expect(airbyteRecords(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
    expect(airbyteRecords(run, 'customers')).toHaveLength(fake.dataset.count('customers'));
    expect(logs(run)).toContainEqual(expect.stringMatching(/^WARN state: "no_such_stream" is not a tap-stripe stream/));
    expect(statuses(run).get('charges')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
  });

  it('a state of a future version is a config error, not a crash: TRACE ERROR, exit 1, no records', async () => {
    const state = jsonFile([{ type: 'GLOBAL', global: { shared_state: { version: 99 }, stream_states: [] } }]);
    const run = await runAirbyte(['read', '--config', config, '--catalog', configuredCatalog({ charges: {} }), '--state', state]);
    expect(run.code).toBe(1);
    expect(ofType(run, 'RECORD')).toHaveLength(0);
    expect(one(errors(run))).toEqual({ message: expect.stringContaining('state version 99 is not supported'), failure_type: 'config_error', internal_message: expect.any(String) });
  });

  it.each([
    ['a setting out of range', () => ['read', '--config', jsonFile({ api_key: 'sk_test_x', lookback_window: -5 }), '--catalog', configuredCatalog({ charges: {} })], 'lookback_window must be >= 0'],
    ['no catalog', () => ['read', '--config', config], 'read needs --catalog FILE'],
    ['a stream the tap does not have', () => ['read', '--config', config, '--catalog', jsonFile({ streams: [{ stream: { name: 'payments', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] })], '"payments" is not a tap-stripe stream'],
    ['incremental for a full-table stream', () => ['read', '--config', config, '--catalog', configuredCatalog({ tax_codes: { mode: 'incremental' } })], 'sync_mode "incremental" is not supported'],
    ['an unknown flag', () => ['read', '--frobnicate'], 'usage error: Unknown argument: frobnicate'],
    ['a command Airbyte does not have', () => ['sync', '--config', config], 'usage error: unknown command "sync" (commands: spec, check, discover, read'],
    ['no command at all', () => ['--config', config], 'Airbyte mode needs a command: spec, check, discover or read'],
  ])('a config error (%s) is a TRACE ERROR config_error and exit 1 (Singer mode exits 2)', async (_name, args, text) => {
    const before = fake.stats.total;
    const run = await runAirbyte(args());
    expect(run.code).toBe(1);
    expect(one(errors(run))).toMatchObject({ message: expect.stringContaining(text), failure_type: 'config_error' });
    expect(fake.stats.total).toBe(before);
  });

  it('a stream that keeps failing: TRACE ERROR transient_error naming it, INCOMPLETE, the others COMPLETE, exit 1', async () => {
    fake.setOptions({ failures: { every: 1, status: 500, paths: ['/v1/charges'] } });
    const run = await runAirbyte(['read', '--config', config, '--catalog', configuredCatalog({ charges: {}, customers: {} })], { env: { TAP_STRIPE_MAX_RETRIES: '1' } });
    expect(run.code).toBe(1);
    expect(one(errors(run))).toMatchObject({ failure_type: 'transient_error', stream_descriptor: { name: 'charges' }, message: expect.stringContaining('HTTP 500') });
    expect(statuses(run).get('charges')).toEqual(['STARTED', 'RUNNING', 'INCOMPLETE']);
    expect(statuses(run).get('customers')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
    expect(airbyteStates(run).at(-1)!.global.stream_states.find((s) => s.stream_descriptor.name === 'charges')!.stream_state).toEqual({});
  }, 30_000);

  it('a stream the key may not read ends INCOMPLETE with a warning; the run succeeds', async () => {
    fake.setOptions({ restrictedPaths: ['/v1/customers'] });
    const run = await runAirbyte(['read', '--config', config, '--catalog', configuredCatalog({ charges: {}, customers: {} })]);
    expect(run.code).toBe(0);
    expect(logs(run)).toContainEqual(expect.stringMatching(/^WARN customers: skipped: .*rak_customer_read/));
    expect(statuses(run).get('customers')).toEqual(['STARTED', 'RUNNING', 'INCOMPLETE']);
    expect(statuses(run).get('charges')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
  });
});
