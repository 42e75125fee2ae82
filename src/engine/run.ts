import { replicationKey } from '../catalog';
import { AuthError, InterruptedError, PermissionError, TapError, UnavailableError, asTapError } from '../errors';
import type { JsonObject } from '../streams';
import { listPages } from '../stripe/paginate';
import type { Query } from '../stripe/query';
import { toRfc3339 } from '../time';
import type { Checkpoint } from './changes';
import { Cadence } from './cadence';
import { ChildReader } from './child-reader';
import { classifyStreamError } from './classify';
import type { Emitter } from './emit';
import { arrivesTwice, emits, familyExpand, members, publishedName, type Family, type Member, type Task } from './family';
import { vanished, withFullIds } from './full-table';
import { Pool, roundRobin } from './scheduler';
import { REREAD_BOOKMARK, withBookmark, type State } from './state';
import type { SyncDeps } from './sync';
import type { HistoryWindow } from './windows';

/**
 * The mutable part of one sync: the state, which families stopped and which child streams were skipped.
 * Reads the windows of every family, emits their records, and commits bookmarks over finished prefixes.
 */
export class SyncRun implements Checkpoint {
  readonly failures: TapError[] = [];
  /** Streams that stopped before reading everything (failed, or refused to the key). */
  readonly incomplete = new Set<string>();
  /** Streams whose changes could not be followed: their bookmarks go back to the start for the rest of this run. */
  private readonly uncovered = new Set<string>();
  /** Ids each deletable full-table family emitted in this run. */
  private readonly fullIds = new Map<Family, Set<string>>();
  private readonly stopped = new Set<Family>();
  /** Ids emitted this run, for streams whose objects can arrive through several families (`alsoFrom`). */
  private readonly emittedIds = new Map<string, Set<string>>();
  /** Per stream: objects a server returned outside the requested created range, dropped. */
  private readonly outOfRange = new Map<string, number>();
  private readonly children: ChildReader;
  private readonly cadence = new Cadence();
  private pool: Pool<Task> | undefined;
  private fatal: TapError | undefined;

  constructor(
    public state: State, private readonly deps: SyncDeps, private readonly emitter: Emitter,
    /** The run's end (unix seconds): the `updated` time of full-table records. */
    private readonly end: number,
  ) {
    this.children = new ChildReader(deps.client, deps.log, (stream) => this.incomplete.add(stream));
  }

  /** Whether every window of a family was read (it did not stop on an error). */
  completed(family: Family): boolean {
    return !this.stopped.has(family) && family.plan.complete;
  }

  async save(): Promise<void> {
    this.cadence.saved(this.emitter.total);
    await this.deps.output.state(this.state as unknown as JsonObject);
  }

  /** A STATE when 10,000 records or 30 seconds went by since the last one (only ever the committed state). */
  async saveIfDue(): Promise<void> {
    if (this.cadence.due(this.emitter.total)) await this.save();
  }

  uncover(stream: string, why: string): void {
    if (this.uncovered.has(stream)) return;
    this.uncovered.add(stream);
    this.incomplete.add(stream);
    // back to the start, not gone: a stream without a bookmark would be one change capture does not follow
    // and every object up to this run's end may be in the warehouse (see `syncedBefore`)
    this.state = { ...this.state, bookmarks: { ...this.state.bookmarks, [stream]: { created: REREAD_BOOKMARK, synced: toRfc3339(this.end) } } };
    this.deps.log.warn(`${stream}: its changes cannot be read (${why}); its history will be read again from the start next run`);
  }

  /**
   * Reads the families' windows, `concurrency` at once: the next window of each family in turn, then the
   * extra tasks (test clocks), then, for a reader that would idle, half of what the busiest window has left.
   */
  async read(families: readonly Family[], extra: Task[], concurrency: number): Promise<void> {
    const live = families.filter((f) => !this.stopped.has(f));
    const windows = roundRobin(live.map((family) => (): Task | undefined => {
      const window = this.stopped.has(family) ? undefined : family.plan.next();
      return window && { family, window };
    }));
    const steal = (): Task | undefined => {
      const family = live.filter((f) => !this.stopped.has(f)).sort((a, b) => b.plan.stealable() - a.plan.stealable())[0];
      const window = family?.plan.steal();
      return family && window && { family, window };
    };
    this.pool = new Pool(concurrency, () => windows() ?? extra.shift() ?? steal(), (task) => this.task(task));
    await this.pool.run();
  }

  /** Reads one window and commits what it can. */
  private async task(task: Task): Promise<void> {
    const { family, window } = task;
    if (this.fatal) throw this.fatal;
    if (this.stopped.has(family)) return;
    const expanding = family.children.filter((c) => (c.def.parentExpand ?? []).length > 0 && !this.children.skipped.has(c.def.name));
    try {
      // a test clock's objects: the whole list, outside the family's windows (their `created` follows the clock)
      if (task.testClock !== undefined) return await this.list(family, window, task.testClock);
      if (family.root.replication === 'snapshot') await this.snapshot(family);
      else await this.list(family, window);
    } catch (raw) {
      const error = asTapError(raw);
      if (error instanceof PermissionError && expanding.length > 0) {
        // the list asked for expansions its children need (e.g. data.sources): find the refused ones, skip
        // their children, and read the window again
        try {
          await this.children.skipRefusedExpansions(family, expanding, error);
        } catch (probe) {
          this.stopFamily(family, asTapError(probe)); // the probe itself failed (retries ran out, a signal)
          return;
        }
        family.plan.restart(window);
        return this.task(task);
      }
      this.stopFamily(family, error);
      return;
    }
    const committed = family.plan.finish(window);
    if (this.stopped.has(family)) return;
    if (family.root.replication === 'full') return this.finishFull(family);
    if (committed === undefined) return;
    for (const m of members(family)) {
      const name = m.selection.def.name;
      if (m.start < committed && !this.children.skipped.has(name) && !this.uncovered.has(name)) this.state = withBookmark(this.state, name, committed);
    }
    await this.save();
    const counts = members(family).map((m) => publishedName(m.selection.def)).map((s) => `${s} ${this.emitter.records.get(s) ?? 0}`).join(', ');
    this.deps.log.info(`${family.root.name}: synced through ${toRfc3339(committed)} (${family.plan.finished} window(s) done; records: ${counts})`);
  }

  /**
   * A full-table read is done: the ids the last complete read emitted and this one did not list are
   * tombstoned (deletable streams only), and the state keeps this read's ids.
   */
  private async finishFull(family: Family): Promise<void> {
    const seen = this.fullIds.get(family);
    const member = family.rootMember;
    if (!seen || !member) return;
    for (const id of vanished(this.state.full?.[family.root.name]?.ids, seen)) {
      await this.emitter.tombstone(member.selection, { id }, this.end);
    }
    this.state = withFullIds(this.state, family.root.name, seen);
    await this.save();
  }

  /** Final metrics and the counts behind repeated warnings. */
  summarize(): void {
    for (const [stream, count] of this.emitter.records) this.deps.log.metric('counter', 'record_count', count, { endpoint: stream });
    this.children.summarize();
    for (const [stream, count] of this.outOfRange) this.deps.log.warn(`${stream}: the server returned ${count} object(s) outside the requested created range; dropped`);
  }

  /**
   * Reads one window's list to its end, newest first, telling the plan what each page held: the plan may
   * narrow the window meanwhile (the part it has not reached goes to another reader), which the next
   * request's `created[gte]` follows.
   */
  private async list(family: Family, window: HistoryWindow, testClock?: string): Promise<void> {
    const root = family.root;
    const active = this.children.active(family);
    if (!family.rootMember && active.length === 0 && !family.feed) return; // every member skipped: nothing to read for
    const expand = familyExpand(family.root, active.map((c) => c.def));
    const key = replicationKey(root) ?? 'created';
    const rootMember = family.rootMember && emits(family.rootMember, window) ? family.rootMember : undefined;
    const ids = root.deletable && rootMember ? this.fullIdsOf(family) : undefined;
    const bounded = Number.isFinite(window.start) || Number.isFinite(window.end);
    // full-table reads, and a test clock's objects (their `created` follows the clock, maybe ahead of now), are
    // as of this read: `updated` is the run's end
    const asOfRead = root.replication === 'full' || testClock !== undefined;
    const updatedOf = (object: JsonObject): number | undefined => (asOfRead ? this.end : this.createdOf(family, object));
    let requested = window.start;
    const query = (): Query => {
      requested = window.start;
      const q: Query = { ...(root.params ?? {}), ...(testClock === undefined ? {} : { test_clock: testClock }) };
      if (Number.isFinite(window.start)) q['created[gte]'] = window.start;
      if (Number.isFinite(window.end)) q['created[lt]'] = window.end;
      if (expand.length > 0) q['expand[]'] = expand;
      return q;
    };
    for await (const page of listPages(this.deps.client, root.path, query, { stream: root.name }, bounded ? { orderKey: key } : {})) {
      // objects below a start that moved up while the page was read belong to the window below now
      const reached = page.data.some((o) => typeof o[key] === 'number' && o[key] < window.start && o[key] >= requested);
      const parents = page.data.filter((o) => this.inWindow(root.name, o[key], window, requested));
      const feed = family.feed;
      if (feed) for (const event of parents) if (Number(event['created']) >= feed.start) feed.sink(event);
      // expansions asked for the children go back to ids in the parent record (conformToSchema); the whole
      // page is handed to the output before waiting for it (one wait a page, not one a record)
      if (rootMember) {
        for (const parent of parents) ids?.add(String(parent['id']));
        await Promise.all(parents.map((parent) => this.emit(rootMember, parent, updatedOf(parent))));
      }
      const children = this.children.active(family).filter((c) => emits(c, window));
      const childRequests = await this.children.page(children, parents, updatedOf, asOfRead, (m, o, u) => this.emit(m, o, u));
      const last = page.data[page.data.length - 1]?.[key];
      const more = page.has_more && !reached;
      if (testClock === undefined) family.plan.page(window, { items: parents.length, cost: 1 + childRequests, more, ...(typeof last === 'number' ? { low: last } : {}) });
      await this.saveIfDue();
      this.pool?.pump();
      if (!more) return;
    }
  }

  /** `created` (or `date`) of an object read from history: its `updated`, unless read as of the read. */
  private createdOf(family: Family, object: JsonObject): number | undefined {
    const value = object[replicationKey(family.root) ?? 'created'];
    return typeof value === 'number' ? value : undefined;
  }

  private fullIdsOf(family: Family): Set<string> {
    let ids = this.fullIds.get(family);
    if (!ids) this.fullIds.set(family, (ids = new Set()));
    return ids;
  }

  /**
   * A server that ignores the created filter must not make records appear in every window. Objects between
   * the start the request asked for and the window's start now are left, silently, to the window below.
   */
  private inWindow(stream: string, created: unknown, window: HistoryWindow, requested: number): boolean {
    if (typeof created !== 'number' || (created >= window.start && created < window.end)) return true;
    if (created >= requested && created < window.end) return false;
    this.outOfRange.set(stream, (this.outOfRange.get(stream) ?? 0) + 1);
    return false;
  }

  private async snapshot(family: Family): Promise<void> {
    const member = family.rootMember;
    if (!member) return;
    const body = await this.deps.client.get(family.root.path, {}, { stream: family.root.name });
    await this.emitter.record(member.selection, { ...body, synced_at: toRfc3339(this.deps.client.serverNow()) }, undefined);
  }

  /**
   * Emits a record once per run for streams read through several families (reviews, `alsoFrom`). An object
   * an earlier run may have synced is as of this read: `updated` is the run's end, so that it wins over a
   * version change capture emitted before (with its event's time, later than `created`).
   */
  private emit(member: Member, object: JsonObject, updated: number | undefined): Promise<void> {
    if (arrivesTwice(member.selection.def) && this.emittedBefore(publishedName(member.selection.def), object['id'])) return Promise.resolve();
    const again = updated !== undefined && member.syncedBefore !== undefined && updated < member.syncedBefore;
    return this.emitter.record(member.selection, object, again ? this.end : updated);
  }

  private emittedBefore(stream: string, id: unknown): boolean {
    if (typeof id !== 'string') return false;
    const seen = this.emittedIds.get(stream) ?? new Set<string>();
    this.emittedIds.set(stream, seen);
    return seen.has(id) || (seen.add(id), false);
  }

  /** Ends a family's sync: quietly for unavailable products, with a warning for 403s, as a failure otherwise. */
  private stopFamily(family: Family, error: TapError): void {
    if (this.stopped.has(family)) return;
    this.stopped.add(family);
    if (error instanceof InterruptedError) {
      // stopped by a signal: its unfinished windows stay unbookmarked, the next run reads them
      for (const m of members(family)) this.incomplete.add(m.selection.def.name);
      return;
    }
    const names = [...members(family).map((m) => m.selection.def.name), ...(family.feed ? ['(change capture)'] : [])].join(', ');
    const classified = classifyStreamError(family.root, error);
    if (!(classified instanceof UnavailableError)) for (const m of members(family)) this.incomplete.add(m.selection.def.name);
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
