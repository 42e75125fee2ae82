/**
 * The bad-input corpus, part two: answers from Stripe (or from whatever api_base points at) that end the run
 * before any stream, found by its one first request. Exit 1 and ONE line on stderr (no METRIC line for it),
 * nothing on stdout; Airbyte: one TRACE ERROR config_error. A restricted key's 403s stay per stream.
 */
import type { FakeStripe } from '../../src/fake';
import { toRfc3339 } from '../../src/time';
import { expectValidMessage } from './airbyte';
import { catalogFile, fakeAccount } from './fake';
import { jsonFile, logLines, records, runTap, states, type TapRun } from './tap';

let fake: FakeStripe;
let config: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ scale: 0.1 }));
});
afterEach(() => fake.setOptions({ restrictedPaths: [], failures: undefined, expiredKeys: [] }));
afterAll(() => fake.close());

const streams = ['charges', 'customers'];
const html = '<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body>It works</body></html>';

/** Runs the tap; returns the run and how many requests reached the fake. */
async function counted(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ run: TapRun; requests: number }> {
  const before = fake.stats.total;
  const run = await runTap(args, { env });
  return { run, requests: fake.stats.total - before };
}

function oneLine(run: TapRun): string {
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain('METRIC');
  return lines[0]!;
}

describe('the first request ends the run: exit 1, one line, nothing on stdout', () => {
  it.each([
    ['a key Stripe does not know (401)', {}, { TAP_STRIPE_API_KEY: 'sk_test_unknown_0123456789' },
      /^tap-stripe: Stripe rejected the API key \(401 Unauthorized\): check api_key .*\(api_key from environment variable TAP_STRIPE_API_KEY\) \[Request-Id req_fake_\d+\]$/],
    ['a revoked key (401 api_key_expired)', { expiredKeys: ['sk_test_revoked_0123456789'] }, { TAP_STRIPE_API_KEY: 'sk_test_revoked_0123456789' },
      /^tap-stripe: Stripe rejected the API key \(401 Unauthorized, api_key_expired\): the key has expired or was revoked; roll a new one/],
    ['an account_id the key cannot reach', {}, { TAP_STRIPE_ACCOUNT_ID: 'acct_1NotMine000000' },
      /^tap-stripe: GET \/v1\/account: Stripe refused the connected account \(HTTP 403, account_invalid\): .*does not have access to account 'acct_1NotMine000000'.*\(account_id acct_1NotMine000000 from environment variable TAP_STRIPE_ACCOUNT_ID\)/],
    ['an api_base that answers an HTML page', { failures: () => ({ status: 200, body: null, raw: html }) }, {},
      /^tap-stripe: GET \/v1\/account: HTTP 200: answered with an HTML page instead of Stripe's JSON; is api_base the Stripe API .*\(api_base http:\/\/127\.0\.0\.1:\d+ from config file .*\)/],
    ['an api_base that answers a 404 page', { failures: () => ({ status: 404, body: null, raw: html }) }, {},
      /^tap-stripe: GET \/v1\/account: HTTP 404: answered with an HTML page instead of Stripe's JSON/],
    ['an api_base that answers 200 with a body that is not JSON', { failures: () => ({ status: 200, body: null, raw: 'OK', headers: { 'Content-Type': 'text/plain' } }) }, {},
      /^tap-stripe: GET \/v1\/account: HTTP 200: answered with 2 bytes of text\/plain instead of Stripe's JSON/],
  ])('%s', async (_name, knobs, env, line) => {
    fake.setOptions(knobs);
    const { run, requests } = await counted(['--config', config, '--catalog', catalogFile(streams)], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(oneLine(run)).toMatch(line);
    expect(requests).toBe(1);
  });

  it('Airbyte: a rejected key is one TRACE ERROR config_error, nothing else', async () => {
    const { run, requests } = await counted(['--protocol', 'airbyte', 'read', '--config', config, '--catalog', jsonFile({
      streams: [{ stream: { name: 'charges', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }],
    })], { TAP_STRIPE_API_KEY: 'sk_test_unknown_0123456789' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    run.messages.forEach(expectValidMessage);
    expect(run.messages).toHaveLength(1);
    expect(run.messages[0]).toMatchObject({ type: 'TRACE', trace: { type: 'ERROR', error: { failure_type: 'config_error', message: expect.stringMatching(/^Stripe rejected the API key/) } } });
    expect(requests).toBe(1);
  });

  it('Airbyte: an api_base that is not Stripe is one TRACE ERROR config_error', async () => {
    fake.setOptions({ failures: () => ({ status: 200, body: null, raw: html }) });
    const run = await runTap(['--protocol', 'airbyte', 'discover', '--config', jsonFile({ api_key: fake.apiKey, api_base: fake.url, discover_metadata_keys: true })]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.messages).toHaveLength(1);
    expect(run.messages[0]).toMatchObject({ trace: { error: { failure_type: 'config_error', message: expect.stringContaining('answered with an HTML page') } } });
  });
});

describe('a state Stripe\'s clock says is from the future', () => {
  it('is refused after the first request: exit 2, one line naming the file and the bookmark', async () => {
    const state = jsonFile({ version: 2, bookmarks: { charges: { created: '2999-01-01T00:00:00Z' } }, events: { created: toRfc3339(Math.floor(Date.now() / 1000)) } }, 'state');
    const { run, requests } = await counted(['--config', config, '--catalog', catalogFile(streams), '--state', state]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run)).toMatch(new RegExp(`^tap-stripe: state ${state}: bookmarks\\.charges\\.created 2999-01-01T00:00:00Z is in the future \\(Stripe's clock says .*\\): .*remove that bookmark`));
    expect(requests).toBe(1);
  });
});

describe('a restricted key', () => {
  it('403 on some streams: one warning per stream naming its permission; the others sync, exit 0', async () => {
    fake.setOptions({ restrictedPaths: ['/v1/customers', '/v1/invoices'] });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges', 'customers', 'invoices'])]);
    expect(run.code).toBe(0);
    const warnings = logLines(run).filter((l) => l.startsWith('WARNING'));
    expect(warnings).toHaveLength(2);
    expect(warnings).toContainEqual(expect.stringMatching(/^WARNING customers: skipped: .*rak_customer_read/));
    expect(warnings).toContainEqual(expect.stringMatching(/^WARNING invoices: skipped: .*rak_invoice_read/));
    expect(records(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
  });
});

describe('singer-io/tap-stripe\'s state', () => {
  it('is migrated where it is unambiguous: bookmarks and the events cursor carry over, renamed streams start over', async () => {
    const now = Math.floor(Date.now() / 1000);
    const mark = now - 20 * 86_400; // within the 30 days of events Stripe keeps: no history is read again
    expect(fake.dataset.objects('charges').some((c) => Number(c['created']) < mark)).toBe(true);
    const state = jsonFile({
      currently_syncing: null,
      bookmarks: {
        charges: { created: mark }, charges_events: { updates_created: now - 3600 },
        invoice_line_items: { date: mark }, invoice_line_items_events: { updates_created: now - 3600 },
      },
    }, 'state');
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges', 'invoice_lines']), '--state', state]);
    expect(run.code).toBe(0);
    expect(logLines(run)).toContainEqual(`INFO state ${state}: a state without a version (singer-io/tap-stripe's format, or Airbyte STREAM states): bookmarks of charges migrated, events cursor ${toRfc3339(mark)}; read from the start, as their tables are new: invoice_lines (invoice_line_items there)`);
    // charges created before the bookmark are not read again (only changed ones would be), invoice lines all are
    const fromHistory = records(run, 'charges').filter((c) => Date.parse(String(c['created'])) / 1000 < mark && c['updated'] === c['created']);
    expect(fromHistory).toEqual([]);
    expect(records(run, 'invoice_lines')).toHaveLength(fake.dataset.count('invoice_lines'));
    expect(states(run).at(-1)).toMatchObject({ version: 2, bookmarks: { charges: expect.any(Object), invoice_lines: expect.any(Object) } });
  });
});
