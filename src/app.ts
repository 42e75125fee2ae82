import { about, aboutMarkdown, VERSION } from './about';
import { buildCatalog, parseCatalog, selectAll, type Selection } from './catalog';
import { isLiveKey, loadConfig, loadConfigWithoutKey, type Config } from './config';
import { failureSummary } from './engine/classify';
import { runSync } from './engine/sync';
import { emptyState, parseState, type State } from './engine/state';
import { toUnixSeconds } from './time';
import { discoverMetadataColumns } from './discover';
import { AuthError, ConfigError, TapError } from './errors';
import { readJsonFile } from './json-file';
import { Logger } from './log';
import { SingerOutput } from './protocol/singer';
import { MessageWriter } from './protocol/writer';
import { StripeClient } from './stripe/client';

/** A parsed command line: what to do, with which files. */
export type Command =
  | { kind: 'discover'; configs: string[] }
  | { kind: 'read'; configs: string[]; catalog?: string; state?: string }
  | { kind: 'check'; configs: string[] }
  | { kind: 'about'; format: 'json' | 'markdown' }
  | { kind: 'version' };

export interface RunResult {
  exitCode: 0 | 1 | 2;
}

/** Runs one command. Every failure is a TapError by the time it leaves here (cli.ts prints it and exits). */
export async function runCommand(command: Command, log: Logger = new Logger()): Promise<RunResult> {
  switch (command.kind) {
    case 'version':
      process.stdout.write(`tap-stripe ${VERSION}\n`);
      return { exitCode: 0 };
    case 'about':
      process.stdout.write(command.format === 'markdown' ? aboutMarkdown() : `${JSON.stringify(about(), null, 2)}\n`);
      return { exitCode: 0 };
    case 'discover':
      return discover(command.configs, log);
    case 'check':
      return check(command.configs, log);
    case 'read':
      return read(command, log);
  }
}

function newClient(config: Config, log: Logger): StripeClient {
  log.addSecret(config.api_key);
  return new StripeClient({
    apiKey: config.api_key,
    timeoutSeconds: config.request_timeout,
    maxRequestsPerSecond: config.max_requests_per_second,
    maxConcurrency: config.max_concurrency,
    retry: { maxRetries: config.max_retries, baseDelayMs: 500, maxDelayMs: 30_000 },
    version: VERSION,
    ...(config.account_id ? { accountId: config.account_id } : {}),
    ...(config.api_base ? { apiBase: config.api_base } : {}),
    ...(config.user_agent ? { userAgent: config.user_agent } : {}),
  }, log);
}

async function discover(configs: string[], log: Logger): Promise<RunResult> {
  const partial = loadConfigWithoutKey(configs);
  let columns = new Map<string, Map<string, string>>();
  if (partial.discover_metadata_keys) {
    if (!partial.api_key) throw new ConfigError('config error: discover_metadata_keys needs api_key (discover samples objects to find the keys)');
    const config = partial as Config;
    const client = newClient(config, log);
    try {
      columns = await discoverMetadataColumns(client, log, config.max_concurrency);
    } finally {
      await client.stop();
    }
  }
  const writer = new MessageWriter();
  await writer.write(buildCatalog(columns));
  await writer.close();
  return { exitCode: 0 };
}

async function check(configs: string[], log: Logger): Promise<RunResult> {
  const config = loadConfig(configs);
  const client = newClient(config, log);
  try {
    const account = await client.get('/v1/account', {}, {});
    log.info(`connection OK: the key reads account ${String(account['id'])}`);
  } catch (error) {
    if (!(error instanceof TapError) || error instanceof AuthError || error.status !== 403) throw error;
    log.info('connection OK: the key is accepted (it may not read the account object itself)');
  }
  return { exitCode: 0 };
}

async function read(command: Extract<Command, { kind: 'read' }>, log: Logger): Promise<RunResult> {
  const config = loadConfig(command.configs);
  const selections: Selection[] = command.catalog
    ? parseCatalog(readJsonFile(command.catalog, '--catalog'), `catalog ${command.catalog}`)
    : selectAll();
  const state: State = command.state ? parseState(readJsonFile(command.state, '--state'), `state ${command.state}`) : emptyState();
  if (selections.length === 0) log.warn('no stream is selected in the catalog: nothing to sync');
  const client = newClient(config, log);
  const output = new SingerOutput();
  try {
    const result = await runSync(selections, state, {
      ...(config.start_date ? { startDate: toUnixSeconds(config.start_date) } : {}),
      lookbackSeconds: config.lookback_window,
      lagSeconds: config.lag_seconds,
      windowDays: config.window_days,
      concurrency: config.max_concurrency,
      livemode: isLiveKey(config.api_key),
    }, { client, output, log });
    const total = [...result.records.values()].reduce((a, b) => a + b, 0);
    log.info(`sync finished: ${total} records from ${result.records.size} streams in ${client.stats.requests} requests (${client.stats.retries} retries)`);
    if (result.failures.length > 0) {
      log.error(failureSummary(result.failures));
      return { exitCode: 1 };
    }
    return { exitCode: 0 };
  } finally {
    await output.close();
    await client.stop();
  }
}

