/**
 * The checks of settings that JSON Schema cannot say well: what kind of key was given instead of a secret
 * one, a start_date Stripe cannot have data for, an api_base that is not a usable URL, and setting names that
 * are not settings. Each problem is one sentence naming the setting and where its value came from.
 */
import { ConfigError } from './errors';
import { closestName } from './suggest';
import { toRfc3339, toUnixSeconds } from './time';

/** Stripe opened in 2010; nothing in any account is older than this. */
export const EARLIEST_START = Date.UTC(2009, 0, 1) / 1000;

/** Names other Stripe connectors use for a setting of this tap (singer-io/tap-stripe, Airbyte's source-stripe). */
const HINTS: Record<string, string> = {
  date_window_size: 'window_days',
  slice_range: 'window_days',
  lookback_window_days: 'lookback_window (in seconds)',
  num_workers: 'max_concurrency',
  call_rate_limit: 'max_requests_per_second',
  secret_key: 'api_key',
};

/** Things people paste instead of a secret key, told apart by their prefix (never echoing the value). */
const NOT_SECRET_KEYS: [RegExp, string][] = [
  [/^pk_(live|test)_/, 'is a publishable key (pk_…), which cannot read data; use a secret key (sk_…) or a restricted key (rk_…)'],
  [/^whsec_/, 'is a webhook signing secret (whsec_…), not an API key; use a secret key (sk_…) or a restricted key (rk_…)'],
  [/^acct_/, 'is an account id, not an API key; put it in account_id and the key in api_key'],
  [/^ca_/, 'is a Connect client id (ca_…), not an API key; use a secret key (sk_…) or a restricted key (rk_…)'],
  [/^(sk|rk)_(?!live_|test_)/, 'has no mode: a Stripe key starts with sk_live_, sk_test_, rk_live_ or rk_test_'],
];

/** Why a value is not a usable API key, or undefined when it has the right shape. Never says the value. */
export function keyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return `must be a string (a secret key sk_… or a restricted key rk_…), got a ${Array.isArray(key) ? 'list' : typeof key}`;
  if (key !== key.trim()) return 'has spaces or line breaks around it (copied with them?); remove them';
  for (const [pattern, problem] of NOT_SECRET_KEYS) if (pattern.test(key)) return problem;
  if (!/^(sk|rk)_(live|test)_[A-Za-z0-9_]+$/.test(key)) {
    return 'must be a secret key (sk_live_…/sk_test_…) or a restricted key (rk_…), letters, digits and _ only';
  }
  return undefined;
}

/** Why a start_date cannot be used, or undefined. `now` in unix seconds. */
export function startDateProblem(value: string, now: number): string | undefined {
  const at = toUnixSeconds(value);
  if (Number.isNaN(at)) {
    return /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value)
      ? `has no time zone; add Z or an offset (e.g. ${value}Z), got ${JSON.stringify(value)}`
      : `must be an RFC3339 date-time such as 2024-01-31T00:00:00Z, got ${JSON.stringify(value)}`;
  }
  if (at < EARLIEST_START) {
    return `is before Stripe existed (${toRfc3339(EARLIEST_START)}), got ${JSON.stringify(value)}; leave start_date out to read all history`;
  }
  if (at > now) return `is in the future (now is ${toRfc3339(now)}), got ${JSON.stringify(value)}; nothing would be read`;
  return undefined;
}

const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/** Why an api_base cannot be used, or undefined: https, plain http only to loopback, no credentials in it. */
export function apiBaseProblem(base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return `must be a URL such as https://api.stripe.com, got ${JSON.stringify(base)}`;
  }
  if (url.username || url.password) return 'must not hold a user name or password (they would be sent nowhere and printed in errors)';
  if (url.search || url.hash) return `must not have a query or a fragment, got ${JSON.stringify(base)}`;
  if (url.protocol === 'https:' && url.hostname) return undefined;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return undefined;
  return `must be https:// (plain http only for loopback hosts such as 127.0.0.1), got ${JSON.stringify(base)}`;
}

/** The warning for a name that is not a setting: ignored, with the setting it looks like. */
export function unknownSettingWarning(name: string, from: string, settings: readonly string[]): string {
  const hint = HINTS[name] ?? closestName(name, settings);
  const suggestion = hint ? `; did you mean ${hint}?` : '';
  return `${from}: "${name}" is not a tap-stripe setting, ignored${suggestion}`;
}

export function configError(setting: string, problem: string, from: string | undefined): ConfigError {
  return new ConfigError(`config error: ${setting} ${problem} (from ${from ?? 'config'})`);
}
