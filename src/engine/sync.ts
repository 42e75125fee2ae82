import { replicationKey, type Selection } from '../catalog';
import { AuthError, FatalApiError, PermissionError, TapError, UnavailableError, asTapError } from '../errors';
import type { Logger } from '../log';
import type { Output } from '../protocol/output';
import type { ChildStreamDef } from '../streams';
import type { JsonObject, StripeClient } from '../stripe/client';
import { listPages } from '../stripe/paginate';
import type { Query } from '../stripe/query';
import { childObjects } from './children';
import {
  emits, familyExpand, finishWindow, groupFamilies, members, planFamily, probeRanges, rangeWindow, splitRange,
  type Family, type Member, type Range,
} from './family';
import { DAY, syncEnd, type Window } from './plan';
import { interleave, runPool } from './scheduler';
import { withBookmark, toIso, type State } from './state';
import { fillColumns } from '../metadata-columns';
import { conformToSchema, dropFields } from './transform';
import { classifyStreamError } from './unavailable';

export interface SyncSettings {
  startDate?: number;
  lookbackSeconds: number;
  lagSeconds: number;
  windowDays: number;
  concurrency: number;
}

export interface SyncDeps {
  client: StripeClient;
  output: Output;
  log: Logger;
  now?: () => Date;
}

export interface SyncResult {
  state: State;
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
  const run = new SyncRun(initial, deps, now);
  for (const s of selections) {
    await deps.output.schema({
      stream: s.def.name, schema: s.schema as JsonObject, keyProperties: s.def.keyProperties,
      bookmarkProperties: replicationKey(s.def) ? [replicationKey(s.def)!] : [],
    });
  }
  const groups = [...groupFamilies(selections).values()];
  const needsStart = groups.some((g) => g[0] && planNeedsStart(g[0]));
  // "All history" starts at the epoch; the account's creation date only shapes the windows.
  const startDate = settings.startDate ?? 0;
  const historyStart = settings.startDate ?? (needsStart ? await accountStart(deps) : STRIPE_EPOCH);
  const end = syncEnd(now().getTime() / 1000, settings.lagSeconds);
  const families = groups.map((g) => planFamily(g, {
    state: initial, startDate, historyStart, end, lookbackSeconds: settings.lookbackSeconds, windowSeconds: settings.windowDays * DAY,
  }));
  for (const f of families) {
    const names = members(f).map((m) => m.selection.def.name).join(', ');
    deps.log.info(`${names}: ${f.windows.length} window(s) to read${f.root.replication === 'created' && f.windows[0] ? ` from ${toIso(f.windows[0].start)}` : ''}`);
  }
  const tasks = interleave(families.map((f) => probeRanges(f)));
  await runPool(tasks, settings.concurrency, (range, spawn) => run.range(range, spawn));
  for (const [stream, count] of run.records) deps.log.metric('counter', 'record_count', count, { endpoint: stream });
  return { state: run.state, records: run.records, failures: run.failures };
}

function planNeedsStart(selection: Selection): boolean {
  const def = selection.def;
  return def.kind === 'child' || def.replication === 'created';
}

/** The account's creation date, where "all history" begins. */
async function accountStart(deps: SyncDeps): Promise<number> {
  try {
    const account = await deps.client.get('/v1/account', {}, {});
    if (typeof account['created'] === 'number') return account['created'];
  } catch (error) {
    if (error instanceof AuthError) throw error;
    deps.log.info(`could not read the account's creation date (${asTapError(error).describe()}); reading history from ${toIso(STRIPE_EPOCH)}`);
  }
  return STRIPE_EPOCH;
}

class SyncRun {
  readonly records = new Map<string, number>();
  readonly failures: TapError[] = [];
  private readonly stopped = new Set<Family>();
  /** Child streams skipped for the rest of the run (403): their bookmarks stay where they were. */
  private readonly skipped = new Set<string>();
  private fatal: TapError | undefined;

  constructor(public state: State, private readonly deps: SyncDeps, private readonly now: () => Date) {}

  /** Reads a range of windows (splitting it when it holds more than a page) and commits what it can. */
  async range(range: Range, spawn: (more: Range[]) => void): Promise<void> {
    const family = range.family;
    if (this.fatal) throw this.fatal;
    if (this.stopped.has(family)) return;
    try {
      if (family.root.replication === 'snapshot') await this.snapshot(family);
      else if ((await this.list(family, rangeWindow(range), range.last > range.first)) === 'split') {
        spawn(splitRange(range));
        return;
      }
    } catch (raw) {
      this.stopFamily(family, asTapError(raw));
      return;
    }
    let committed: number | undefined;
    for (let i = range.first; i <= range.last; i += 1) committed = finishWindow(family, i) ?? committed;
    if (committed === undefined || this.stopped.has(family)) return;
    for (const m of members(family)) {
      const name = m.selection.def.name;
      if (m.start < committed && !this.skipped.has(name)) this.state = withBookmark(this.state, name, committed);
    }
    await this.deps.output.state(this.state as unknown as JsonObject);
    const names = members(family).map((m) => `${m.selection.def.name} ${this.records.get(m.selection.def.name) ?? 0}`).join(', ');
    this.deps.log.info(`${family.root.name}: synced through ${toIso(committed)} (${family.finished.size}/${family.windows.length} windows; records: ${names})`);
  }

  /**
   * Reads one window's list to its end. A probing read (a range of several windows) gives up after the first
   * page when there are more, so that the range is read again window by window: checkpoints stay fine-grained
   * where data is dense, and sparse history costs one request per range instead of one per window.
   */
  private async list(family: Family, window: Window, probe: boolean): Promise<'done' | 'split'> {
    const root = family.root;
    const query: Query = { ...(root.params ?? {}) };
    if (Number.isFinite(window.start)) query['created[gte]'] = window.start;
    if (Number.isFinite(window.end)) query['created[lt]'] = window.end;
    const expand = familyExpand(family);
    if (expand.length > 0) query['expand[]'] = expand;
    const rootMember = family.rootMember && emits(family.rootMember, window) ? family.rootMember : undefined;
    const children = family.children.filter((c) => emits(c, window));
    const context = { stream: root.name };
    const emitPage = async (page: JsonObject[]): Promise<void> => {
      const extractedAt = this.now();
      if (rootMember) {
        // expansions asked for the children go back to ids in the parent record (conformToSchema)
        for (const parent of page) await this.emit(rootMember, parent, extractedAt);
      }
      if (children.length > 0) await Promise.all(page.map((parent) => this.emitChildren(children, parent)));
    };
    let firstPage = true;
    for await (const page of listPages(this.deps.client, root.path, query, context)) {
      if (firstPage && probe && page.has_more) return 'split';
      firstPage = false;
      await emitPage(page.data);
    }
    return 'done';
  }

  /**
   * Emits a parent's children. A child the key may not read (403) is skipped for the rest of the run (its
   * bookmark stays), without stopping the parent; a parent deleted since it was listed (404) is passed over.
   */
  private async emitChildren(children: (Member & { def: ChildStreamDef })[], parent: JsonObject): Promise<void> {
    for (const child of children) {
      const name = child.def.name;
      if (this.skipped.has(name)) continue;
      try {
        for await (const items of childObjects(child.def, parent, this.deps.client, { stream: name })) {
          const extractedAt = this.now();
          for (const item of items) await this.emit(child, item, extractedAt);
        }
      } catch (error) {
        if (error instanceof PermissionError) {
          if (!this.skipped.has(name)) this.deps.log.warn(`${name}: skipped: ${error.describe()}; grant the key read access to include it`);
          this.skipped.add(name);
        } else if (error instanceof FatalApiError && error.status === 404) {
          this.deps.log.warn(`${name}: ${String(parent['id'])} was deleted during the sync (404); its children are passed over`);
        } else {
          throw error;
        }
      }
    }
  }

  private async snapshot(family: Family): Promise<void> {
    const member = family.rootMember;
    if (!member) return;
    const extractedAt = this.now();
    const body = await this.deps.client.get(family.root.path, {}, { stream: family.root.name });
    await this.emit(member, { ...body, synced_at: toIso(Math.floor(extractedAt.getTime() / 1000)) }, extractedAt);
  }

  private async emit(member: Member, object: JsonObject, extractedAt: Date): Promise<void> {
    const { def, schema, deselected, metadataColumns } = member.selection;
    const record = dropFields(fillColumns(conformToSchema(object, schema) as JsonObject, metadataColumns), deselected);
    this.records.set(def.name, (this.records.get(def.name) ?? 0) + 1);
    await this.deps.output.record(def.name, record, extractedAt);
  }

  /** Ends a family's sync: quietly for unavailable products, with a warning for 403s, as a failure otherwise. */
  private stopFamily(family: Family, error: TapError): void {
    if (this.stopped.has(family)) return;
    this.stopped.add(family);
    const names = members(family).map((m) => m.selection.def.name).join(', ');
    const classified = classifyStreamError(family.root, error);
    if (classified instanceof AuthError) {
      this.fatal = classified;
      throw classified;
    }
    if (classified instanceof UnavailableError && family.root.feature) {
      this.deps.log.info(`${names}: ${classified.message}`);
    } else if (classified instanceof UnavailableError) {
      this.deps.log.warn(`${names}: ${classified.message}; stream skipped, the run goes on`);
    } else if (classified instanceof PermissionError) {
      this.deps.log.warn(`${names}: skipped: ${classified.describe()}; grant the key read access to include it`);
    } else {
      this.failures.push(classified);
      this.deps.log.error(`${names}: stopped: ${classified.describe()}`);
    }
  }
}

