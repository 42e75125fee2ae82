/**
 * The fake account's data: one sorted list per top stream, one list per parent for child streams,
 * and the side tables behind `expand[]` (discounts, plan tiers).
 */
import { findStream } from '../streams';
import type { JsonObject, TopStreamDef } from '../streams/types';
import { Collection, type Entry } from './collection';
import type { Rng } from './random';

/** Child streams whose lists Stripe serves newest first (their objects have `created`). */
const SORTED_CHILDREN = new Set([
  'transfer_reversals', 'application_fee_refunds', 'subscription_items', 'tax_ids', 'customer_balance_transactions',
  'payment_methods', 'persons', 'setup_attempts', 'payout_balance_transactions', 'issuing_tokens',
]);

export interface TopStore {
  def: TopStreamDef;
  list: Collection;
  byId: Map<string, Entry>;
  /** Removed objects: answered as deleted where Stripe does (a removed cursor is a 400, as at Stripe). */
  removed: Map<string, Entry>;
  /** Ids in creation order, for picking references. */
  ids: string[];
}

export class Store {
  readonly tops = new Map<string, TopStore>();
  readonly children = new Map<string, Map<string, Collection>>();
  readonly discounts = new Map<string, JsonObject>();
  readonly tiers = new Map<string, JsonObject[]>();
  /** Payment methods detached from their customer: still retrievable by id, with `customer: null`. */
  readonly detached = new Map<string, JsonObject>();
  /** Includable fields by object id, returned only when `expand[]` names them (see includable.ts). */
  readonly includables = new Map<string, JsonObject>();
  account: JsonObject = {};
  balance: JsonObject = {};
  /** Generated objects are created no later than this (unix seconds): one day before `now`. */
  readonly latestCreated: number;

  constructor(readonly nowSec: number) {
    this.latestCreated = nowSec - 86400;
  }

  hasTop(stream: string): boolean {
    return this.tops.has(stream);
  }

  top(stream: string): TopStore {
    let store = this.tops.get(stream);
    if (!store) {
      const def = findStream(stream);
      if (!def || def.kind !== 'top' || def.replication === 'snapshot') throw new Error(`not a list stream: ${stream}`);
      store = { def, list: new Collection(true), byId: new Map(), removed: new Map(), ids: [] };
      this.tops.set(stream, store);
    }
    return store;
  }

  /** `bulk`: append now, sort later with `sortAll` (dataset build); otherwise insert in place. */
  addTop(stream: string, entry: Entry, bulk = false): void {
    const store = this.top(stream);
    if (store.byId.has(entry.id)) throw new Error(`${stream}: duplicate id ${entry.id}`);
    store.byId.set(entry.id, entry);
    store.removed.delete(entry.id);
    store.ids.push(entry.id);
    if (bulk) store.list.push(entry);
    else store.list.insert(entry);
  }

  removeTop(stream: string, id: string): Entry | undefined {
    const store = this.top(stream);
    const entry = store.byId.get(id);
    if (!entry) return undefined;
    store.list.remove(id, entry);
    store.byId.delete(id);
    store.removed.set(id, entry);
    const i = store.ids.indexOf(id);
    if (i >= 0) store.ids.splice(i, 1);
    for (const lists of this.children.values()) {
      for (const list of lists.values()) if (list.sorted) list.remove(id, entry);
    }
    return entry;
  }

  replaceTop(stream: string, entry: Entry): void {
    const store = this.top(stream);
    store.byId.set(entry.id, entry);
    store.list.replace(entry);
    for (const lists of this.children.values()) {
      for (const list of lists.values()) if (list.sorted) list.replace(entry);
    }
  }

  sortAll(): void {
    for (const store of this.tops.values()) store.list.sortAll();
    for (const lists of this.children.values()) for (const list of lists.values()) list.sortAll();
  }

  entry(stream: string, id: string): Entry | undefined {
    return this.tops.get(stream)?.byId.get(id);
  }

  ids(stream: string): readonly string[] {
    return this.tops.get(stream)?.ids ?? [];
  }

  pickId(stream: string, rng: Rng): string | undefined {
    const ids = this.ids(stream);
    return ids.length ? rng.pick(ids) : undefined;
  }

  childList(stream: string, parentId: string, create: true): Collection;
  childList(stream: string, parentId: string, create?: false): Collection | undefined;
  childList(stream: string, parentId: string, create = false): Collection | undefined {
    let lists = this.children.get(stream);
    if (!lists) {
      if (!create) return undefined;
      lists = new Map();
      this.children.set(stream, lists);
    }
    let list = lists.get(parentId);
    if (!list && create) {
      list = new Collection(SORTED_CHILDREN.has(stream));
      lists.set(parentId, list);
    }
    return list;
  }
}
