import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './errors';
import { isObject, readJsonFile } from './json-file';
import { SCHEMAS_DIR } from './paths';
import { toUnixSeconds } from './time';

/** Validated settings, defaults applied. */
export interface Config {
  api_key: string;
  account_id?: string;
  start_date?: string;
  lookback_window: number;
  lag_seconds: number;
  window_days: number;
  max_requests_per_second: number;
  max_concurrency: number;
  request_timeout: number;
  max_retries: number;
  api_base?: string;
  user_agent?: string;
  discover_metadata_keys: boolean;
  auto_reread_history: boolean;
}

type JsonSchema = { properties: Record<string, { type?: string; airbyte_secret?: boolean }> } & Record<string, unknown>;

export const CONFIG_SCHEMA = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'config.json'), 'utf8')) as JsonSchema;
export const SETTINGS = Object.keys(CONFIG_SCHEMA.properties);
const SECRET = new Set(SETTINGS.filter((k) => CONFIG_SCHEMA.properties[k]?.airbyte_secret));
const ALIASES: Record<string, string> = { client_secret: 'api_key' };

/** `TAP_STRIPE_<SETTING>` for every setting. */
export function envName(setting: string): string {
  return `TAP_STRIPE_${setting.toUpperCase()}`;
}

const ajv = new Ajv({ allErrors: false, coerceTypes: true, useDefaults: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(CONFIG_SCHEMA);

const validateWithoutKey = ajv.compile({ ...CONFIG_SCHEMA, required: [] });

interface Sources {
  merged: Record<string, unknown>;
  origin: Record<string, string>;
}

/**
 * Merges config files (later ones win), then `TAP_STRIPE_*` environment variables (they win over files),
 * validates, and applies defaults. Any problem: ConfigError naming the setting and where it came from.
 */
export function loadConfig(files: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const { merged, origin } = readSources(files, env);
  return checkConfig(merged, origin);
}

/** As loadConfig, but the key may be missing: discover works offline. */
export function loadConfigWithoutKey(files: string[], env: NodeJS.ProcessEnv = process.env): Partial<Config> {
  const { merged, origin } = readSources(files, env);
  if (merged['api_key'] !== undefined) return checkConfig(merged, origin);
  const config = { ...merged };
  if (!validateWithoutKey(config)) throw new ConfigError(describeError(validateWithoutKey.errors?.[0], merged, origin));
  return config as Partial<Config>;
}

function readSources(files: string[], env: NodeJS.ProcessEnv): Sources {
  const merged: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const file of files) {
    const content = readJsonFile(file, '--config');
    if (!isObject(content)) throw new ConfigError(`--config ${file}: must hold a JSON object`);
    for (const [key, value] of Object.entries(content)) {
      const name = ALIASES[key] ?? key;
      if (value === null || value === '') continue; // Meltano and Airbyte write unset settings as null or ""
      merged[name] = value;
      origin[name] = `config file ${file}`;
    }
  }
  for (const setting of SETTINGS) {
    const value = env[envName(setting)];
    if (value === undefined || value === '') continue;
    merged[setting] = value;
    origin[setting] = `environment variable ${envName(setting)}`;
  }
  return { merged, origin };
}

/** Whether a key is a live-mode key (`sk_live_…`, `rk_live_…`); anything else is read as test mode. */
export function isLiveKey(apiKey: string): boolean {
  return /^(sk|rk)_live_/.test(apiKey);
}

export function checkConfig(raw: Record<string, unknown>, origin: Record<string, string> = {}): Config {
  const config = { ...raw };
  if (!validate(config)) {
    throw new ConfigError(describeError(validate.errors?.[0], raw, origin));
  }
  if (config['max_requests_per_second'] === undefined) {
    config['max_requests_per_second'] = isLiveKey(String(config['api_key'])) ? 20 : 10;
  }
  if (typeof config['api_base'] === 'string') checkApiBase(config['api_base'], origin['api_base']);
  if (typeof config['start_date'] === 'string' && Number.isNaN(toUnixSeconds(config['start_date']))) {
    throw new ConfigError(`config error: start_date must be an RFC3339 date-time such as 2024-01-31T00:00:00Z, got ${JSON.stringify(config['start_date'])} (from ${origin['start_date'] ?? 'config'})`);
  }
  return config as unknown as Config;
}

function checkApiBase(base: string, from = 'config'): void {
  const url = new URL(base);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return;
  throw new ConfigError(`config error: api_base must be https:// (plain http only for loopback hosts), got "${base}" (from ${from})`);
}

function describeError(error: ErrorObject | undefined, raw: Record<string, unknown>, origin: Record<string, string>): string {
  if (!error) return 'config error: invalid configuration';
  const missing = error.keyword === 'required' ? String(error.params['missingProperty']) : undefined;
  if (missing) {
    return `config error: ${missing} is required (set it in the config file or ${envName(missing)})`;
  }
  const field = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
  const top = field.split('.')[0] ?? field;
  const value = raw[top];
  const shown = SECRET.has(top) ? '' : `, got ${JSON.stringify(value)}`;
  const problem = error.keyword === 'pattern' && top === 'api_key'
    ? 'must be a secret key (sk_live_…/sk_test_…) or a restricted key (rk_…)'
    : error.keyword === 'pattern'
      ? `must match ${String(error.params['pattern'])}`
      : error.keyword === 'format' && error.params['format'] === 'date-time'
        ? 'must be an RFC3339 date-time such as 2024-01-31T00:00:00Z'
        : (error.message ?? 'is invalid');
  return `config error: ${field} ${problem}${shown} (from ${origin[top] ?? 'config'})`;
}
