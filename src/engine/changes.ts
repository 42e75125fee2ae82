/**
 * Change capture: the changes a run's events add up to (a ChangeSet, fed by the window engine's read of
 * `/v1/events`) become records of the objects' current versions and tombstones of the deleted ones, oldest
 * change first; the events cursor moves only over the prefix of changes whose records were all emitted.
 *
 * The current version is re-read at the pinned API version with the stream's expansions. The event's own
 * object stands in for that request only where it is provably the same: the event was rendered at the pinned
 * version, the stream needs no expansion, and no other event of the same second competes.
 */
import { replicationKey } from '../catalog';
import { AuthError, FatalApiError, InterruptedError, PermissionError, asTapError, type TapError } from '../errors';
import type { Logger } from '../log';
import { childrenOf, rootOf, type ChildStreamDef, type JsonObject, type TopStreamDef } from '../streams';
import type { StripeClient } from '../stripe/client';
import { toRfc3339, toUnixSeconds } from '../time';
import type { CapturedStream, ChangePlan } from './change-plan';
import { ChangeSet, type Change } from './change-set';
import { childErrorAction } from './classify';
import { childObjects, embeddedChildKeys, recordKey } from './children';
import type { Emitter } from './emit';
import { familyExpand, forOneObject } from './family';
import { runPool } from './scheduler';
import type { State } from './state';

/** The run's state as change capture moves it. */
export interface Checkpoint {
  state: State;
  /** Emits the state. */
  save(): Promise<void>;
  /** A stream whose changes cannot be read: its bookmark goes back to the start, so that its history is read again next run. */
  uncover(stream: string, why: string): void;
}

export interface ChangeDeps {
  client: StripeClient;
  log: Logger;
  emitter: Emitter;
  checkpoint: Checkpoint;
}

/** A STATE at least every this many finished changes. */
const SAVE_EVERY = 100;

export class ChangeCapture {
  readonly set: ChangeSet;
  readonly failures: TapError[] = [];
  private readonly counts = { reread: 0, fromEvent: 0, leftToHistory: 0, passedOver: 0, beforeStart: 0 };

  constructor(
    private readonly plan: ChangePlan, private readonly deps: ChangeDeps, private readonly concurrency: number,
    /** The run's end: history windows read objects created before it. */
    private readonly end: number,
  ) {
    this.set = new ChangeSet((def) => this.plan.captured.has(def.name)
      || (def.kind === 'top' && childrenOf(def.name).some((c) => this.all(c.name) !== undefined)));
  }

  /**
   * Applies the changes read, then moves the events cursor: to `end` when the read of the events was
   * complete and every change was emitted, else to the oldest event of the first change not emitted.
   */
  async apply(readComplete: boolean): Promise<void> {
    const end = this.end;
    const changes = this.set.ordered();
    const done = changes.map(() => false);
    let open = 0;
    let saved = 0;
    await runPool(changes.map((_, i) => i), this.concurrency, async (i) => {
      done[i] = await this.applySafely(changes[i]!);
      while (open < changes.length && done[open]) open += 1;
      if (readComplete && open - saved >= SAVE_EVERY) {
        saved = open;
        this.moveCursor(open < changes.length ? changes[open]!.since : end);
        await this.deps.checkpoint.save();
      }
    });
    if (readComplete) this.moveCursor(open < changes.length ? changes[open]!.since : end);
    this.summarize(changes.length);
  }

  private async applySafely(change: Change): Promise<boolean> {
    try {
      await this.applyOne(change);
      return true;
    } catch (raw) {
      const error = asTapError(raw);
      if (error instanceof AuthError) throw error;
      if (error instanceof InterruptedError) return false; // not emitted: the cursor stays before it
      if (error instanceof PermissionError) {
        this.deps.checkpoint.uncover(error.stream ?? change.def.name, error.describe());
        return true;
      }
      if (this.failures.length < 3) this.deps.log.error(`change capture: ${change.def.name} ${change.id}: ${error.describe()}`);
      this.failures.push(error);
      return false;
    }
  }

  private async applyOne(change: Change): Promise<void> {
    const def = change.def;
    if (this.beforeStartDate(change)) {
      this.counts.beforeStart += 1; // history never read it: a change does not bring it in either
      return;
    }
    if (def.kind === 'top') {
      if (change.action === 'delete') return this.deleteTop(def, change.id, change);
      return this.refreshTop(def, change.id, change, false);
    }
    if (change.action === 'delete') return this.tombstoneChild(def, change);
    if (def.retrieve) return this.refreshChild(def, change);
    // a child without an endpoint of its own (an invoice's discount): its parent is read again
    if (change.parentId) await this.refreshTop(rootOf(def), change.parentId, change, true);
  }

  /** A changed object (or the parent of a changed child) and its selected children, as they are now. */
  private async refreshTop(def: TopStreamDef, id: string, change: Change, viaChild: boolean): Promise<void> {
    const self = this.all(def.name);
    const kids = childrenOf(def.name).map((c) => this.all(c.name)).filter((c): c is CapturedStream => c !== undefined);
    if (!self && kids.length === 0) return;
    // children its previous versions had are found only here: then it is read now (history cannot tell)
    const lostChildren = kids.some((k) => change.previous.some((p) => embeddedChildKeys(k.selection.def as ChildStreamDef, id, p) !== undefined));
    if (!viaChild && !lostChildren && this.leftToHistory(change.object, [self, ...kids])) {
      this.counts.leftToHistory += 1; // history reads it in this run, as it is then
      return;
    }
    const expand = forOneObject(familyExpand(def, kids.map((k) => k.selection.def as ChildStreamDef)));
    const object = !viaChild && change.exact && expand.length === 0
      ? this.fromEvent(change)
      : await this.reread(def.name, (def.retrieve ?? `${def.path}/{id}`).replace('{id}', encodeURIComponent(id)), expand);
    if (!object) return this.deleteTop(def, id, viaChild ? undefined : change, this.deps.client.serverNow());
    if (self) await this.deps.emitter.record(self.selection, object, change.time);
    for (const kid of kids) await this.emitChildren(kid, id, object, viaChild ? undefined : change, change.time);
  }

  /** Every child of one parent, and tombstones for the ones the event's previous version had and the parent lost. */
  private async emitChildren(kid: CapturedStream, parentId: string, parent: JsonObject, change: Change | undefined, time: number): Promise<void> {
    const def = kid.selection.def as ChildStreamDef;
    const current = new Set<string>();
    try {
      for await (const items of childObjects(def, parent, this.deps.client, { stream: def.name })) {
        for (const item of items) {
          current.add(recordKey(def, item));
          await this.deps.emitter.record(kid.selection, item, time);
        }
      }
    } catch (raw) {
      const error = asTapError(raw);
      const action = childErrorAction(error);
      if (action === 'fail') throw error;
      if (action === 'skip-stream') this.deps.checkpoint.uncover(def.name, error.describe());
      else this.counts.passedOver += 1;
      return;
    }
    const gone = new Set<string>();
    for (const previous of change?.previous ?? []) {
      for (const key of embeddedChildKeys(def, parentId, previous) ?? []) {
        const k = recordKey(def, key);
        if (current.has(k) || gone.has(k)) continue;
        gone.add(k);
        await this.deps.emitter.tombstone(kid.selection, key, time);
      }
    }
  }

  /** A changed child with an endpoint of its own: read again, unless the event carries it exactly. */
  private async refreshChild(def: ChildStreamDef, change: Change): Promise<void> {
    const kid = this.all(def.name);
    const parentId = change.parentId;
    if (!kid || parentId === undefined || !def.retrieve) return;
    const path = def.retrieve.replace('{parent}', encodeURIComponent(parentId)).replace('{id}', encodeURIComponent(change.id));
    // the child's list may expand includable fields (an Issuing token's network_data): the retrieve must too
    const expand = forOneObject(def.source.kind === 'endpoint' || def.source.kind === 'list' ? def.source.expand ?? [] : []);
    const object = change.exact && expand.length === 0 ? this.fromEvent(change) : await this.reread(def.name, path, expand);
    // gone, or no longer attached to the parent (a detached payment method says `customer: null`)
    if (!object || object[def.parentKey] === null) {
      await this.deps.emitter.tombstone(kid.selection, childKey(def, parentId, change.id), this.deps.client.serverNow());
      return;
    }
    await this.deps.emitter.record(kid.selection, { ...object, [def.parentKey]: parentId }, change.time);
  }

  private async tombstoneChild(def: ChildStreamDef, change: Change): Promise<void> {
    const kid = this.plan.captured.get(def.name);
    if (!kid) return;
    await this.deps.emitter.tombstone(kid.selection, childKey(def, change.parentId, change.id), change.time, change.exact ? change.object : {});
  }

  /** Tombstones of a deleted object and of the children its last version shows. */
  private async deleteTop(def: TopStreamDef, id: string, change: Change | undefined, at?: number): Promise<void> {
    const time = at ?? change?.time ?? this.deps.client.serverNow();
    const self = this.plan.captured.get(def.name);
    if (self) await this.deps.emitter.tombstone(self.selection, { id }, time, change?.exact && change.action === 'delete' ? change.object : {});
    if (!change) return;
    for (const child of childrenOf(def.name)) {
      const kid = this.plan.captured.get(child.name);
      if (!kid) continue;
      const keys = new Map<string, JsonObject>();
      for (const shown of [change.object, ...change.previous]) {
        for (const key of embeddedChildKeys(child, id, shown) ?? []) keys.set(recordKey(child, key), key);
      }
      for (const key of keys.values()) await this.deps.emitter.tombstone(kid.selection, key, time);
    }
  }

  /**
   * Whether this run's history windows read the object anyway: created inside every member's window range.
   * An object on a test clock is not (its `created` follows the clock; it is listed per clock, where a
   * deleted one simply no longer shows), nor one of a stream whose list leaves some out (reviews: open ones
   * only; the others are read through the objects that name them, which history may not read again).
   */
  private leftToHistory(object: JsonObject, members: (CapturedStream | undefined)[]): boolean {
    const created = object['created'];
    if (typeof created !== 'number' || created >= this.end || typeof object['test_clock'] === 'string') return false;
    const listsAll = (def: CapturedStream['selection']['def']): boolean => def.kind !== 'top' || !def.alsoFrom?.length;
    return members.every((m) => m === undefined || (created >= m.historyStart && listsAll(m.selection.def)));
  }

  private fromEvent(change: Change): JsonObject {
    this.counts.fromEvent += 1;
    return change.object;
  }

  /** The object as Stripe serves it now, or undefined when it is gone (404 `resource_missing`, or `deleted: true`). */
  private async reread(stream: string, path: string, expand: string[]): Promise<JsonObject | undefined> {
    this.counts.reread += 1;
    try {
      const body = await this.deps.client.get(path, expand.length > 0 ? { 'expand[]': expand } : {}, { stream });
      return body['deleted'] === true ? undefined : body;
    } catch (error) {
      if (error instanceof FatalApiError && error.status === 404 && error.code === 'resource_missing') return undefined;
      throw error;
    }
  }

  private all(stream: string): CapturedStream | undefined {
    const captured = this.plan.captured.get(stream);
    return captured?.mode === 'all' ? captured : undefined;
  }

  /**
   * The state's events cursor moves to `to` (never back); streams with a cursor of their own are covered up
   * to `to` as well, and drop it once the state's cursor covers them.
   */
  private moveCursor(to: number): void {
    const state = this.deps.checkpoint.state;
    const old = state.events ? toUnixSeconds(state.events.created) : undefined;
    const global = Math.max(old ?? to, to);
    const bookmarks = { ...state.bookmarks };
    for (const stream of this.plan.captured.keys()) {
      const bookmark = bookmarks[stream];
      if (!bookmark?.events) continue;
      const covered = Math.max(toUnixSeconds(bookmark.events), to);
      const { events: _own, ...rest } = bookmark;
      bookmarks[stream] = covered >= global ? rest : { ...rest, events: toRfc3339(covered) };
    }
    this.deps.checkpoint.state = { ...state, bookmarks, events: { created: toRfc3339(global) } };
  }

  /**
   * An object of a top stream synced by `created` windows, created before `start_date`. Not a child: history
   * reads children through their parent's windows, whatever their own `created`; nor an object of a test
   * clock, which history reads whole.
   */
  private beforeStartDate(change: Change): boolean {
    const def = change.def;
    if (this.plan.startDate <= 0 || def.kind !== 'top' || def.replication !== 'created') return false;
    if (typeof change.object['test_clock'] === 'string') return false;
    const created = change.object[replicationKey(def) ?? 'created'];
    return typeof created === 'number' && created < this.plan.startDate;
  }

  private summarize(changes: number): void {
    const { reread, fromEvent, leftToHistory, passedOver, beforeStart } = this.counts;
    const tombstones = [...this.deps.emitter.tombstones.values()].reduce((a, b) => a + b, 0);
    this.deps.log.info(`change capture: ${this.set.events} event(s) read, ${changes} changed object(s); ${reread} read again, `
      + `${fromEvent} taken from their event (${fromEvent} request(s) saved), ${leftToHistory} left to this run's history, `
      + `${tombstones} tombstone(s)${passedOver > 0 ? `, ${passedOver} parent(s) whose children could not be read` : ''}`
      + `${beforeStart > 0 ? `, ${beforeStart} created before start_date (not synced)` : ''}`);
    if (this.set.unknown.size > 0) {
      const total = [...this.set.unknown.values()].reduce((a, b) => a + b, 0);
      const types = [...this.set.unknown].map(([t, n]) => `${t} (${n})`).join(', ');
      this.deps.log.info(`change capture: ignored ${total} event(s) of type(s) the tap does not map: ${types}`);
    }
  }
}

function childKey(def: ChildStreamDef, parentId: string | undefined, id: string): JsonObject {
  return { id, ...(parentId === undefined ? {} : { [def.parentKey]: parentId }) };
}
