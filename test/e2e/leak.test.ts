/**
 * The key never leaves the tap: the CLI's commands in both protocols, their error paths and debug output run
 * with one known key, and every byte of stdout and stderr is searched for it (whole, without its prefix, and
 * its last characters, which Stripe's own messages keep when they mask a key). Every other CLI run of the
 * suite is checked for the keys it was given too (tap.ts).
 */
import type { FakeStripe } from '../../src/fake';
import { errors } from '../../src/fake/errors';
import { catalogFile, fakeAccount } from './fake';
import { jsonFile, runTap, type TapRun } from './tap';

const CANARY = 'sk_test_LeakCanary_7f3a9c2e51b4d806';
let fake: FakeStripe;
let config: string;
const runs: { name: string; run: TapRun }[] = [];

const configured = jsonFile({
  streams: ['charges', 'customers'].map((name) => ({ stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] }, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' })),
}, 'configured');

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ scale: 0.05, apiKey: CANARY }, { max_retries: 0 }));
  const catalog = catalogFile(['charges', 'customers', 'payment_methods']);
  const broken = jsonFile(`{"api_key": "${CANARY}", "start_date": 2024-01-01}`, 'broken');
  const padded = jsonFile({ api_key: ` ${CANARY}`, api_base: fake.url }, 'padded');
  const metadata = jsonFile({ api_key: CANARY, api_base: fake.url, discover_metadata_keys: true }, 'metadata');
  const matrix: [string, string[], (() => void)?][] = [
    ['about', ['--about', '--format', 'markdown']],
    ['discover', ['--config', config, '--discover']],
    ['discover with metadata keys', ['--config', metadata, '--discover']],
    ['check', ['check', '--config', config, '--log-level', 'debug']],
    ['read', ['--config', config, '--catalog', catalog, '--log-level', 'debug']],
    ['read, a key that is not JSON-quoted', ['--config', broken, '--log-level', 'debug']],
    ['read, a key with a space before it', ['--config', padded, '--log-level', 'debug']],
    ['read, 403 on a child', ['--config', config, '--catalog', catalog], () => fake.setOptions({ restrictedPaths: ['/v1/customers/{id}/payment_methods'] })],
    ['read, 500s past the retries', ['--config', config, '--catalog', catalog, '--log-level', 'debug'], () => fake.setOptions({ failures: (r) => (r.path === '/v1/charges' ? errors.apiError(500) : undefined) })],
    ['read, an HTML api_base', ['--config', config, '--log-level', 'debug'], () => fake.setOptions({ failures: () => ({ status: 200, body: null, raw: '<html></html>' }) })],
    ['read, the key revoked', ['--config', config, '--log-level', 'debug'], () => fake.setOptions({ expiredKeys: [CANARY] })],
    ['read, the key unknown to Stripe', ['--config', config, '--log-level', 'debug'], () => fake.setOptions({ apiKey: 'sk_test_someone_else_000000' })],
    ['airbyte spec', ['--protocol', 'airbyte', 'spec']],
    ['airbyte check', ['--protocol', 'airbyte', 'check', '--config', config, '--log-level', 'debug']],
    ['airbyte check, the key unknown', ['--protocol', 'airbyte', 'check', '--config', config], () => fake.setOptions({ apiKey: 'sk_test_someone_else_000000' })],
    ['airbyte discover', ['--protocol', 'airbyte', 'discover', '--config', config]],
    ['airbyte read', ['--protocol', 'airbyte', 'read', '--config', config, '--catalog', configured, '--log-level', 'debug']],
    ['airbyte read, the key revoked', ['--protocol', 'airbyte', 'read', '--config', config, '--catalog', configured, '--log-level', 'debug'], () => fake.setOptions({ expiredKeys: [CANARY] })],
    ['airbyte read, a broken config', ['--protocol', 'airbyte', 'read', '--config', broken, '--catalog', configured, '--log-level', 'debug']],
    ['airbyte read, 500s past the retries', ['--protocol', 'airbyte', 'read', '--config', config, '--catalog', configured], () => fake.setOptions({ failures: (r) => (r.path === '/v1/customers' ? errors.apiError(503) : undefined) })],
  ];
  const run = (name: string, args: string[]): Promise<TapRun> => runTap(args, { env: { TAP_STRIPE_API_KEY: '' }, raw: name === 'about' });
  // the runs that need no fault run side by side; each fault is set for its run alone
  const plain = matrix.filter(([, , setup]) => !setup);
  runs.push(...await Promise.all(plain.map(async ([name, args]) => ({ name, run: await run(name, args) }))));
  for (const [name, args, setup] of matrix.filter(([, , s]) => s)) {
    setup!();
    try {
      runs.push({ name, run: await run(name, args) });
    } finally {
      fake.setOptions({ apiKey: CANARY, expiredKeys: [], restrictedPaths: [], failures: undefined });
    }
  }
}, 120_000);
afterAll(() => fake.close());

describe('the API key is printed nowhere', () => {
  it('ran every command, with its error paths', () => {
    expect(runs).toHaveLength(20);
    const codes = new Set(runs.map((r) => r.run.code));
    expect([...codes].sort()).toEqual([0, 1, 2]);
  });

  it.each([
    ['the key', CANARY],
    ['the key without its prefix', CANARY.slice('sk_test_'.length)],
    ['the last characters a masked key keeps', CANARY.slice(-8)],
  ])('no byte of stdout or stderr holds %s', (_what, secret) => {
    const leaks = runs.filter(({ run }) => run.stdout.includes(secret) || run.stderr.includes(secret)).map((r) => r.name);
    expect(leaks).toEqual([]);
  });
});
