import { replicationKey, type Selection } from '../catalog';
import { AuthError, asTapError, type TapError } from '../errors';
import type { Logger } from '../log';
import type { Output } from '../protocol/output';
import { rootOf, type JsonObject } from '../streams';
import type { StripeClient } from '../stripe/client';
import { toRfc3339 } from '../time';
import { readableInMode, testClockRanges } from './clocks';
import { groupFamilies, members, planFamily, probeRanges } from './family';
import { DAY, syncEnd } from './plan';
import { SyncRun } from './run';
import { interleave, runPool } from './scheduler';
import type { State } from './state';

export interface SyncSettings {
  startDate?: number;
  lookbackSeconds: number;
  lagSeconds: number;
  windowDays: number;
  concurrency: number;
  /** The key is a live-mode key: test-mode-only streams are skipped, test clocks are not looked for. */
  livemode?: boolean;
}

export interface SyncDeps {
  client: StripeClient;
  output: Output;
  log: Logger;
  now?: () => Date;
}

export interface SyncResult {
  records: Map<string, number>;
  /** Streams that ended on an error (the run exits 1); skipped streams (403, unavailable) are not failures. */
  failures: TapError[];
}

/** Stripe launched publicly in 2011: where history is assumed to begin when the account's creation date is unknown. */
const STRIPE_EPOCH = Date.UTC(2011, 0, 1) / 1000;

/**
 * One sync run: SCHEMA for every selected stream, then the windows of every family concurrently (one rate
 * limiter in the client), a STATE each time a family's contiguous prefix of finished windows grows.
 */
export async function runSync(selections: Selection[], initial: State, settings: SyncSettings, deps: SyncDeps): Promise<SyncResult> {
  const now = deps.now ?? (() => new Date());
  for (const s of selections) {
    const key = replicationKey(s.def);
    await deps.output.schema({
      stream: s.def.name, schema: withoutFields(s.schema as JsonObject, s.deselected), keyProperties: s.def.keyProperties,
      bookmarkProperties: key ? [key] : [],
    });
  }
  const livemode = settings.livemode ?? true;
  const groups = [...groupFamilies(readableInMode(selections, livemode, deps.log)).values()];
  const incremental = selections.some((s) => rootOf(s.def).replication === 'created');
  // "All history" starts at the epoch; the account's creation date only shapes the windows.
  const startDate = settings.startDate ?? 0;
  const historyStart = settings.startDate ?? (incremental ? await accountStart(deps) : STRIPE_EPOCH);
  const end = syncEnd(now().getTime() / 1000, settings.lagSeconds);
  const families = groups.map((g) => planFamily(g, {
    state: initial, startDate, historyStart, end, lookbackSeconds: settings.lookbackSeconds, windowSeconds: settings.windowDays * DAY,
  }));
  for (const f of families) {
    const names = members(f).map((m) => m.selection.def.name).join(', ');
    const from = f.root.replication === 'created' && f.windows[0] ? ` from ${toRfc3339(f.windows[0].start)}` : '';
    deps.log.info(`${names}: ${f.windows.length} window(s) to read${from}`);
  }
  const clocks = await testClockRanges(families, livemode, deps.client, deps.log);
  const run = new SyncRun(initial, deps, now);
  await runPool(interleave([...families.map((f) => probeRanges(f)), clocks]), settings.concurrency, (range, spawn) => run.range(range, spawn));
  run.summarize();
  return { records: run.records, failures: run.failures };
}

/** The schema as announced: without the fields the catalog deselected. */
function withoutFields(schema: JsonObject, deselected: ReadonlySet<string>): JsonObject {
  const properties = schema['properties'];
  if (deselected.size === 0 || typeof properties !== 'object' || properties === null) return schema;
  return { ...schema, properties: Object.fromEntries(Object.entries(properties).filter(([k]) => !deselected.has(k))) };
}

/** The account's creation date: the span before it is read as one window. */
async function accountStart(deps: SyncDeps): Promise<number> {
  try {
    const account = await deps.client.get('/v1/account', {}, {});
    if (typeof account['created'] === 'number') return account['created'];
  } catch (error) {
    if (error instanceof AuthError) throw error;
    deps.log.info(`could not read the account's creation date (${asTapError(error).describe()}); history before ${toRfc3339(STRIPE_EPOCH)} is read as one window`);
  }
  return STRIPE_EPOCH;
}
