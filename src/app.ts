import { about, aboutMarkdown, VERSION } from './about';
import { buildCatalog, parseCatalog, selectAll, type Selection } from './catalog';
import { checkConnection } from './check';
import { isLiveKey, loadConfig, loadConfigWithoutKey, type Config } from './config';
import { failureSummary } from './engine/classify';
import { STRIPE_EPOCH, runSync } from './engine/sync';
import { emptyState, parseState, timeAhead, type State } from './engine/state';
import { toRfc3339, toUnixSeconds } from './time';
import { discoverMetadataColumns } from './discover';
import { ConfigError, type TapError } from './errors';
import { readJsonFile } from './json-file';
import { Logger } from './log';
import type { Output } from './protocol/output';
import { ProgressOutput } from './protocol/progress';
import { SingerOutput } from './protocol/singer';
import { MessageWriter } from './protocol/writer';
import { preflight } from './preflight';
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
  exitCode: number;
}

/** Runs one command. Every failure is a TapError by the time it leaves here (cli.ts prints it and exits). */
export async function runCommand(command: Command, log: Logger = new Logger(), signal?: AbortSignal): Promise<RunResult> {
  switch (command.kind) {
    case 'version':
      process.stdout.write(`tap-stripe ${VERSION}\n`);
      return { exitCode: 0 };
    case 'about':
      process.stdout.write(command.format === 'markdown' ? aboutMarkdown() : `${JSON.stringify(about(), null, 2)}\n`);
      return { exitCode: 0 };
    case 'discover':
      return discover(command.configs, log, signal);
    case 'check':
      return check(command.configs, log, signal);
    case 'read':
      return read(command, log, signal);
  }
}

/** The settings, with a warning for each name that is not a setting. */
export function settings(configs: string[], log: Logger): Config {
  return loadConfig(configs, process.env, { warn: (message) => log.warn(message) });
}

/** A state file's content as the tap's state; what a migration did is logged. */
export function readState(raw: unknown, source: string, log: Logger): State {
  const notes: string[] = [];
  const state = parseState(raw, source, notes);
  for (const note of notes) log.info(note);
  return state;
}

export function newClient(config: Config, log: Logger, signal?: AbortSignal): StripeClient {
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
    ...(signal ? { signal } : {}),
  }, log);
}

/** The custom-field columns discover declares (stream → column → metadata key): none unless asked for. */
export async function discoverColumns(configs: string[], log: Logger, signal?: AbortSignal): Promise<Map<string, Map<string, string>>> {
  const partial = loadConfigWithoutKey(configs, process.env, { warn: (message) => log.warn(message) });
  if (!partial.discover_metadata_keys) return new Map();
  if (!partial.api_key) throw new ConfigError('config error: discover_metadata_keys needs api_key (discover samples objects to find the keys)');
  const config = partial as Config;
  const client = newClient(config, log, signal);
  try {
    await preflight(client, config);
    return await discoverMetadataColumns(client, log, config.max_concurrency);
  } finally {
    await client.stop();
  }
}

async function discover(configs: string[], log: Logger, signal?: AbortSignal): Promise<RunResult> {
  const columns = await discoverColumns(configs, log, signal);
  const writer = new MessageWriter();
  await writer.write(buildCatalog(columns));
  await writer.close();
  return { exitCode: 0 };
}

async function check(configs: string[], log: Logger, signal?: AbortSignal): Promise<RunResult> {
  const config = settings(configs, log);
  const client = newClient(config, log, signal);
  try {
    const result = await checkConnection(config, client);
    if (result.ok) log.info(result.message);
    else log.error(result.message);
    return { exitCode: result.ok ? 0 : 1 };
  } finally {
    await client.stop();
  }
}

async function read(command: Extract<Command, { kind: 'read' }>, log: Logger, signal?: AbortSignal): Promise<RunResult> {
  const config = settings(command.configs, log);
  const selections: Selection[] = command.catalog
    ? parseCatalog(readJsonFile(command.catalog, '--catalog'), `catalog ${command.catalog}`)
    : selectAll();
  const stateSource = `state ${command.state ?? ''}`;
  const state: State = command.state ? readState(readJsonFile(command.state, '--state'), stateSource, log) : emptyState();
  reviewState(state, log);
  const { failures } = await sync({ config, selections, state, stateSource }, new SingerOutput(), log, signal);
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
  /** Where the state came from, for messages (`state s.json`). */
  stateSource?: string;
}

/**
 * A read in either protocol: the sync itself, with progress lines and the final summary table. Returns the
 * streams that failed; the output is closed at the end.
 */
export async function sync(input: SyncInput, output: Output, log: Logger, signal?: AbortSignal): Promise<{ failures: TapError[] }> {
  const { config, selections, state } = input;
  if (selections.length === 0) log.warn('no stream is selected in the catalog: nothing to sync');
  const client = newClient(config, log, signal);
  const progress = new ProgressOutput(output, log);
  try {
    // one request before any stream: a rejected key, an unreachable account or an api_base that is not Stripe
    // ends the run here, with one line; it also sets the clock the state is checked against
    const account = await preflight(client, config);
    const ahead = timeAhead(state, client.serverNow());
    if (ahead) {
      throw new ConfigError(`${input.stateSource ?? 'state'}: ${ahead} is in the future (Stripe's clock says ${toRfc3339(client.serverNow())}): a state from another clock or edited by hand; remove that bookmark (or start without --state) to read the stream again`);
    }
    if (!account) log.info(`the key may not read the account (GET /v1/account answered 403); history before ${toRfc3339(STRIPE_EPOCH)} is read as one window`);
    const result = await runSync(selections, state, {
      ...(config.start_date ? { startDate: toUnixSeconds(config.start_date) } : {}),
      lookbackSeconds: config.lookback_window,
      lagSeconds: config.lag_seconds,
      windowDays: config.window_days,
      concurrency: config.max_concurrency,
      autoReread: config.auto_reread_history,
      livemode: isLiveKey(config.api_key),
      accountCreated: typeof account?.['created'] === 'number' ? account['created'] : STRIPE_EPOCH,
    }, { client, output: progress, log, ...(signal ? { signal } : {}) });
    const total = [...result.records.values()].reduce((a, b) => a + b, 0);
    progress.summary(client.stats);
    log.info(`sync finished: ${total} records from ${result.records.size} streams in ${client.stats.requests} requests (${client.stats.retries} retries)`);
    return { failures: result.failures };
  } finally {
    await progress.close();
    await client.stop();
  }
}
