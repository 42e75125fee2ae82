/** discover, --about, --version and check through the built CLI. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeStripe } from '../../src/fake';
import { PACKAGE_ROOT } from '../../src/paths';
import { catalogFile, fakeAccount } from './fake';
import { jsonFile, records, runTap } from './tap';

const SEED_TABLES = [
  'balance_history', 'balance_history_fees', 'balance_snapshot', 'charges', 'coupons', 'customers', 'customer_sources',
  'disputes', 'disputes_fees', 'events', 'file_uploads', 'invoice_discounts', 'invoice_items', 'invoice_lines', 'invoices',
  'order_items', 'orders', 'plans', 'products', 'refunds', 'return_order_items', 'returns', 'skus', 'subscription_discounts',
  'subscription_items', 'subscriptions', 'tiers', 'transfer_reversals', 'transfers',
];

interface CatalogStream {
  tap_stream_id: string;
  schema: Record<string, unknown> & { properties: Record<string, unknown> };
  key_properties: string[];
  replication_key?: string;
  metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[];
}

describe('discover', () => {
  it('works offline with no config and prints a valid Singer catalog', async () => {
    const run = await runTap(['--discover']);
    expect(run.code).toBe(0);
    expect(run.messages).toHaveLength(1);
    const streams = (run.messages[0] as unknown as { streams: CatalogStream[] }).streams;
    expect(streams.length).toBeGreaterThanOrEqual(60);
    expect(streams.map((s) => s.tap_stream_id)).toEqual(expect.arrayContaining(SEED_TABLES));
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    for (const s of streams) {
      expect(() => ajv.compile(s.schema)).not.toThrow();
      for (const key of [...s.key_properties, ...(s.replication_key ? [s.replication_key] : [])]) expect(s.schema.properties[key]).toBeDefined();
      const top = s.metadata.filter((m) => m.breadcrumb.length === 0);
      expect(top).toHaveLength(1);
      expect(top[0]!.metadata['table-key-properties']).toEqual(s.key_properties);
      expect(s.metadata.filter((m) => m.breadcrumb[0] === 'properties')).toHaveLength(Object.keys(s.schema.properties).length);
    }
  });

  it('the discover subcommand prints the same catalog', async () => {
    const [a, b] = await Promise.all([runTap(['--discover']), runTap(['discover'])]);
    expect(b.stdout).toBe(a.stdout);
  });
});

describe('--about and --version', () => {
  it('describe the tap for Meltano', async () => {
    const run = await runTap(['--about', '--format', 'json'], { raw: true });
    const about = JSON.parse(run.stdout) as { name: string; version: string; capabilities: string[]; settings: { type: string; required: string[]; properties: Record<string, unknown> } };
    expect(Object.keys(about)).toEqual(['name', 'description', 'version', 'sdk_version', 'supported_python_versions', 'capabilities', 'settings']);
    expect(about.name).toBe('tap-stripe');
    expect(about.capabilities).toEqual(expect.arrayContaining(['about', 'catalog', 'discover', 'state']));
    // the Singer SDK's shape: settings is the config JSON Schema
    expect(about.settings).toEqual(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'config.json'), 'utf8')));
    expect(about.settings.required).toEqual(['api_key']);
    const markdown = await runTap(['--about', '--format', 'markdown'], { raw: true });
    expect(markdown.stdout).toContain('| `lookback_window` | `TAP_STRIPE_LOOKBACK_WINDOW` |');
  });

  it('--version prints the package version', async () => {
    const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect((await runTap(['--version'], { raw: true })).stdout.trim()).toBe(`tap-stripe ${version}`);
  });
});

describe('against the fake account', () => {
  let fake: FakeStripe;
  let config: string;
  beforeAll(async () => {
    ({ fake, config } = await fakeAccount({ scale: 0.2 }));
  });
  afterAll(() => fake.close());

  it('reads all history, even objects older than the account says it is', async () => {
    const old = fake.dataset.add('charges', { ...fake.dataset.objects('charges')[0], id: 'ch_from_2009', created: 1_234_567_890 });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges'])]);
    expect(run.code).toBe(0);
    expect(records(run, 'charges').map((r) => r['id'])).toContain(old['id']);
    expect(records(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
  });

  it('start_date limits the sync to objects created since', async () => {
    const charges = fake.dataset.objects('charges').map((c) => Number(c['created'])).sort((a, b) => a - b);
    const cut = charges[Math.floor(charges.length / 2)]!;
    const since = new Date(cut * 1000).toISOString();
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges'])], { env: { TAP_STRIPE_START_DATE: since } });
    expect(run.code).toBe(0);
    expect(records(run, 'charges')).toHaveLength(charges.filter((c) => c >= cut).length);
  });

  it('check says the connection works, or exits 1 on a wrong key', async () => {
    const ok = await runTap(['check', '--config', config]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('connection OK');
    const bad = await runTap(['check', '--config', config], { env: { TAP_STRIPE_API_KEY: 'sk_test_nope_123456' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('401');
  });

  it('discover_metadata_keys turns custom fields into columns that read fills', async () => {
    const customer = fake.dataset.createNow('customers', Math.floor(Date.now() / 1000) - 5);
    fake.dataset.update('customers', String(customer['id']), { metadata: { 'CRM Id': 'crm-42' } });
    const discover = await runTap(['--discover', '--config', jsonFile({ ...JSON.parse(readFileSync(config, 'utf8')), discover_metadata_keys: true })]);
    expect(discover.code).toBe(0);
    const catalog = discover.messages[0] as unknown as { streams: CatalogStream[] };
    for (const s of catalog.streams) s.metadata[0]!.metadata['selected'] = s.tap_stream_id === 'customers';
    const customers = catalog.streams.find((s) => s.tap_stream_id === 'customers')!;
    expect(customers.schema.properties['metadata_crm_id']).toEqual(expect.objectContaining({ type: ['string', 'null'] }));
    const run = await runTap(['--config', config, '--catalog', jsonFile(catalog)]);
    const rows = records(run, 'customers');
    expect(rows.find((r) => r['id'] === customer['id'])?.['metadata_crm_id']).toBe('crm-42');
    expect(rows.filter((r) => r['metadata_crm_id'] === null).length).toBe(rows.length - 1);
  }, 60_000);
});
