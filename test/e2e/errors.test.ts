/** Bad input exits 2 with one clear line; API trouble is retried, skipped or reported, never hidden. */
import type { FakeStripe } from '../../src/fake';
import { catalogFile, fakeAccount } from './fake';
import { jsonFile, logLines, records, runTap, states } from './tap';

let fake: FakeStripe;
let config: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ scale: 0.3 }));
});
afterEach(() => fake.setOptions({ restrictedPaths: [], disabledFeatures: [], failures: undefined, rateLimit: undefined }));
afterAll(() => fake.close());

const one = ['charges', 'customers'];

describe('bad input: exit 2, one line on stderr, nothing on stdout', () => {
  const cases: [string, () => string[], string][] = [
    ['a setting out of range', () => ['--config', jsonFile({ api_key: 'sk_test_x', lookback_window: -5 })], 'config error: lookback_window must be >= 0, got -5 (from config file'],
    ['a missing config file', () => ['--config', '/nonexistent/config.json'], '--config /nonexistent/config.json: file not found'],
    ['a config that is not JSON', () => ['--config', jsonFile('{"api_key": ')], 'not valid JSON'],
    ['an unknown stream selected in the catalog', () => ['--config', config, '--catalog', jsonFile({ streams: [{ tap_stream_id: 'payments', schema: { selected: true } }] })], 'streams[0]: "payments" is selected but is not a tap-stripe stream'],
    ['a catalog given twice', () => ['--config', config, '--catalog', 'a.json', '--catalog', 'b.json'], 'usage error: --catalog given 2 times'],
    ['an empty state file name', () => ['--config', config, '--state', ''], 'usage error: --state needs a file name'],
    ['a --format that does not exist', () => ['--about', '--format', 'xml'], 'usage error: Invalid values: Argument: format, Given: "xml"'],
    ['a state of another version', () => ['--config', config, '--state', jsonFile({ version: 9, bookmarks: {} })], 'state version 9 is not supported'],
    ['a malformed bookmark', () => ['--config', config, '--state', jsonFile({ version: 1, bookmarks: { charges: { created: 'soon' } } })], 'bookmarks.charges.created must be an RFC3339 date-time with a time zone (or unix seconds), got "soon"'],
    ['an unknown flag', () => ['--config', config, '--frobnicate'], 'usage error: Unknown argument: frobnicate'],
    ['read without any config', () => ['read'], 'read needs --config FILE'],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const before = fake.stats.total;
    const run = await runTap(args());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
    expect(fake.stats.total).toBe(before);
  });
});

describe('API trouble', () => {
  it('a wrong key fails fast with exit 1, names the 401, never prints the key', async () => {
    const wrong = 'sk_test_wrong_key_0123456789';
    const run = await runTap(['--config', config, '--catalog', catalogFile(one)], { env: { TAP_STRIPE_API_KEY: wrong } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Stripe rejected the API key (401 Unauthorized)');
    expect(run.stderr + run.stdout).not.toContain(wrong);
    expect(records(run)).toHaveLength(0);
  });

  it('a 403 skips the stream with a warning naming the permission; the rest syncs', async () => {
    fake.setOptions({ restrictedPaths: ['/v1/customers'] });
    const run = await runTap(['--config', config, '--catalog', catalogFile(one)]);
    expect(run.code).toBe(0);
    const warning = logLines(run).find((l) => l.startsWith('WARNING customers: skipped'));
    expect(warning).toContain('rak_customer_read');
    expect(records(run, 'customers')).toHaveLength(0);
    expect(records(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
  });

  it('a product the account does not use ends its stream with a quiet message', async () => {
    fake.setOptions({ disabledFeatures: ['Issuing'] });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['issuing_cards', 'charges'])]);
    expect(run.code).toBe(0);
    expect(logLines(run)).toContainEqual(expect.stringMatching(/^INFO issuing_cards: Issuing is not enabled on this account/));
    expect(logLines(run).filter((l) => l.startsWith('WARNING') || l.startsWith('ERROR'))).toEqual([]);
    expect(records(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
  });

  it('429s and injected 5xx are retried until everything is read', async () => {
    fake.setOptions({ rateLimit: { perSecond: 15 }, failures: { every: 7, status: 500 } });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges', 'invoices', 'invoice_lines'])]);
    expect(run.code).toBe(0);
    expect(fake.stats.rateLimited + fake.stats.injectedFailures).toBeGreaterThan(0);
    expect(run.stderr).toContain('WARNING retrying');
    for (const s of ['charges', 'invoices', 'invoice_lines']) expect(records(run, s)).toHaveLength(fake.dataset.count(s));
  }, 60_000);

  it('a stream that keeps failing exits 1, its state stays behind, the others finish', async () => {
    fake.setOptions({ failures: { every: 1, status: 500, paths: ['/v1/charges'] } });
    const run = await runTap(['--config', config, '--catalog', catalogFile(one)], { env: { TAP_STRIPE_MAX_RETRIES: '1' } });
    expect(run.code).toBe(1);
    expect(logLines(run)).toContainEqual(expect.stringMatching(/^ERROR charges: stopped: GET \/v1\/charges: HTTP 500.*\[Request-Id req_fake_\d+\]/));
    expect(records(run, 'customers')).toHaveLength(fake.dataset.count('customers'));
    const last = states(run).at(-1) as { bookmarks: Record<string, unknown> };
    expect(Object.keys(last.bookmarks)).toEqual(['customers']);
    expect(run.messages.every((m) => ['SCHEMA', 'RECORD', 'STATE'].includes(m.type))).toBe(true);
  }, 60_000);
});

describe('trouble with one child stream', () => {
  it('a 403 on a child endpoint skips that child only; its bookmark stays, the parent and siblings sync', async () => {
    fake.setOptions({ restrictedPaths: ['/v1/customers/{id}/payment_methods'] });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['customers', 'payment_methods', 'customer_balance_transactions'])]);
    expect(run.code).toBe(0);
    expect(logLines(run).filter((l) => l.startsWith('WARNING payment_methods: skipped'))).toHaveLength(1);
    expect(records(run, 'payment_methods')).toHaveLength(0);
    expect(records(run, 'customers')).toHaveLength(fake.dataset.count('customers'));
    expect(records(run, 'customer_balance_transactions')).toHaveLength(fake.dataset.count('customer_balance_transactions'));
    // the skipped child's bookmark may only cover history before the first customer (no child could be lost there)
    const last = states(run).at(-1) as { bookmarks: Record<string, { created: string }> };
    const oldestCustomer = Math.min(...fake.dataset.objects('customers').map((c) => Number(c['created'])));
    const skippedAt = last.bookmarks['payment_methods'] ? Date.parse(last.bookmarks['payment_methods'].created) / 1000 : 0;
    expect(skippedAt).toBeLessThanOrEqual(oldestCustomer);
    expect(Date.now() / 1000 - Date.parse(last.bookmarks['customers']!.created) / 1000).toBeLessThan(600);
  }, 60_000);
});

describe('a restricted key that may not expand a child field', () => {
  it('skips the child that needs the expansion and reads the parent again without it', async () => {
    fake.setOptions({
      failures: (req) => (req.path === '/v1/customers' && req.query.getAll('expand[]').includes('data.sources')
        ? { status: 403, headers: {}, body: { error: { type: 'invalid_request_error', message: "The provided key 'rk_test_***' does not have the required permissions for this endpoint. Having the 'rak_source_read' permission would allow this request to continue." } } }
        : undefined),
    });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['customers', 'customer_sources', 'tax_ids'])]);
    expect(run.code).toBe(0);
    expect(logLines(run).filter((l) => l.startsWith('WARNING customer_sources: skipped'))).toHaveLength(1);
    expect(records(run, 'customers')).toHaveLength(fake.dataset.count('customers'));
    expect(records(run, 'tax_ids')).toHaveLength(fake.dataset.count('tax_ids'));
    expect(records(run, 'customer_sources')).toHaveLength(0);
    const last = states(run).at(-1) as { bookmarks: Record<string, unknown> };
    expect(last.bookmarks['customer_sources']).toBeUndefined();
  }, 60_000);

  it('stops only that family when the probe for the refused expansion fails too; the other streams finish', async () => {
    const refused = { status: 403, headers: {}, body: { error: { type: 'invalid_request_error', message: "The provided key 'rk_test_***' does not have the required permissions for this endpoint. Having the 'rak_source_read' permission would allow this request to continue." } } };
    fake.setOptions({
      failures: (req) => (req.path !== '/v1/customers' || !req.query.getAll('expand[]').includes('data.sources') ? undefined
        : req.query.get('limit') === '1' ? { status: 500, headers: { 'Stripe-Should-Retry': 'false' }, body: { error: { type: 'api_error', message: 'An unknown error occurred' } } }
        : refused),
    });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['customers', 'customer_sources', 'charges'])]);
    expect(run.code).toBe(1);
    expect(logLines(run)).toContainEqual(expect.stringMatching(/^ERROR customers, customer_sources: stopped: .*\/v1\/customers/));
    expect(records(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
    const last = states(run).at(-1) as { bookmarks: Record<string, unknown> };
    expect(last.bookmarks['charges']).toBeDefined();
    expect(last.bookmarks['customers']).toBeUndefined();
  }, 60_000);
});
