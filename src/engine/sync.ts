import { replicationKey, type Selection } from '../catalog';
import { AuthError, ChangeCaptureError, InterruptedError, asTapError, type TapError } from '../errors';
import type { Logger } from '../log';
import type { Output } from '../protocol/output';
import type { JsonObject } from '../streams';
import type { StripeClient } from '../stripe/client';
import { toRfc3339 } from '../time';
import { EVENT_RETENTION_SECONDS, planChanges, startingState, type ChangePlan } from './change-plan';
import { ChangeCapture } from './changes';
import { readableInMode, testClockTasks } from './clocks';
import { Emitter } from './emit';
import { groupFamilies, members, planEventsFamily, planFamily, type Family } from './family';
import { DAY, syncEnd } from './plan';
import { CHECKPOINT_MS } from './cadence';
import { SyncRun } from './run';
import type { State } from './state';
import { DEFAULT_SIZING } from './windows';

export interface SyncSettings {
  startDate?: number;
  lookbackSeconds: number;
  lagSeconds: number;
  /** The longest span one window may cover (days); unset: windows are sized from the data's density alone. */
  windowDays?: number;
  concurrency: number;
  /** When events a stream needs are gone (older than 30 days), read its history again (else fail). */
  autoReread: boolean;
  /** The key is a live-mode key: test-mode-only streams are skipped, test clocks are not looked for. */
  livemode?: boolean;
  /** The account's creation date, when the caller has read the account already (the run's preflight). */
  accountCreated?: number;
}

export interface SyncDeps {
  client: StripeClient;
  output: Output;
  log: Logger;
  now?: () => Date;
  /**
   * Aborted on SIGINT/SIGTERM: the client starts no more requests, the run ends after those in flight and
   * emits its last safe state (nothing unread is ever bookmarked, so that is all it takes).
   */
  signal?: AbortSignal;
}

export interface SyncResult {
  records: Map<string, number>;
  /** Streams that ended on an error (the run exits 1); skipped streams (403, unavailable) are not failures. */
  failures: TapError[];
}

/** Stripe launched publicly in 2011: where history is assumed to begin when the account's creation date is unknown. */
export const STRIPE_EPOCH = Date.UTC(2011, 0, 1) / 1000;

/**
 * One sync run, by Stripe's clock: SCHEMA for every selected stream; then one read of `/v1/events` (the
 * `events` stream and change capture's feed); then the changes (current versions and tombstones of objects
 * synced before); then the windows of every family concurrently (one rate limiter in the client). A STATE
 * each time a family's contiguous prefix of finished windows grows, or change capture's cursor moves, and
 * at least every 10,000 records or 30 seconds.
 */
export async function runSync(selections: Selection[], initial: State, settings: SyncSettings, deps: SyncDeps): Promise<SyncResult> {
  const emitter = new Emitter(deps.output, deps.now ?? (() => new Date()), deps.log);
  for (const s of selections) {
    const key = replicationKey(s.def);
    await deps.output.schema({
      stream: s.def.name, schema: withoutFields(s.schema as JsonObject, s.deselected), keyProperties: s.def.keyProperties,
      bookmarkProperties: key ? [key] : [],
    });
  }
  await deps.output.started?.(selections.map((s) => s.def.name));
  // "All history" starts at the epoch; the account's creation date only shapes the windows. Reading the
  // account also sets the clock to Stripe's.
  const startDate = settings.startDate ?? 0;
  const accountCreated = settings.accountCreated ?? await accountStart(deps);
  const historyStart = settings.startDate ?? accountCreated;
  const now = deps.client.serverNow();
  const end = syncEnd(now, settings.lagSeconds);
  const plan = planChanges(selections, initial, { now, lookbackSeconds: settings.lookbackSeconds, startDate });
  rereadOrFail(plan, settings, deps.log);
  const state = startingState(initial, plan, new Set(selections.map((s) => s.def.name)), end);
  const sizing = { ...DEFAULT_SIZING, ...(settings.windowDays === undefined ? {} : { maxSpan: settings.windowDays * DAY }) };
  const input = { state, before: initial, startDate, historyStart, end, lookbackSeconds: settings.lookbackSeconds, sizing };
  const livemode = settings.livemode ?? true;
  const readable = readableInMode(selections.filter((s) => s.def.name !== 'events'), livemode, deps.log);
  const families = [...groupFamilies(readable).values()].map((g) => planFamily(g, input));

  const run = new SyncRun(state, deps, emitter, end);
  const changes = plan.start === undefined ? undefined
    : new ChangeCapture(plan, { client: deps.client, log: deps.log, emitter, checkpoint: run }, settings.concurrency, end);
  // with nothing to capture, every stream with a bookmark after this run was read in it: covered up to `end`
  if (!changes) run.state = { ...run.state, events: { created: toRfc3339(end) } };
  const eventsFamily = planEventsFamily(
    selections.find((s) => s.def.name === 'events'),
    changes && plan.start !== undefined ? { start: plan.start, sink: (event) => changes.set.add(event) } : undefined,
    input, now - EVENT_RETENTION_SECONDS,
  );
  logPlan(eventsFamily ? [eventsFamily, ...families] : families, deps.log);
  // a STATE at least every 30 s, also while nothing arrives (slow requests, retries)
  const ticker = setInterval(() => void run.saveIfDue(), CHECKPOINT_MS / 6);
  ticker.unref();
  try {
    if (eventsFamily) await run.read([eventsFamily], [], settings.concurrency);
    if (changes && eventsFamily && !deps.signal?.aborted) {
      const complete = run.completed(eventsFamily);
      if (!complete) {
        // the streams change capture follows are not up to date, whatever their history does
        const streams = [...plan.captured.keys()].sort();
        for (const stream of streams) run.incomplete.add(stream);
        deps.log.warn(`change capture: the changes of ${streams.join(', ')} since ${toRfc3339(plan.start!)} are not all read in this run (the events could not be read, see above); the events cursor stays where it was`);
      }
      await changes.apply(complete);
      await run.save();
    }
    await run.read(families, await testClockTasks(families, livemode, deps.client, deps.log), settings.concurrency);
  } finally {
    clearInterval(ticker);
  }
  // a last STATE after the last record: targets commit what precedes a STATE (test-clock reads have none)
  await run.save();
  run.summarize();
  const failures = [...(changes?.failures ?? []), ...run.failures];
  for (const failure of changes?.failures ?? []) if (failure.stream) run.incomplete.add(failure.stream);
  await deps.output.finished?.(selections.map((s) => ({ stream: s.def.name, complete: !run.incomplete.has(s.def.name) })));
  return { records: emitter.records, failures };
}

/** Streams whose events are gone are read again (with one warning), or the run stops when that is turned off. */
function rereadOrFail(plan: ChangePlan, settings: SyncSettings, log: Logger): void {
  if (plan.reread.length === 0) return;
  const names = plan.reread.map((r) => r.stream).join(', ');
  // the streams' own cursors (a stream left out of runs keeps its own), not necessarily the state's
  const cursors = plan.reread.flatMap((r) => (r.cursor === undefined ? [] : [r.cursor]));
  const cursor = cursors.length > 0 ? toRfc3339(Math.min(...cursors)) : undefined;
  const why = cursor !== undefined
    ? `their events cursor (${cursor}) is older than the 30 days of events Stripe keeps`
    : 'the state has no events cursor for them';
  if (!settings.autoReread) {
    throw new ChangeCaptureError(`change capture cannot go on for ${names}: ${why}; set auto_reread_history to true to read their history again, or remove their bookmarks from the state`);
  }
  log.warn(`change capture: ${why} for ${names}: reading their history again from the start in this run`);
}

function logPlan(families: Family[], log: Logger): void {
  for (const f of families) {
    const names = members(f).map((m) => m.selection.def.name);
    if (f.feed) names.push('(change capture)');
    const first = f.plan.windows[0];
    const what = f.root.replication !== 'created' ? 'the whole list'
      : first ? `history from ${toRfc3339(first.start)} to ${toRfc3339(first.end)}` : 'nothing new';
    log.info(`${names.join(', ')}: reading ${what}`);
  }
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
    if (error instanceof InterruptedError) return STRIPE_EPOCH; // stopped: nothing is read, nothing to say
    deps.log.info(`could not read the account's creation date (${asTapError(error).describe()}); history before ${toRfc3339(STRIPE_EPOCH)} is read as one window`);
  }
  return STRIPE_EPOCH;
}
