import { about, aboutMarkdown, VERSION } from './about';
import { buildCatalog, parseCatalog, selectAll, type Selection } from './catalog';
import { checkConnection } from './check';
import { isLiveKey, loadConfig, loadConfigWithoutKey, type Config } from './config';
import { failureSummary } from './engine/classify';
import { runSync } from './engine/sync';
import { emptyState, parseState, type State } from './engine/state';
import { toUnixSeconds } from './time';
import { discoverMetadataColumns } from './discover';
import { ConfigError, type TapError } from './errors';
import { readJsonFile } from './json-file';
import { Logger } from './log';
import type { Output } from './protocol/output';
import { ProgressOutput } from './protocol/progress';
import { SingerOutput } from './protocol/singer';
import { MessageWriter } from './protocol/writer';
import { reviewState } from './state-review';
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

export function newClient(config: Config, log: Logger): StripeClient {
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

/** The custom-field columns discover declares (stream → column → metadata key): none unless asked for. */
export async function discoverColumns(configs: string[], log: Logger): Promise<Map<string, Map<string, string>>> {
  const partial = loadConfigWithoutKey(configs);
  if (!partial.discover_metadata_keys) return new Map();
  if (!partial.api_key) throw new ConfigError('config error: discover_metadata_keys needs api_key (discover samples objects to find the keys)');
  const config = partial as Config;
  const client = newClient(config, log);
  try {
    return await discoverMetadataColumns(client, log, config.max_concurrency);
  } finally {
    await client.stop();
  }
}

async function discover(configs: string[], log: Logger): Promise<RunResult> {
  const columns = await discoverColumns(configs, log);
  const writer = new MessageWriter();
  await writer.write(buildCatalog(columns));
  await writer.close();
  return { exitCode: 0 };
}

async function check(configs: string[], log: Logger): Promise<RunResult> {
  const config = loadConfig(configs);
  const client = newClient(config, log);
  try {
    const result = await checkConnection(config, client);
    if (result.ok) log.info(result.message);
    else log.error(result.message);
    return { exitCode: result.ok ? 0 : 1 };
  } finally {
    await client.stop();
  }
}

async function read(command: Extract<Command, { kind: 'read' }>, log: Logger): Promise<RunResult> {
  const config = loadConfig(command.configs);
  const selections: Selection[] = command.catalog
    ? parseCatalog(readJsonFile(command.catalog, '--catalog'), `catalog ${command.catalog}`)
    : selectAll();
  const state: State = command.state ? parseState(readJsonFile(command.state, '--state'), `state ${command.state}`) : emptyState();
  reviewState(state, selections, log);
  const { failures } = await sync({ config, selections, state }, new SingerOutput(), log);
  if (failures.length > 0) {
    log.error(failureSummary(failures));
    return { exitCode: 1 };
  }
  return { exitCode: 0 };
}

export interface SyncInput {
  config: Config;
  selections: Selection[];
  state: State;
}

/**
 * A read in either protocol: the sync itself, with progress lines and the final summary table. Returns the
 * streams that failed; the output is closed at the end.
 */
export async function sync(input: SyncInput, output: Output, log: Logger): Promise<{ failures: TapError[] }> {
  const { config, selections, state } = input;
  if (selections.length === 0) log.warn('no stream is selected in the catalog: nothing to sync');
  const client = newClient(config, log);
  const progress = new ProgressOutput(output, log);
  try {
    const result = await runSync(selections, state, {
      ...(config.start_date ? { startDate: toUnixSeconds(config.start_date) } : {}),
      lookbackSeconds: config.lookback_window,
      lagSeconds: config.lag_seconds,
      windowDays: config.window_days,
      concurrency: config.max_concurrency,
      autoReread: config.auto_reread_history,
      livemode: isLiveKey(config.api_key),
    }, { client, output: progress, log });
    const total = [...result.records.values()].reduce((a, b) => a + b, 0);
    progress.summary(client.stats);
    log.info(`sync finished: ${total} records from ${result.records.size} streams in ${client.stats.requests} requests (${client.stats.retries} retries)`);
    return { failures: result.failures };
  } finally {
    await progress.close();
    await client.stop();
  }
}
