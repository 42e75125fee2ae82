/**
 * The bad-input corpus, offline: every way the files or flags can be wrong, through the built CLI. Singer mode:
 * exit 2, ONE line on stderr naming the file (or flag or variable), the field and what is wrong, no stack
 * trace, nothing on stdout. Airbyte mode: exit 1, ONE TRACE ERROR (config_error) on stdout, nothing on stderr.
 * No case reaches a server: api_base points at a port nothing listens on, and nothing is read.
 */
import { buildCatalog } from '../../src/catalog';
import { airbyteCatalog } from '../../src/airbyte/catalog';
import { expectValidMessage } from './airbyte';
import { jsonFile, runTap, type TapRun } from './tap';

const KEY = 'sk_test_corpus_0123456789abcdef';
/** A valid config that would fail loudly if anything tried to reach Stripe. */
const base = { api_key: KEY, api_base: 'http://127.0.0.1:9', max_retries: 0 };
const config = (extra: Record<string, unknown> = {}): string => jsonFile({ ...base, ...extra }, 'config');
const file = (content: unknown, name: string): string => jsonFile(content, name);

function catalogSelecting(streams: string[], edit: (s: { stream: string; metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[] }) => void = () => undefined): string {
  const catalog = buildCatalog();
  for (const s of catalog.streams) {
    s.metadata[0]!.metadata['selected'] = streams.includes(s.stream);
    edit(s);
  }
  return file(catalog, 'catalog');
}

const configured = (name: string): unknown => ({
  streams: [{ stream: (airbyteCatalog(buildCatalog()) as { streams: { name: string }[] }).streams.find((s) => s.name === name), sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' }],
});

interface Case {
  name: string;
  args: () => string[];
  env?: NodeJS.ProcessEnv;
  /** What the one line must say (a regular expression over the whole line). */
  says: RegExp;
  /** The file, flag or variable the line must name (`FILE` is the path args() put first after the flag). */
  names?: string;
}

/** Where a case's file is: the argument after the flag that names it. */
function named(args: string[], flag: string): string {
  return args[args.indexOf(flag) + 1]!;
}

const singer: Case[] = [
  // config
  { name: 'config file missing', args: () => ['--config', '/nonexistent/tap/config.json'], says: /--config \/nonexistent\/tap\/config\.json: file not found/ },
  { name: 'config file empty', args: () => ['--config', file('', 'empty')], says: /not valid JSON \(the file is empty\)/, names: '--config' },
  { name: 'config not JSON', args: () => ['--config', file('{"api_key": ', 'broken')], says: /not valid JSON \(it ends before the JSON is complete\)/, names: '--config' },
  { name: 'config not JSON, bad token', args: () => ['--config', file('{"lookback_window": 6OO}', 'token')], says: /not valid JSON \(at line 1, column \d+\)/, names: '--config' },
  { name: 'config is a JSON array', args: () => ['--config', file([base], 'array')], says: /must hold a JSON object of settings, got an array/, names: '--config' },
  { name: 'config is a JSON string', args: () => ['--config', file('"sk_test_x"', 'string')], says: /must hold a JSON object of settings, got a string/, names: '--config' },
  { name: 'config without api_key', args: () => ['--config', file({ start_date: '2024-01-01T00:00:00Z' }, 'nokey')], says: /config error: api_key is required .*TAP_STRIPE_API_KEY/, names: '--config' },
  { name: 'wrong type: text for an integer', args: () => ['--config', config({ lookback_window: 'ten minutes' })], says: /config error: lookback_window must be integer, got "ten minutes"/, names: '--config' },
  { name: 'wrong type: boolean for an integer', args: () => ['--config', config({ max_concurrency: true })], says: /config error: max_concurrency must be an integer, got true/, names: '--config' },
  { name: 'wrong type: text for a boolean', args: () => ['--config', config({ discover_metadata_keys: 'yes' })], says: /config error: discover_metadata_keys must be boolean, got "yes"/, names: '--config' },
  { name: 'wrong type: number for the key', args: () => ['--config', file({ api_key: 4242 }, 'numkey')], says: /config error: api_key must be a string .*got a number/, names: '--config' },
  { name: 'wrong type: object for a number', args: () => ['--config', config({ window_days: { days: 7 } })], says: /config error: window_days must be a number, got \{"days":7\}/, names: '--config' },
  { name: 'out of range: negative lookback', args: () => ['--config', config({ lookback_window: -5 })], says: /config error: lookback_window must be >= 0, got -5/, names: '--config' },
  { name: 'out of range: no concurrency', args: () => ['--config', config({ max_concurrency: 0 })], says: /config error: max_concurrency must be >= 1, got 0/, names: '--config' },
  { name: 'out of range: above Stripe\'s rate limit', args: () => ['--config', config({ max_requests_per_second: 500 })], says: /config error: max_requests_per_second must be <= 100, got 500/, names: '--config' },
  { name: 'out of range: empty windows', args: () => ['--config', config({ window_days: 0 })], says: /config error: window_days must be > 0, got 0/, names: '--config' },
  { name: 'out of range: a day-long request timeout', args: () => ['--config', config({ request_timeout: 86400 })], says: /config error: request_timeout must be <= 600, got 86400/, names: '--config' },
  { name: 'out of range: too many retries', args: () => ['--config', config({ max_retries: 99 })], says: /config error: max_retries must be <= 20, got 99/, names: '--config' },
  { name: 'key of the wrong shape', args: () => ['--config', config({ api_key: 'my-stripe-key' })], says: /config error: api_key must be a secret key \(sk_live_…\/sk_test_…\) or a restricted key/, names: '--config' },
  { name: 'key of the wrong kind: publishable', args: () => ['--config', config({ api_key: 'pk_live_0123456789abcdef' })], says: /config error: api_key is a publishable key \(pk_…\), which cannot read data/, names: '--config' },
  { name: 'key of the wrong kind: webhook secret', args: () => ['--config', config({ api_key: 'whsec_0123456789abcdef' })], says: /config error: api_key is a webhook signing secret/, names: '--config' },
  { name: 'key without a mode', args: () => ['--config', config({ api_key: 'sk_prod_0123456789abcdef' })], says: /config error: api_key has no mode: a Stripe key starts with sk_live_, sk_test_/, names: '--config' },
  { name: 'key pasted with a line break', args: () => ['--config', config({ api_key: `${KEY}\n` })], says: /config error: api_key has spaces or line breaks around it/, names: '--config' },
  { name: 'key and its alias disagree', args: () => ['--config', config({ client_secret: 'sk_test_other_0123456789' })], says: /config error: api_key and client_secret .* both set, to different values/, names: '--config' },
  { name: 'account_id of the wrong shape', args: () => ['--config', config({ account_id: 'my-account' })], says: /config error: account_id must match \^acct_/, names: '--config' },
  { name: 'api_base not a URL', args: () => ['--config', config({ api_base: 'api.stripe.com' })], says: /config error: api_base must be a URL such as https:\/\/api\.stripe\.com, got "api\.stripe\.com"/, names: '--config' },
  { name: 'api_base plain http to another host', args: () => ['--config', config({ api_base: 'http://127.0.0.1.example.com' })], says: /config error: api_base must be https:\/\/ \(plain http only for loopback hosts/, names: '--config' },
  { name: 'api_base with a password', args: () => ['--config', config({ api_base: 'https://user:hunter2@proxy.example.com' })], says: /config error: api_base must not hold a user name or password/, names: '--config' },
  { name: 'start_date in the future', args: () => ['--config', config({ start_date: '2999-01-01T00:00:00Z' })], says: /config error: start_date is in the future .*got "2999-01-01T00:00:00Z"; nothing would be read/, names: '--config' },
  { name: 'start_date not RFC3339', args: () => ['--config', config({ start_date: 'last tuesday' })], says: /config error: start_date must be an RFC3339 date-time such as 2024-01-31T00:00:00Z, got "last tuesday"/, names: '--config' },
  { name: 'start_date a date only', args: () => ['--config', config({ start_date: '2024-01-01' })], says: /config error: start_date must be an RFC3339 date-time/, names: '--config' },
  { name: 'start_date without a time zone', args: () => ['--config', config({ start_date: '2024-01-01T00:00:00' })], says: /config error: start_date has no time zone; add Z or an offset/, names: '--config' },
  { name: 'start_date before 2009', args: () => ['--config', config({ start_date: '2001-01-01T00:00:00Z' })], says: /config error: start_date is before Stripe existed .*leave start_date out to read all history/, names: '--config' },
  { name: 'a bad value from the environment', args: () => ['--config', config()], env: { TAP_STRIPE_WINDOW_DAYS: 'weekly' }, says: /config error: window_days must be number, got "weekly" \(from environment variable TAP_STRIPE_WINDOW_DAYS\)/ },
  // catalog
  { name: 'catalog missing', args: () => ['--config', config(), '--catalog', '/nonexistent/catalog.json'], says: /--catalog \/nonexistent\/catalog\.json: file not found/ },
  { name: 'catalog not JSON', args: () => ['--config', config(), '--catalog', file('{"streams": [', 'catalog')], says: /--catalog .*: not valid JSON/, names: '--catalog' },
  { name: 'catalog without streams', args: () => ['--config', config(), '--catalog', file({ version: 1 }, 'catalog')], says: /must be a JSON object with a "streams" array/, names: '--catalog' },
  { name: 'catalog of unknown streams only', args: () => ['--config', config(), '--catalog', file({ streams: [{ tap_stream_id: 'hubspot_contacts', metadata: [] }, { tap_stream_id: 'hubspot_deals', metadata: [] }] }, 'catalog')], says: /none of its 2 stream\(s\) is a tap-stripe stream/, names: '--catalog' },
  { name: 'catalog selecting an unknown stream', args: () => ['--config', config(), '--catalog', file({ streams: [{ tap_stream_id: 'invoice_line_items', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }] }, 'catalog')], says: /streams\[0\]: "invoice_line_items" is selected but is not a tap-stripe stream \(did you mean invoice_lines\?\)/, names: '--catalog' },
  { name: 'catalog selecting nothing', args: () => ['--config', config(), '--catalog', catalogSelecting([])], says: /no stream is selected; set "selected": true/, names: '--catalog' },
  { name: 'catalog deselecting a field that does not exist', args: () => ['--config', config(), '--catalog', catalogSelecting(['charges'], (s) => {
    if (s.stream === 'charges') s.metadata.push({ breadcrumb: ['properties', 'amount_refundd'], metadata: { selected: false } });
  })], says: /\(charges\): metadata deselects the field "amount_refundd", which charges does not have \(did you mean amount_refunded\?\)/, names: '--catalog' },
  { name: 'catalog with a child whose parent is unknown', args: () => ['--config', config(), '--catalog', catalogSelecting(['invoice_lines'], (s) => {
    if (s.stream === 'invoice_lines') s.metadata[0]!.metadata['parent-tap-stream-id'] = 'bills';
  })], says: /\(invoice_lines\): its parent-tap-stream-id is "bills", which is not a tap-stripe stream, but its parent is invoices/, names: '--catalog' },
  { name: 'an Airbyte catalog in Singer mode', args: () => ['--config', config(), '--catalog', file(configured('charges'), 'catalog')], says: /this is an Airbyte catalog .*run with --protocol airbyte/, names: '--catalog' },
  { name: 'Airbyte discover output in Singer mode', args: () => ['--config', config(), '--catalog', file({ type: 'CATALOG', catalog: airbyteCatalog(buildCatalog()) }, 'catalog')], says: /this is an Airbyte catalog/, names: '--catalog' },
  // state
  { name: 'state missing', args: () => ['--config', config(), '--state', '/nonexistent/state.json'], says: /--state \/nonexistent\/state\.json: file not found/ },
  { name: 'state not JSON', args: () => ['--config', config(), '--state', file('{"bookmarks": {"charges": ', 'state')], says: /--state .*: not valid JSON/, names: '--state' },
  { name: 'state a JSON array in Singer mode', args: () => ['--config', config(), '--state', file([{ type: 'STATE' }], 'state')], says: /must be a JSON object, got an array/, names: '--state' },
  { name: 'state of a newer version', args: () => ['--config', config(), '--state', file({ version: 3, bookmarks: {} }, 'state')], says: /state version 3 is not supported .*written by a newer tap-stripe; upgrade/, names: '--state' },
  { name: 'state bookmark without a time zone', args: () => ['--config', config(), '--state', file({ version: 2, bookmarks: { charges: { created: '2024-05-01T00:00:00' } } }, 'state')], says: /bookmarks\.charges\.created must be an RFC3339 date-time with a time zone .*it has no time zone/, names: '--state' },
  { name: 'state bookmark in milliseconds', args: () => ['--config', config(), '--state', file({ bookmarks: { charges: { created: 1_714_521_600_000 } } }, 'state')], says: /bookmarks\.charges\.created must be .* got 1714521600000 \(milliseconds\?/, names: '--state' },
  { name: 'singer-io state with an entry of no time', args: () => ['--config', config(), '--state', file({ bookmarks: { charges: { created: 1_714_521_600 }, payout_transactions: { id: 'po_123' } }, currently_syncing: null }, 'state')], says: /bookmarks\.payout_transactions holds no time tap-stripe can read \(keys: id; expected created\)/, names: '--state' },
  { name: 'singer-io state with times that disagree', args: () => ['--config', config(), '--state', file({ bookmarks: { invoices: { created: 1_714_521_600, date: 1_700_000_000 } } }, 'state')], says: /bookmarks\.invoices has both created .* and date .*, which disagree/, names: '--state' },
  // flags
  { name: 'an unknown flag', args: () => ['--config', config(), '--frobnicate'], says: /usage error: Unknown argument: frobnicate/ },
  { name: 'a misspelt flag', args: () => ['--config', config(), '--catlog', 'c.json'], says: /usage error: Unknown argument: catlog; did you mean --catalog\?/ },
  { name: '--config without its file', args: () => ['--config'], says: /usage error: --config needs a file name/ },
  { name: '--config followed by another flag', args: () => ['--config', '--catalog', 'c.json'], says: /usage error: --config needs a file name/ },
  { name: '--state given twice', args: () => ['--config', config(), '--state', 'a.json', '--state', 'b.json'], says: /usage error: --state given 2 times; give it once/ },
  { name: 'an unknown command', args: () => ['sync', '--config', config()], says: /usage error: unknown command "sync" \(commands: discover, read, check; see tap-stripe --help\)/ },
  { name: 'a misspelt command', args: () => ['discovr', '--config', config()], says: /usage error: unknown command "discovr" \(commands: discover, read, check; see tap-stripe --help\); did you mean discover\?/ },
  { name: 'a --log-level that does not exist', args: () => ['--config', config(), '--log-level', 'loud'], says: /usage error: Invalid values:\s+Argument: log-level, Given: "loud"/ },
  { name: 'a TAP_STRIPE_LOG_LEVEL that does not exist', args: () => ['--config', config()], env: { TAP_STRIPE_LOG_LEVEL: 'loud' }, says: /usage error: TAP_STRIPE_LOG_LEVEL must be one of debug, info, warning, error, got "loud"/ },
  { name: 'a TAP_STRIPE_PROTOCOL that does not exist', args: () => ['--config', config()], env: { TAP_STRIPE_PROTOCOL: 'stitch' }, says: /usage error: TAP_STRIPE_PROTOCOL must be singer or airbyte, got "stitch"/ },
  { name: 'read without a config', args: () => ['read'], says: /read needs --config FILE \(or TAP_STRIPE_API_KEY\)/ },
];

const airbyte: Case[] = [
  { name: 'config missing', args: () => ['read', '--config', '/nonexistent/config.json', '--catalog', file(configured('charges'), 'catalog')], says: /--config \/nonexistent\/config\.json: file not found/ },
  { name: 'config not JSON', args: () => ['discover', '--config', file('{', 'broken')], says: /not valid JSON/, names: '--config' },
  { name: 'a publishable key', args: () => ['read', '--config', config({ api_key: 'pk_test_0123456789abcdef' }), '--catalog', file(configured('charges'), 'catalog')], says: /api_key is a publishable key/, names: '--config' },
  { name: 'start_date in the future', args: () => ['read', '--config', config({ start_date: '2999-01-01T00:00:00Z' }), '--catalog', file(configured('charges'), 'catalog')], says: /start_date is in the future/, names: '--config' },
  { name: 'a Singer catalog in Airbyte mode', args: () => ['read', '--config', config(), '--catalog', catalogSelecting(['charges'])], says: /this is a Singer catalog .*or run with --protocol singer/, names: '--catalog' },
  { name: 'discover output as the configured catalog', args: () => ['read', '--config', config(), '--catalog', file({ type: 'CATALOG', catalog: airbyteCatalog(buildCatalog()) }, 'catalog')], says: /this is discover's CATALOG message; read needs a ConfiguredAirbyteCatalog/, names: '--catalog' },
  { name: 'a catalog that configures no stream', args: () => ['read', '--config', config(), '--catalog', file({ streams: [] }, 'catalog')], says: /configures no stream/, names: '--catalog' },
  { name: 'read without a catalog', args: () => ['read', '--config', config()], says: /read needs --catalog FILE/ },
  { name: 'state not JSON', args: () => ['read', '--config', config(), '--catalog', file(configured('charges'), 'catalog'), '--state', file('[{"type": "GLOBAL"', 'state')], says: /--state .*: not valid JSON/, names: '--state' },
  { name: 'state of a newer version', args: () => ['read', '--config', config(), '--catalog', file(configured('charges'), 'catalog'), '--state', file([{ type: 'GLOBAL', global: { shared_state: { version: 9 }, stream_states: [] } }], 'state')], says: /state version 9 is not supported/, names: '--state' },
  { name: 'an unknown flag', args: () => ['read', '--config', config(), '--frobnicate'], says: /Unknown argument: frobnicate/ },
  { name: '--config without its file', args: () => ['check', '--config'], says: /--config needs a file name/ },
];

interface Outcome {
  args: string[];
  run: TapRun;
}

/** Runs every case before the assertions, a few at a time (each is a process start and nothing else). */
async function runAll(cases: Case[], prefix: string[]): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  const queue = [...cases];
  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const args = c.args();
      out.set(c.name, { args, run: await runTap([...prefix, ...args], c.env ? { env: c.env } : {}) });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return out;
}

function expectNamed(line: string, c: Case, args: string[]): void {
  if (c.names) expect(line).toContain(named(args, c.names));
}

describe(`bad input, Singer mode (${singer.length} cases): exit 2, one line, nothing on stdout`, () => {
  let outcomes: Map<string, Outcome>;
  beforeAll(async () => {
    outcomes = await runAll(singer, []);
  }, 120_000);

  it.each(singer.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { args, run } = outcomes.get(c.name)!;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tap-stripe: /);
    expect(lines[0]).toMatch(c.says);
    expectNamed(lines[0]!, c, args);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe(`bad input, Airbyte mode (${airbyte.length} cases): exit 1, one TRACE ERROR config_error, nothing on stderr`, () => {
  let outcomes: Map<string, Outcome>;
  beforeAll(async () => {
    outcomes = await runAll(airbyte, ['--protocol', 'airbyte']);
  }, 120_000);

  it.each(airbyte.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { args, run } = outcomes.get(c.name)!;
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    run.messages.forEach(expectValidMessage);
    expect(run.messages).toHaveLength(1);
    const error = (run.messages[0] as unknown as { trace: { type: string; error: { message: string; failure_type: string; stack_trace?: string } } }).trace;
    expect(error.type).toBe('ERROR');
    expect(error.error.failure_type).toBe('config_error');
    expect(error.error.message).toMatch(c.says);
    expect(error.error.stack_trace).toBeUndefined();
    expectNamed(error.error.message, c, args);
  });
});

describe('what is not an error', () => {
  it('a name that is not a setting: one warning per name, with the setting it looks like, and the run goes on', async () => {
    const path = config({ window_dayz: 7, date_window_size: 30, target_schema: 'stripe' });
    const run = await runTap(['--config', path, '--discover']);
    expect(run.code).toBe(0);
    expect(run.messages).toHaveLength(1);
    expect(run.messages[0]).toHaveProperty('streams');
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toEqual([
      `WARNING config file ${path}: "window_dayz" is not a tap-stripe setting, ignored; did you mean window_days?`,
      `WARNING config file ${path}: "date_window_size" is not a tap-stripe setting, ignored; did you mean window_days?`,
      `WARNING config file ${path}: "target_schema" is not a tap-stripe setting, ignored`,
    ]);
  });

  it('--log-level debug adds the stack trace to a failure, after its one line', async () => {
    const run = await runTap(['--config', config({ lookback_window: -1 }), '--log-level', 'debug']);
    expect(run.code).toBe(2);
    const [first, ...rest] = run.stderr.split('\n').filter(Boolean);
    expect(first).toMatch(/^tap-stripe: config error: lookback_window must be >= 0/);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((l) => l.startsWith('DEBUG at '))).toBe(true);
  });
});
