import { replicationKey } from '../catalog';
import { AuthError, InterruptedError, PermissionError, TapError, UnavailableError, asTapError } from '../errors';
import type { ChildStreamDef, JsonObject } from '../streams';
import { listPages } from '../stripe/paginate';
import type { Query } from '../stripe/query';
import { toRfc3339 } from '../time';
import { REREAD_BOOKMARK } from './change-plan';
import type { Checkpoint } from './changes';
import { childObjects } from './children';
import { childErrorAction, classifyStreamError } from './classify';
import type { Emitter } from './emit';
import {
  arrivesTwice, emits, familyExpand, finishWindow, members, publishedName, rangeWindow, splitRange, type Family, type Member,
  type Range,
} from './family';
import { vanished, withFullIds } from './full-table';
import type { Window } from './plan';
import { withBookmark, type State } from './state';
import type { SyncDeps } from './sync';

type ChildMember = Member & { def: ChildStreamDef };

/** How many "children of this parent passed over" warnings a stream prints before only counting them. */
const PARENT_WARNINGS = 3;

/**
 * The mutable part of one sync: the state, which families stopped and which child streams were skipped.
 * Reads ranges of windows, emits their records, and commits bookmarks over finished prefixes.
 */
export class SyncRun implements Checkpoint {
  readonly failures: TapError[] = [];
  /** Streams whose changes could not be followed: their bookmarks go back to the start for the rest of this run. */
  private readonly uncovered = new Set<string>();
  /** Ids each deletable full-table family emitted in this run. */
  private readonly fullIds = new Map<Family, Set<string>>();
  private readonly stopped = new Set<Family>();
  /** Child streams skipped for the rest of the run (the key may not read them): their bookmarks stay. */
  private readonly skipped = new Set<string>();
  /** Per child stream: parents whose children could not be read (400/404 …), passed over with a warning. */
  private readonly passedOver = new Map<string, number>();
  /** Per child stream and reason: parents whose children Stripe does not serve, passed over without a request. */
  private readonly unreadable = new Map<string, number>();
  /** Ids emitted this run, for streams whose objects can arrive through several families (`alsoFrom`). */
  private readonly emittedIds = new Map<string, Set<string>>();
  /** Per stream: objects a server returned outside the requested created range, dropped. */
  private readonly outOfRange = new Map<string, number>();
  /** Streams that stopped before reading everything (failed, or refused to the key). */
  readonly incomplete = new Set<string>();
  private fatal: TapError | undefined;

  constructor(
    public state: State, private readonly deps: SyncDeps, private readonly emitter: Emitter,
    /** The run's end (unix seconds): the `updated` time of full-table records. */
    private readonly end: number,
  ) {}

  /** Whether every window of a family was read (it did not stop on an error). */
  completed(family: Family): boolean {
    return !this.stopped.has(family) && family.finished.size === family.windows.length;
  }

  async save(): Promise<void> {
    await this.deps.output.state(this.state as unknown as JsonObject);
  }

  uncover(stream: string, why: string): void {
    if (this.uncovered.has(stream)) return;
    this.uncovered.add(stream);
    this.incomplete.add(stream);
    // back to the start, not gone: a stream without a bookmark would be one change capture does not follow
    this.state = { ...this.state, bookmarks: { ...this.state.bookmarks, [stream]: { created: REREAD_BOOKMARK } } };
    this.deps.log.warn(`${stream}: its changes cannot be read (${why}); its history will be read again from the start next run`);
  }

  /** Reads a range of windows (splitting it when it holds more than a page) and commits what it can. */
  async range(range: Range, spawn: (more: Range[]) => void): Promise<void> {
    const family = range.family;
    if (this.fatal) throw this.fatal;
    if (this.stopped.has(family)) return;
    const expanding = family.children.filter((c) => (c.def.parentExpand ?? []).length > 0 && !this.skipped.has(c.def.name));
    try {
      if (range.testClock !== undefined) return await this.testClock(family, range.testClock);
      if (family.root.replication === 'snapshot') await this.snapshot(family);
      else if ((await this.list(family, rangeWindow(range), range.last > range.first)) === 'split') {
        spawn(splitRange(range));
        return;
      }
    } catch (raw) {
      const error = asTapError(raw);
      if (error instanceof PermissionError && expanding.length > 0) {
        // the list asked for expansions its children need (e.g. data.sources): find the refused ones, skip
        // their children, and read the range again
        await this.skipRefusedExpansions(family, expanding, error);
        return this.range(range, spawn);
      }
      this.stopFamily(family, error);
      return;
    }
    let committed: number | undefined;
    for (let i = range.first; i <= range.last; i += 1) committed = finishWindow(family, i) ?? committed;
    if (this.stopped.has(family)) return;
    if (family.root.replication === 'full') return this.finishFull(family);
    if (committed === undefined) return;
    for (const m of members(family)) {
      const name = m.selection.def.name;
      if (m.start < committed && !this.skipped.has(name) && !this.uncovered.has(name)) this.state = withBookmark(this.state, name, committed);
    }
    await this.save();
    const counts = members(family).map((m) => publishedName(m.selection.def)).map((s) => `${s} ${this.emitter.records.get(s) ?? 0}`).join(', ');
    this.deps.log.info(`${family.root.name}: synced through ${toRfc3339(committed)} (${family.finished.size}/${family.windows.length} windows; records: ${counts})`);
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
    for (const [what, count] of this.unreadable) this.deps.log.info(`${what}: ${count} parent(s) passed over`);
    for (const [stream, count] of this.passedOver) this.deps.log.warn(`${stream}: the children of ${count} parent(s) could not be read and were passed over`);
    for (const [stream, count] of this.outOfRange) this.deps.log.warn(`${stream}: the server returned ${count} object(s) outside the requested created range; dropped`);
  }

  /**
   * Reads one window's list to its end. A probing read (a range of several windows) gives up after the first
   * page when there are more, so that the range is read again window by window: checkpoints stay fine-grained
   * where data is dense, and sparse history costs one request per range instead of one per window.
   */
  private async list(family: Family, window: Window, probe: boolean, extra: Query = {}): Promise<'done' | 'split'> {
    const root = family.root;
    const query: Query = { ...(root.params ?? {}), ...extra };
    if (Number.isFinite(window.start)) query['created[gte]'] = window.start;
    if (Number.isFinite(window.end)) query['created[lt]'] = window.end;
    const active = family.children.filter((c) => !this.skipped.has(c.def.name));
    if (!family.rootMember && active.length === 0 && !family.feed) return 'done'; // every member skipped: nothing to read for
    const expand = familyExpand(family.root, active.map((c) => c.def));
    if (expand.length > 0) query['expand[]'] = expand;
    const key = replicationKey(root) ?? 'created';
    const rootMember = family.rootMember && emits(family.rootMember, window) ? family.rootMember : undefined;
    const context = { stream: root.name };
    let firstPage = true;
    const ids = root.deletable && rootMember ? this.fullIdsOf(family) : undefined;
    const paging = Number.isFinite(window.start) || Number.isFinite(window.end) ? { orderKey: key } : {};
    for await (const page of listPages(this.deps.client, root.path, query, context, paging)) {
      if (firstPage && probe && page.has_more) return 'split';
      firstPage = false;
      const parents = page.data.filter((o) => this.inWindow(root.name, o[key], window));
      const feed = family.feed;
      if (feed) for (const event of parents) if (Number(event['created']) >= feed.start) feed.sink(event);
      // expansions asked for the children go back to ids in the parent record (conformToSchema)
      for (const parent of rootMember ? parents : []) {
        ids?.add(String(parent['id']));
        await this.emit(rootMember!, parent, this.updatedOf(family, parent));
      }
      const children = active.filter((c) => emits(c, window) && !this.skipped.has(c.def.name));
      const full = root.replication === 'full';
      if (children.length > 0) await settleAll(parents.map((parent) => this.emitChildren(children, parent, this.updatedOf(family, parent), full)));
    }
    return 'done';
  }

  /** `updated` of a record read from history: its `created` (or `date`), the run's end for full-table reads. */
  private updatedOf(family: Family, object: JsonObject): number | undefined {
    if (family.root.replication === 'full') return this.end;
    const value = object[replicationKey(family.root) ?? 'created'];
    return typeof value === 'number' ? value : undefined;
  }

  private fullIdsOf(family: Family): Set<string> {
    let ids = this.fullIds.get(family);
    if (!ids) this.fullIds.set(family, (ids = new Set()));
    return ids;
  }

  /**
   * The family's objects attached to one test clock: the whole list, every run. Their `created` follows the
   * clock's frozen time, which may lie ahead of now, so no window would hold them; nothing is bookmarked.
   */
  private async testClock(family: Family, clock: string): Promise<void> {
    await this.list(family, { start: Number.NEGATIVE_INFINITY, end: Number.POSITIVE_INFINITY }, false, { test_clock: clock });
  }

  /** A server that ignores the created filter must not make records appear in every window. */
  private inWindow(stream: string, created: unknown, window: Window): boolean {
    if (typeof created !== 'number' || (created >= window.start && created < window.end)) return true;
    this.outOfRange.set(stream, (this.outOfRange.get(stream) ?? 0) + 1);
    return false;
  }

  /** Emits a parent's children (`updated`: their own `created`, else the parent's); failures are `childErrorAction`'s call. */
  private async emitChildren(children: ChildMember[], parent: JsonObject, parentUpdated: number | undefined, full: boolean): Promise<void> {
    for (const child of children) {
      const name = child.def.name;
      if (this.skipped.has(name)) continue;
      const unreadable = child.def.unreadable?.(parent);
      if (unreadable) {
        this.unreadable.set(`${name}: ${unreadable}`, (this.unreadable.get(`${name}: ${unreadable}`) ?? 0) + 1);
        continue;
      }
      try {
        for await (const items of childObjects(child.def, parent, this.deps.client, { stream: name })) {
          for (const item of items) {
            const own = item['created'];
            await this.emit(child, item, full || typeof own !== 'number' ? parentUpdated : own);
          }
        }
      } catch (raw) {
        const error = asTapError(raw);
        const action = childErrorAction(error);
        if (action === 'fail') throw error;
        if (action === 'skip-stream') this.skipChild(name, error.describe());
        else this.passOver(name, String(parent['id']), error);
      }
    }
  }

  private skipChild(name: string, why: string): void {
    if (this.skipped.has(name)) return;
    this.skipped.add(name);
    this.incomplete.add(name);
    this.deps.log.warn(`${name}: skipped: ${why}; grant the key read access to include it (its state stays where it was)`);
  }

  private passOver(name: string, parentId: string, error: TapError): void {
    const count = (this.passedOver.get(name) ?? 0) + 1;
    this.passedOver.set(name, count);
    if (count <= PARENT_WARNINGS) this.deps.log.warn(`${name}: children of ${parentId} passed over: ${error.describe()}`);
  }

  /**
   * Which of the children's expansions the key may not use: one small request per expansion tells. The
   * children behind a refused one are skipped; if none is refused alone, all of them are.
   */
  private async skipRefusedExpansions(family: Family, expanding: ChildMember[], error: PermissionError): Promise<void> {
    const refused: ChildMember[] = [];
    for (const child of expanding) {
      const expand = familyExpand(family.root, [child.def]);
      try {
        await this.deps.client.get(family.root.path, { ...(family.root.params ?? {}), limit: 1, 'expand[]': expand }, { stream: family.root.name });
      } catch (probe) {
        if (!(probe instanceof PermissionError)) throw probe;
        refused.push(child);
      }
    }
    for (const child of refused.length > 0 ? refused : expanding) {
      this.skipChild(child.def.name, `${family.root.name} with expand[]=${(child.def.parentExpand ?? []).join(',')}: ${error.describe()}`);
    }
  }

  private async snapshot(family: Family): Promise<void> {
    const member = family.rootMember;
    if (!member) return;
    const body = await this.deps.client.get(family.root.path, {}, { stream: family.root.name });
    await this.emitter.record(member.selection, { ...body, synced_at: toRfc3339(this.deps.client.serverNow()) }, undefined);
  }

  /** Emits a record once per run for streams read through several families (reviews, `alsoFrom`). */
  private async emit(member: Member, object: JsonObject, updated: number | undefined): Promise<void> {
    if (arrivesTwice(member.selection.def) && this.emittedBefore(publishedName(member.selection.def), object['id'])) return;
    await this.emitter.record(member.selection, object, updated);
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

/** Like Promise.all, but waits for every promise before rethrowing the first failure (no work left running). */
async function settleAll(promises: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
