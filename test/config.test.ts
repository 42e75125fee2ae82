import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, loadConfigWithoutKey } from '../src/config';
import { ConfigError } from '../src/errors';

const dir = mkdtempSync(join(tmpdir(), 'tap-stripe-config-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const KEY = 'sk_test_config_secret_123';

describe('config', () => {
  it('applies defaults and the test-key request budget', () => {
    const config = loadConfig([file('a.json', { api_key: KEY })], {});
    expect(config).toMatchObject({ api_key: KEY, lookback_window: 600, lag_seconds: 60, max_requests_per_second: 10, max_concurrency: 8 });
    // windows are sized from the data unless the user caps their span
    expect(config.window_days).toBeUndefined();
  });

  it('gives live keys a budget of 20 requests per second', () => {
    expect(loadConfig([file('live.json', { api_key: 'sk_live_abc' })], {}).max_requests_per_second).toBe(20);
  });

  it('accepts client_secret as an alias of api_key', () => {
    expect(loadConfig([file('alias.json', { client_secret: KEY })], {}).api_key).toBe(KEY);
  });

  it('merges files (later wins) and lets TAP_STRIPE_* variables win over files', () => {
    const a = file('m1.json', { api_key: KEY, lookback_window: 10, window_days: 5 });
    const b = file('m2.json', { lookback_window: 20 });
    const config = loadConfig([a, b], { TAP_STRIPE_WINDOW_DAYS: '7', TAP_STRIPE_ACCOUNT_ID: 'acct_1' });
    expect(config).toMatchObject({ lookback_window: 20, window_days: 7, account_id: 'acct_1' });
  });

  it('takes everything from the environment when there is no file', () => {
    expect(loadConfig([], { TAP_STRIPE_API_KEY: KEY, TAP_STRIPE_LAG_SECONDS: '0' })).toMatchObject({ api_key: KEY, lag_seconds: 0 });
  });

  it.each([
    [{ lookback_window: -1 }, 'lookback_window must be >= 0, got -1'],
    [{ start_date: 'yesterday' }, 'start_date must be an RFC3339 date-time'],
    [{ start_date: '2024-01-01 00:00:00Z' }, 'start_date must be an RFC3339 date-time'],
    [{ account_id: 'bob' }, 'account_id must match'],
    [{ api_base: 'http://proxy.example.com' }, 'api_base must be https://'],
    [{ max_requests_per_second: 500 }, 'max_requests_per_second must be <= 100'],
  ])('rejects %j naming the field and the file', (bad, message) => {
    const path = file('bad.json', { api_key: KEY, ...bad });
    expect(() => loadConfig([path], {})).toThrow(ConfigError);
    expect(() => loadConfig([path], {})).toThrow(message);
    expect(() => loadConfig([path], {})).toThrow(path);
  });

  it('names a missing key and the variable that can hold it', () => {
    expect(() => loadConfig([file('nokey.json', {})], {})).toThrow('api_key is required (set it in the config file or TAP_STRIPE_API_KEY)');
  });

  it('never echoes a malformed key', () => {
    const path = file('pk.json', { api_key: 'pk_test_publishable_999' });
    expect(() => loadConfig([path], {})).toThrow('api_key is a publishable key (pk_…), which cannot read data');
    try { loadConfig([path], {}); } catch (e) { expect((e as Error).message).not.toContain('publishable_999'); }
  });

  it('reports unreadable and malformed files', () => {
    expect(() => loadConfig([join(dir, 'missing.json')], {})).toThrow('file not found');
    expect(() => loadConfig([file('broken.json', '{"api_key": ')], {})).toThrow('not valid JSON');
    expect(() => loadConfig([file('array.json', [])], {})).toThrow('must hold a JSON object');
  });

  it('allows plain http for loopback test servers', () => {
    expect(loadConfig([file('local.json', { api_key: KEY, api_base: 'http://127.0.0.1:12111' })], {}).api_base).toBe('http://127.0.0.1:12111');
  });

  it('lets discover run without a key', () => {
    expect(loadConfigWithoutKey([], {})).toMatchObject({ lookback_window: 600 });
  });

  it('warns once per name that is not a setting, with the setting it looks like; the config still loads', () => {
    const warnings: string[] = [];
    const path = file('typos.json', { api_key: KEY, window_dayz: 7, 'Lookback-Window': 5, num_workers: 4, tap_name: 'x' });
    const config = loadConfig([path], { TAP_STRIPE_LAG_SECOND: '5', TAP_STRIPE_PROTOCOL: 'singer', TAP_STRIPE__SELECT: '["charges.*"]' }, { warn: (m) => warnings.push(m) });
    expect(config.window_days).toBeUndefined(); // unset: windows are sized from the density alone
    expect(warnings).toEqual([
      `config file ${path}: "window_dayz" is not a tap-stripe setting, ignored; did you mean window_days?`,
      `config file ${path}: "Lookback-Window" is not a tap-stripe setting, ignored; did you mean lookback_window?`,
      `config file ${path}: "num_workers" is not a tap-stripe setting, ignored; did you mean max_concurrency?`,
      `config file ${path}: "tap_name" is not a tap-stripe setting, ignored`,
      'environment variable TAP_STRIPE_LAG_SECOND: "lag_second" is not a tap-stripe setting, ignored; did you mean lag_seconds?',
    ]);
  });

  it('never warns about a bad config: the error is the one line', () => {
    const warnings: string[] = [];
    expect(() => loadConfig([file('both.json', { api_key: KEY, window_dayz: 7, lookback_window: -1 })], {}, { warn: (m) => warnings.push(m) })).toThrow('lookback_window must be >= 0');
    expect(warnings).toEqual([]);
  });
});
