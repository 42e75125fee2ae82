import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiBaseProblem, configError, keyProblem, startDateProblem, unknownSettingWarning } from './config-checks';
import { ConfigError } from './errors';
import { isObject, readJsonFile } from './json-file';
import { SCHEMAS_DIR } from './paths';

/** Validated settings, defaults applied. */
export interface Config {
  api_key: string;
  account_id?: string;
  start_date?: string;
  lookback_window: number;
  lag_seconds: number;
  window_days?: number;
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

/** The config schema's validators, compiled when first needed (discover without a key needs the second only). */
const validators = ((): { full: () => ValidateFunction; withoutKey: () => ValidateFunction } => {
  let ajv: Ajv | undefined;
  const compile = (schema: object): ValidateFunction => {
    if (!ajv) {
      ajv = new Ajv({ allErrors: false, coerceTypes: true, useDefaults: true, strict: false });
      addFormats(ajv);
    }
    return ajv.compile(schema);
  };
  let full: ValidateFunction | undefined;
  let withoutKey: ValidateFunction | undefined;
  return {
    full: () => (full ??= compile(CONFIG_SCHEMA)),
    withoutKey: () => (withoutKey ??= compile({ ...CONFIG_SCHEMA, required: [] })),
  };
})();

/** Environment variables of the tap that are not settings. Meltano also exports its extras as `TAP_STRIPE__<EXTRA>`. */
const OTHER_VARIABLES = new Set(['TAP_STRIPE_PROTOCOL', 'TAP_STRIPE_LOG_LEVEL']);
const MELTANO_EXTRAS = 'TAP_STRIPE__';

export interface LoadOptions {
  /** Where the warnings go (a name that is not a setting is ignored with one warning each). */
  warn?: (message: string) => void;
  /** Now (unix seconds), for a start_date in the future. */
  now?: number;
}

interface Sources {
  merged: Record<string, unknown>;
  origin: Record<string, string>;
  /** Names that are not settings, with where they were found. */
  unknown: Map<string, string>;
}

/** Where each setting of a loaded config came from (`config file a.json`, `environment variable …`). */
const ORIGINS = new WeakMap<object, Record<string, string>>();

export function originOf(config: Partial<Config>, setting: string): string {
  return ORIGINS.get(config)?.[setting] ?? 'config';
}

/**
 * Merges config files (later ones win), then `TAP_STRIPE_*` environment variables (they win over files),
 * validates, and applies defaults. Any problem: ConfigError naming the setting and where it came from. A name
 * that is not a setting is not an error (a config may be shared with other tools): one warning each.
 */
export function loadConfig(files: string[], env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const sources = readSources(files, env);
  const config = checkConfig(sources.merged, sources.origin, options.now);
  warnUnknown(sources, options);
  return config;
}

/** As loadConfig, but the key may be missing: discover works offline. */
export function loadConfigWithoutKey(files: string[], env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Partial<Config> {
  const sources = readSources(files, env);
  const { merged, origin } = sources;
  if (merged['api_key'] !== undefined) {
    const config = checkConfig(merged, origin, options.now);
    warnUnknown(sources, options);
    return config;
  }
  const config = { ...merged };
  checkValues(config, origin, options.now);
  const validateWithoutKey = validators.withoutKey();
  if (!validateWithoutKey(config)) throw new ConfigError(describeError(validateWithoutKey.errors?.[0], merged, origin));
  ORIGINS.set(config, origin);
  warnUnknown(sources, options);
  return config as Partial<Config>;
}

function warnUnknown(sources: Sources, options: LoadOptions): void {
  for (const [name, from] of sources.unknown) options.warn?.(unknownSettingWarning(name, from, SETTINGS));
}

function readSources(files: string[], env: NodeJS.ProcessEnv): Sources {
  const merged: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  const unknown = new Map<string, string>();
  for (const file of files) {
    const content = readJsonFile(file, '--config');
    if (!isObject(content)) {
      const got = Array.isArray(content) ? 'an array' : content === null ? 'null' : typeof content === 'number' ? 'a number' : `a ${typeof content}`;
      throw new ConfigError(`--config ${file}: must hold a JSON object of settings, got ${got}`);
    }
    const given = new Map<string, unknown>();
    for (const [key, value] of Object.entries(content)) {
      const name = ALIASES[key] ?? key;
      if (value === null || value === '') continue; // Meltano and Airbyte write unset settings as null or ""
      if (given.has(name) && given.get(name) !== value) {
        throw new ConfigError(`config error: api_key and client_secret (its other name) are both set, to different values (from config file ${file}); keep one`);
      }
      given.set(name, value);
      if (!SETTINGS.includes(name)) {
        if (!unknown.has(key)) unknown.set(key, `config file ${file}`);
        continue;
      }
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
  const variables = new Set(SETTINGS.map(envName));
  for (const name of Object.keys(env)) {
    if (name.startsWith('TAP_STRIPE_') && !name.startsWith(MELTANO_EXTRAS) && !variables.has(name) && !OTHER_VARIABLES.has(name)) {
      unknown.set(name.slice('TAP_STRIPE_'.length).toLowerCase(), `environment variable ${name}`);
    }
  }
  return { merged, origin, unknown };
}

/** Whether a key is a live-mode key (`sk_live_…`, `rk_live_…`); anything else is read as test mode. */
export function isLiveKey(apiKey: string): boolean {
  return /^(sk|rk)_live_/.test(apiKey);
}

export function checkConfig(raw: Record<string, unknown>, origin: Record<string, string> = {}, now = Date.now() / 1000): Config {
  const config = { ...raw };
  checkValues(config, origin, now);
  const validate = validators.full();
  if (!validate(config)) {
    throw new ConfigError(describeError(validate.errors?.[0], raw, origin));
  }
  if (config['max_requests_per_second'] === undefined) {
    config['max_requests_per_second'] = isLiveKey(String(config['api_key'])) ? 20 : 10;
  }
  ORIGINS.set(config, origin);
  return config as unknown as Config;
}

/**
 * What the schema would let through or say poorly: the kind of key given, a boolean where a number belongs
 * (ajv would read `true` as 1), a start_date Stripe cannot have data for, an api_base that cannot be used.
 */
function checkValues(config: Record<string, unknown>, origin: Record<string, string>, now = Date.now() / 1000): void {
  for (const [setting, value] of Object.entries(config)) {
    const type = CONFIG_SCHEMA.properties[setting]?.type;
    const wanted = type === 'integer' || type === 'number' ? 'number' : type;
    if (wanted !== undefined && wanted !== 'string' && typeof value !== 'string' && typeof value !== wanted) {
      const shown = SECRET.has(setting) ? '' : `, got ${JSON.stringify(value)}`;
      throw configError(setting, `must be ${type === 'integer' ? 'an integer' : `a ${wanted}`}${shown}`, origin[setting]);
    }
  }
  if (config['api_key'] !== undefined) {
    const problem = keyProblem(config['api_key']);
    if (problem) throw configError('api_key', problem, origin['api_key']);
  }
  if (typeof config['start_date'] === 'string') {
    const problem = startDateProblem(config['start_date'], Math.floor(now));
    if (problem) throw configError('start_date', problem, origin['start_date']);
  }
  if (typeof config['api_base'] === 'string') {
    const problem = apiBaseProblem(config['api_base']);
    if (problem) throw configError('api_base', problem, origin['api_base']);
  }
}

function describeError(error: ErrorObject | undefined, raw: Record<string, unknown>, origin: Record<string, string>): string {
  if (!error) return 'config error: invalid configuration';
  const missing = error.keyword === 'required' ? String(error.params['missingProperty']) : undefined;
  if (missing) {
    const files = Object.values(origin).filter((o) => o.startsWith('config file ')).map((o) => o.slice('config file '.length));
    const where = [...new Set(files)].length > 0 ? ` (from config file ${[...new Set(files)].join(', ')})` : '';
    return `config error: ${missing} is required (set it in the config file or ${envName(missing)})${where}`;
  }
  const field = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
  const top = field.split('.')[0] ?? field;
  const value = raw[top];
  const shown = SECRET.has(top) ? '' : `, got ${JSON.stringify(value)}`;
  const problem = error.keyword === 'pattern'
    ? `must match ${String(error.params['pattern'])}`
    : error.keyword === 'format' && error.params['format'] === 'date-time'
      ? 'must be an RFC3339 date-time such as 2024-01-31T00:00:00Z'
      : error.keyword === 'format' && error.params['format'] === 'uri'
        ? 'must be a URL such as https://api.stripe.com'
        : (error.message ?? 'is invalid');
  return `config error: ${field} ${problem}${shown} (from ${origin[top] ?? 'config'})`;
}
